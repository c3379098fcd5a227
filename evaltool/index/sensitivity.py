"""Which problems, if fixed, would raise a unit's mean score and index most.

For each checklist item with problems in the unit, every problem of that item is taken as
fixed (the finding passes and deducts nothing), the unit's files are re-scored and its index
recomputed, everything else unchanged: other units' values, the weights, and the min–max
range of this run. The items are ranked by the rise of the index, then of the mean score.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from statistics import mean
from typing import Any

from evaltool.index.config import IndexConfig
from evaltool.index.facts import FAIL, PASS, ResultsFacts
from evaltool.index.formulas import Sources, file_value
from evaltool.index.normalise import Bounds
from evaltool.index.parts import UnitIndex, combine, raw_values
from evaltool.score.case import deducted_score
from evaltool.score.metrics import is_problem

TOP = 3


def fix_case(case: dict[str, Any], items: set[str], total: float) -> dict[str, Any]:
    """The file as if its problems on these items were fixed, re-scored (score before any veto
    effect; ``vetoed`` while another veto item still fails)."""
    if not any(is_problem(f) and f["item_id"] in items for f in case["findings"]):
        return case
    findings = [
        {**f, "outcome": PASS, "deduction": 0.0} if is_problem(f) and f["item_id"] in items else f
        for f in case["findings"]
    ]
    veto_items = [f["item_id"] for f in findings if f["veto"] and f["outcome"] == FAIL]
    return {
        **case,
        "findings": findings,
        "score": deducted_score(total, (f["deduction"] for f in findings)),
        "vetoed": bool(veto_items),
        "veto_items": veto_items,
    }


def mean_file_value(cases: Iterable[dict[str, Any]]) -> float | None:
    values = [file_value(c) for c in cases]
    return mean(values) if values else None


def top_fixes(
    base: UnitIndex,
    config: IndexConfig,
    facts: ResultsFacts,
    sources: Sources,
    ranges: Mapping[str, Bounds | None],
    *,
    count: int = TOP,
) -> dict[str, Any]:
    """The ``count`` items whose fixing helps most, each on its own, and all of them together."""
    unit = base.unit
    problems = Counter(f["item_id"] for c in unit.cases for f in c["findings"] if is_problem(f))
    files = Counter(
        item for c in unit.cases for item in {f["item_id"] for f in c["findings"] if is_problem(f)}
    )
    before = mean_file_value(unit.cases)

    def what_if(items: set[str]) -> tuple[float | None, float | None]:
        fixed = replace(unit, cases=tuple(fix_case(c, items, facts.total) for c in unit.cases))
        after = combine(fixed, raw_values(fixed, config, facts, sources), config, facts, ranges)
        return mean_file_value(fixed.cases), after.index

    order = list(facts.items)
    fixes = []
    for item_id in problems:
        mean_after, index_after = what_if({item_id})
        item = facts.items.get(item_id, {})
        fixes.append(
            {
                "item_id": item_id,
                "title": item.get("title", item_id),
                "veto": item.get("veto", False),
                "problems": problems[item_id],
                "files": files[item_id],
                **_gains(before, mean_after, base.index, index_after),
            }
        )
    fixes.sort(
        key=lambda f: (
            -(f["index_gain"] or 0),
            -(f["score_gain"] or 0),
            -f["problems"],
            order.index(f["item_id"]) if f["item_id"] in order else len(order),
        )
    )
    chosen = [f for f in fixes if (f["index_gain"] or 0) > 0 or (f["score_gain"] or 0) > 0][:count]
    together = None
    if chosen:
        mean_after, index_after = what_if({f["item_id"] for f in chosen})
        together = _gains(before, mean_after, base.index, index_after)
    return {"problems": sum(problems.values()), "fixes": chosen, "together": together}


def _gains(mean_before, mean_after, index_before, index_after) -> dict[str, Any]:
    def rounded(value):
        return None if value is None else round(value, 2)

    def gain(after, before):
        return None if after is None or before is None else round(after - before, 2)

    return {
        "score_before": rounded(mean_before),
        "score_after": rounded(mean_after),
        "score_gain": gain(mean_after, mean_before),
        "index_before": rounded(index_before),
        "index_after": rounded(index_after),
        "index_gain": gain(index_after, index_before),
    }
