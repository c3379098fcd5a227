"""The index of a review at every level of the 1+3+N+X model, as a JSON-ready document.

N: one index per unit with every part shown; 3: one per unit group (the review config's
``group``); 1: the county; X: the special indices. Groups and the county are the unit-equal
or case-weighted mean of their units' indices (configuration, printed in the report).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from evaltool.config import ReviewConfig
from evaltool.diff import year_over_year
from evaltool.errors import EvaltoolError
from evaltool.index.config import AGGREGATIONS, CASE_WEIGHTED, DIRECTIONS, METHODS, IndexConfig
from evaltool.index.extra import read_external
from evaltool.index.facts import results_facts
from evaltool.index.formulas import FORMULAS, Sources
from evaltool.index.normalise import describe
from evaltool.index.parts import UnitIndex, combine, raw_values, spans
from evaltool.index.sensitivity import top_fixes
from evaltool.rectify.ledger import build_ledger
from evaltool.rectify.status import read_ledgers, status_of
from evaltool.render.filters import number
from evaltool.score.results import shown_path, standards_of, tool_info
from evaltool.score.uncertainty import MIN_FILES, Ranked, interval, rank_ranges, rank_text

INDEX_FORMAT = "evaltool-index/1"
SHIPPED_NOTE = (
    "本指数使用 evaltool 自带的默认指数配置：指标和权重只是起点，请按本地实际调整后使用"
    "（evaltool index --show-config 可导出配置，说明见 docs/index.md）"
)
UNGROUPED = "未分组"


def compute_index(
    results: dict[str, Any],
    config: IndexConfig,
    *,
    review_config: ReviewConfig | None = None,
    ledgers: Iterable[str | Path] = (),
    extra: str | Path | None = None,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The index document of a results document (docs/index.md).

    ``ledgers``: the returned 整改台账 of the previous round (整改率), checked against the
    results they were issued from (``previous`` or these); ``extra``: the workbook of external
    values. A ledger that cannot be read is left out with a note; raises EvaltoolError when no
    ledger, or the workbook, can be read.
    """
    review_config = review_config or ReviewConfig()
    facts = results_facts(results, review_config)
    ledgers = [str(p) for p in ledgers]
    rectification, ledger_notes, refused = (
        _rectification(ledgers, [previous, results], review_config) if ledgers else (None, [], [])
    )
    sources = Sources(
        rectification=rectification,
        external=read_external(
            extra, {i.column for i in config.indicators if i.column}, facts.units
        )
        if extra
        else None,
    )
    raws = {u.name: raw_values(u, config, facts, sources) for u in facts.units}
    ranges = spans(config, raws)
    everywhere = frozenset(
        i.id
        for i in config.indicators
        if raws and all(unit_raws[i.id].value is None for unit_raws in raws.values())
    )
    indices = [
        combine(u, raws[u.name], config, facts, ranges, dropped_everywhere=everywhere)
        for u in facts.units
    ]
    units = [_unit_entry(entry) for entry in indices]
    for entry, unit_index in zip(units, indices, strict=True):
        if unit_index.index is not None:
            entry["sensitivity"] = top_fixes(unit_index, config, facts, sources, ranges)

            def index_of(cases, unit=unit_index.unit):
                again = replace(unit, cases=tuple(cases))
                raws_again = raw_values(again, config, facts, sources)
                return combine(
                    again, raws_again, config, facts, ranges, dropped_everywhere=everywhere
                ).index

            entry["interval"] = _span(interval(unit_index.unit.cases, index_of, seed=entry["unit"]))
    _rank(units)
    groups = _groups(units, config)
    external = sources.external
    return {
        "format": INDEX_FORMAT,
        "title": config.title,
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "tool": tool_info(),
        "config": config_entry(config, facts.total),
        "results": results_identity(results),
        "sources": {"ledgers": ledgers, "extra": str(extra) if extra else None},
        "notes": _global_notes(config, raws, everywhere, external) + ledger_notes,
        "problems": refused + (external.problems if external else []),
        "year_over_year": year_over_year(previous, results) if previous else None,
        "county": _aggregate(units, config),
        "groups": groups,
        "units": sorted(units, key=lambda u: (u["rank"] is None, u["rank"] or 0)),
        "special": [
            {"id": s.id, "title": s.title, "description": s.description, "weights": s.weights}
            for s in config.special
        ],
    }


def results_identity(results: dict[str, Any]) -> dict[str, Any]:
    """Which results document an index was computed from."""
    standards = standards_of(results).values()
    return {
        "generated_at": results.get("generated_at"),
        "review_date": results.get("review_date"),
        "checklist": "、".join(f"{c['id']} {c['version']}" for c in standards),
        "checklist_title": "》《".join(c.get("title", "") for c in standards),
        "cases": len(results["cases"]),
    }


def _rectification(
    ledgers: list[str], candidates: list[dict[str, Any] | None], review_config: ReviewConfig
) -> tuple[dict[str, Any], list[str], list[str]]:
    """整改 tallies per unit, notes, and the ledgers refused (unreadable: left out, their units
    count as not returned; EvaltoolError when none can be read). The problems issued come from
    the results the ledgers were made from (by their ``generated_at``), so a unit that returned
    nothing still counts."""
    files, errors = read_ledgers(ledgers)
    if errors and not files:
        raise EvaltoolError("\n".join(errors))
    refused = [f"整改台账未能读取，未计入（其中的单位按未反馈台账计）：{e}" for e in errors]
    made_from = {f.meta.get("results_generated_at") for f in files}
    returned = {row.key.id for f in files for row in f.rows}
    issued = None
    for candidate in candidates:
        if candidate is None or candidate.get("generated_at") not in made_from:
            continue
        reference = build_ledger(candidate, issued=dt.date.today(), workdays=0)
        if returned <= {key.id for key in reference.keys}:
            issued = reference
            break
    if issued is None:
        note = (
            "所给整改台账不是由本次评查结果（或所给的上一轮结果）生成的，无法核对哪些单位没有"
            "反馈台账：整改率只按交回的台账计算"
        )
        report = status_of(files, errors)
        return {tally.unit: tally for tally in report.units}, [note], refused
    report = status_of(files, errors, reference=issued, reviewers=review_config.reviewers)
    return {tally.unit: tally for tally in report.units}, [], refused


def config_entry(config: IndexConfig, total: float) -> dict[str, Any]:
    weights = sum(i.weight for i in config.indicators)
    return {
        "id": config.id,
        "title": config.title,
        "version": config.version,
        "description": config.description,
        "path": shown_path(config.path),
        "shipped": config.shipped,
        "aggregation": config.aggregation,
        "aggregation_text": AGGREGATIONS[config.aggregation],
        "provisional_below": config.provisional_below,
        "indicators": [
            {
                "id": i.id,
                "title": i.title,
                "formula": i.formula,
                "formula_text": _formula_text(i),
                "description": i.description,
                "weight": i.weight,
                "weight_share": i.weight / weights,
                "direction": i.direction,
                "direction_text": DIRECTIONS[i.direction],
                "normalise": i.normalisation.method,
                "normalise_text": f"{METHODS[i.normalisation.method]}：{describe(i, total)}",
            }
            for i in config.indicators
        ],
    }


def _formula_text(indicator) -> str:
    text = FORMULAS[indicator.formula].title
    if indicator.checks:
        text += f"（{'、'.join(indicator.checks)}）"
    if indicator.column:
        text += f"（「{indicator.column}」列）"
    if indicator.strict:
        text += "（仅计已销号）"
    return text


def _unit_entry(unit_index: UnitIndex) -> dict[str, Any]:
    unit = unit_index.unit
    return {
        "unit": unit.name,
        "full_name": unit.full_name,
        "group": unit.group,
        "in_scope": unit.in_scope,
        "cases": len(unit.cases),
        "note": "" if unit.cases else unit.note,
        "index": _round(unit_index.index),
        "provisional": unit_index.provisional,
        "rank": None,
        "group_rank": None,
        "interval": None,  # bootstrap interval of the index over the unit's files
        "rank_range": None,
        "rank_text": None,
        "few_files": len(unit.cases) < MIN_FILES,
        "parts": [
            {
                "id": p.indicator.id,
                "title": p.indicator.title,
                "raw": _round(p.raw.value, 4),
                "raw_text": p.raw.text,
                "explanation": p.raw.explanation,
                "inputs": p.raw.inputs,
                "assessed": _round(p.raw.assessed, 4),
                "provisional": p.provisional,
                "normalised": _round(p.normalised),
                "arithmetic": p.arithmetic,
                "weight_share": round(p.weight_share, 4),
                "weight_used": round(p.weight_used, 4),
                "points": _round(p.points, 4),  # shown to 2 decimals; kept finer for sums
            }
            for p in unit_index.parts
        ],
        "special": [
            {"id": key, "value": _round(value)} for key, value in unit_index.special.items()
        ],
        "notes": unit_index.notes,
        "sensitivity": None,
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _span(span: tuple[float, float] | None) -> list[float] | None:
    return list(span) if span else None


def _rank(units: list[dict[str, Any]]) -> None:
    """Rank by index (as shown, 2 decimals), equal indices sharing a rank; also within groups.
    Each ranked unit also gets the range of ranks its uncertainty allows (docs/index.md)."""
    ranked = [u for u in units if u["index"] is not None]
    spans = rank_ranges(
        [
            Ranked(u["index"], tuple(u["interval"]) if u["interval"] else None, u["cases"])
            for u in ranked
        ]
    )
    for unit, (low, high) in zip(ranked, spans, strict=True):
        unit["rank_range"] = [low, high]
        unit["rank_text"] = rank_text(low, high)
        unit["few_files"] = unit["cases"] < MIN_FILES
    for unit in ranked:
        unit["rank"] = 1 + sum(other["index"] > unit["index"] for other in ranked)
        unit["group_rank"] = 1 + sum(
            other["index"] > unit["index"] for other in ranked if other["group"] == unit["group"]
        )


def _aggregate(units: list[dict[str, Any]], config: IndexConfig) -> dict[str, Any]:
    """The mean of the units' indices (and of each part and special index) as configured."""
    counted = [u for u in units if u["index"] is not None]

    def mean(values: list[tuple[dict, float | None]]) -> float | None:
        pairs = [(u["cases"] if config.aggregation == CASE_WEIGHTED else 1, v) for u, v in values]
        pairs = [(w, v) for w, v in pairs if v is not None]
        weight = sum(w for w, _ in pairs)
        return round(sum(w * v for w, v in pairs) / weight, 2) if weight else None

    return {
        "index": mean([(u, u["index"]) for u in counted]),
        "units": len(units),
        "units_with_index": len(counted),
        "cases": sum(u["cases"] for u in units),
        "parts": {
            i.id: mean([(u, _part(u, i.id)["normalised"]) for u in counted])
            for i in config.indicators
        },
        "special": {s.id: mean([(u, _special(u, s.id)) for u in counted]) for s in config.special},
    }


def _part(unit: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(p for p in unit["parts"] if p["id"] == indicator_id)


def _special(unit: dict[str, Any], special_id: str) -> float | None:
    return next(s["value"] for s in unit["special"] if s["id"] == special_id)


def _groups(units: list[dict[str, Any]], config: IndexConfig) -> list[dict[str, Any]]:
    names = list(dict.fromkeys(u["group"] for u in units))
    if names == [""]:
        return []
    groups = [
        {"group": name or UNGROUPED, **_aggregate([u for u in units if u["group"] == name], config)}
        for name in names
    ]
    for group in groups:
        group["rank"] = (
            None
            if group["index"] is None
            else 1 + sum(o["index"] is not None and o["index"] > group["index"] for o in groups)
        )
    return groups


def _global_notes(config, raws, everywhere, external) -> list[str]:
    notes = []
    weights = sum(i.weight for i in config.indicators)
    dropped = [i for i in config.indicators if i.id in everywhere and i.weight]
    for indicator in dropped:
        reasons = Counter(unit_raws[indicator.id].explanation for unit_raws in raws.values())
        reason = reasons.most_common(1)[0][0]
        notes.append(f"{indicator.title}（{indicator.id}）所有单位均无数据（{reason}），未计入指数")
    if dropped:
        kept = weights - sum(i.weight for i in dropped)
        if kept:
            notes.append(f"其余指标的权重按比例放大 {number(weights / kept, 4)} 倍，合计仍为 100%")
    if external:
        notes += external.notes
    return notes
