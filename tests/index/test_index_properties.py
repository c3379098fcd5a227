"""Invariants of the index over any indicators, weights, normalisations and values:
within 0–100, missing parts renormalised away, and improving one value never lowers the index."""

from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evaltool.index.config import (
    BANDS,
    HIGHER,
    LOWER,
    MINMAX,
    SCALE,
    IndexConfig,
    Indicator,
    Normalisation,
)
from evaltool.index.facts import ResultsFacts, UnitFacts
from evaltool.index.formulas import Raw
from evaltool.index.parts import UnitIndex, combine, spans

FACTS = ResultsFacts(total=100.0, items={}, reviewed=False, not_assessed=frozenset(), units=())
VALUES = st.one_of(st.none(), st.floats(min_value=0, max_value=150, allow_nan=False))


def normalisation(method: str, direction: str) -> Normalisation:
    if method == BANDS:
        return (
            Normalisation(BANDS, target=90, floor=40)
            if direction == HIGHER
            else Normalisation(BANDS, target=10, floor=60)
        )
    return Normalisation(method)


@st.composite
def scenarios(draw):
    count = draw(st.integers(min_value=1, max_value=4))
    indicators = []
    for n in range(count):
        method = draw(st.sampled_from([SCALE, MINMAX, BANDS]))
        direction = draw(st.sampled_from([HIGHER, LOWER]))
        weight = round(draw(st.floats(min_value=0, max_value=100, allow_nan=False)), 2)
        indicators.append(
            Indicator(
                id=f"I{n}",
                title=f"指标{n}",
                formula="external",
                weight=weight,
                direction=direction,
                normalisation=normalisation(method, direction),
                column=f"列{n}",
            )
        )
    assume(sum(i.weight for i in indicators) > 0)
    units = draw(st.integers(min_value=1, max_value=5))
    values = [[draw(VALUES) for _ in indicators] for _ in range(units)]
    return config_of(indicators), values


def config_of(indicators) -> IndexConfig:
    return IndexConfig(
        id="t",
        title="行政执法指数（评查）",
        version="1",
        description="",
        aggregation="unit_equal",
        provisional_below=0.5,
        indicators=tuple(indicators),
        special=(),
        path="",
        shipped=False,
    )


def unit_indices(config: IndexConfig, values: list[list[float | None]]) -> list[UnitIndex]:
    raws = {
        f"u{n}": {i.id: Raw(v, "", "") for i, v in zip(config.indicators, row, strict=True)}
        for n, row in enumerate(values)
    }
    ranges = spans(config, raws)
    return [
        combine(UnitFacts(name, name, "", 0, ()), unit_raws, config, FACTS, ranges)
        for name, unit_raws in raws.items()
    ]


def indices(config: IndexConfig, values: list[list[float | None]]) -> list[float | None]:
    return [unit.index for unit in unit_indices(config, values)]


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_every_index_is_within_0_and_100(scenario):
    config, values = scenario
    for index in indices(config, values):
        assert index is None or -1e-9 <= index <= 100 + 1e-9


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_a_part_without_data_is_renormalised_away(scenario):
    config, values = scenario
    for position in range(len(config.indicators)):
        missing_everywhere = [[*row[:position], None, *row[position + 1 :]] for row in values]
        without = config_of(config.indicators[:position] + config.indicators[position + 1 :])
        rest = [row[:position] + row[position + 1 :] for row in values]
        if not without.indicators or not sum(i.weight for i in without.indicators):
            continue
        for left, right in zip(
            indices(config, missing_everywhere), indices(without, rest), strict=True
        ):
            assert (left is None) == (right is None)
            if left is not None:
                assert abs(left - right) < 1e-9


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.data())
def test_improving_one_value_never_lowers_the_index(scenario, data):
    config, values = scenario
    unit = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    position = data.draw(st.integers(min_value=0, max_value=len(config.indicators) - 1))
    value = values[unit][position]
    assume(value is not None)
    step = data.draw(st.floats(min_value=0.001, max_value=50))
    better = value + step if config.indicators[position].direction == HIGHER else value - step
    improved = [list(row) for row in values]
    improved[unit][position] = better
    before, after = indices(config, values)[unit], indices(config, improved)[unit]
    if before is None:  # only weightless parts have data: still no index
        assert after is None
    else:
        assert after >= before - 1e-9


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_a_heavier_weight_on_a_better_part_never_lowers_the_index(scenario):
    """Weights move the index towards the parts they weigh: the mechanism behind re-ranking."""
    config, values = scenario
    first = config.indicators[0]
    heavier = config_of([replace(first, weight=first.weight + 50), *config.indicators[1:]])
    for unit, after in zip(unit_indices(config, values), indices(heavier, values), strict=True):
        part = unit.parts[0].normalised
        if unit.index is not None and part is not None and part >= unit.index:
            assert after >= unit.index - 1e-9
