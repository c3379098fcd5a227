"""One unit's index from its indicators: raw value → 0–100 → × weight → points; Σ points = index.

An indicator without data for the unit is dropped and the other weights are scaled up so
that they still add up to 100% (renormalisation), with a note. A unit without graded files
gets no index (无案卷 / 未评查), never 0. A part is provisional (暂定) when less than the
configured share of what it covers was assessed; the index is provisional when a part is.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from evaltool.index.config import MINMAX, IndexConfig, Indicator
from evaltool.index.facts import ResultsFacts, UnitFacts
from evaltool.index.formulas import FORMULAS, Raw, Sources
from evaltool.index.normalise import Bounds, bounds, normalise
from evaltool.render.filters import number, percent


@dataclass(frozen=True)
class Part:
    """An indicator's contribution to one unit's index, with every step of the arithmetic."""

    indicator: Indicator
    raw: Raw
    normalised: float | None
    arithmetic: str  # how the 0–100 value came from the raw value
    weight_share: float  # the configured weight as a share of all weights of the index
    weight_used: float  # after renormalisation; 0 when the indicator is dropped
    provisional: bool

    @property
    def points(self) -> float | None:
        return None if self.normalised is None else self.normalised * self.weight_used


@dataclass
class UnitIndex:
    unit: UnitFacts
    parts: list[Part]
    index: float | None  # exact; reports round to 2 decimals
    provisional: bool
    notes: list[str] = field(default_factory=list)
    special: dict[str, float | None] = field(default_factory=dict)


def raw_values(
    unit: UnitFacts, config: IndexConfig, facts: ResultsFacts, sources: Sources
) -> dict[str, Raw]:
    """Every indicator's raw value for the unit."""
    return {i.id: FORMULAS[i.formula].compute(unit, i, facts, sources) for i in config.indicators}


def spans(config: IndexConfig, raws: Mapping[str, Mapping[str, Raw]]) -> dict[str, Bounds | None]:
    """The lowest and highest raw value of each min–max indicator across units."""
    return {
        i.id: bounds(unit_raws[i.id].value for unit_raws in raws.values())
        for i in config.indicators
        if i.normalisation.method == MINMAX
    }


def weighted_mean(
    values: Mapping[str, float | None], weights: Mapping[str, float]
) -> tuple[float | None, dict[str, float]]:
    """Σ weight × value over the values present, the weights rescaled to add up to 1.

    Returns the mean (None when no weighted value is present) and the rescaled weights.
    """
    present = {k: w for k, w in weights.items() if w > 0 and values.get(k) is not None}
    total = sum(present.values())
    if not total:
        return None, {}
    used = {k: w / total for k, w in present.items()}
    return sum(values[k] * share for k, share in used.items()), used


def needs_files(config: IndexConfig, weights: Mapping[str, float]) -> bool:
    """Whether an index with these weights rests on the results' files (none: 无案卷)."""
    return any(FORMULAS[config.indicator(k).formula].from_results for k, w in weights.items() if w)


def combine(
    unit: UnitFacts,
    raws: Mapping[str, Raw],
    config: IndexConfig,
    facts: ResultsFacts,
    ranges: Mapping[str, Bounds | None],
    *,
    dropped_everywhere: frozenset[str] = frozenset(),
) -> UnitIndex:
    """The unit's index and special indices from its raw values.

    ``dropped_everywhere``: indicators without data for every unit; the report says so once
    instead of in every unit's notes.
    """
    normalised: dict[str, float | None] = {}
    arithmetic: dict[str, str] = {}
    for indicator in config.indicators:
        raw = raws[indicator.id]
        if raw.value is None:
            normalised[indicator.id], arithmetic[indicator.id] = None, ""
            continue
        normalised[indicator.id], arithmetic[indicator.id] = normalise(
            raw.value, indicator, total=facts.total, span=ranges.get(indicator.id)
        )
    weights = {i.id: i.weight for i in config.indicators}
    all_weight = sum(weights.values())
    no_files = not unit.cases and needs_files(config, weights)
    index, used = (None, {}) if no_files else weighted_mean(normalised, weights)
    parts = [
        Part(
            indicator=i,
            raw=raws[i.id],
            normalised=normalised[i.id],
            arithmetic=arithmetic[i.id],
            weight_share=i.weight / all_weight,
            weight_used=used.get(i.id, 0.0),
            provisional=_provisional(raws[i.id], config),
        )
        for i in config.indicators
    ]
    notes = [] if no_files else _notes(parts, used, dropped_everywhere)
    if index is None and not no_files:
        notes.append("各项指标均无数据，无法计算指数")
    special = {}
    for special_index in config.special:
        if not unit.cases and needs_files(config, special_index.weights):
            special[special_index.id] = None
        else:
            special[special_index.id] = weighted_mean(normalised, special_index.weights)[0]
    return UnitIndex(
        unit=unit,
        parts=parts,
        index=index,
        provisional=any(p.provisional and p.weight_used for p in parts),
        notes=notes,
        special=special,
    )


def _provisional(raw: Raw, config: IndexConfig) -> bool:
    return (
        raw.value is not None
        and raw.assessed is not None
        and raw.assessed < config.provisional_below
    )


def _notes(
    parts: list[Part], used: dict[str, float], dropped_everywhere: frozenset[str]
) -> list[str]:
    notes = []
    dropped = [
        p
        for p in parts
        if p.weight_share and not p.weight_used and p.indicator.id not in dropped_everywhere
    ]
    for part in dropped:
        notes.append(
            f"{part.indicator.title}（{part.indicator.id}）无数据：{part.raw.explanation}，未计入"
        )
    if dropped and used:
        factor = 1 / sum(p.weight_share for p in parts if p.weight_used)
        notes.append(f"其余指标的权重按比例放大 {number(factor, 4)} 倍，合计仍为 100%")
    for part in parts:
        if part.provisional and part.weight_used:
            notes.append(
                f"{part.indicator.title}（{part.indicator.id}）只评估了 {percent(part.raw.assessed)}，"
                "结果为暂定"
            )
    return notes
