"""Planted defects: every check finds ≥95% of its planted failures and fails ≤1% of clean cases.

Registers come from the seeded generator in kit/planted.py, are written as xlsx
workbooks (one sheet per unit, with a title row) and go through the real
reader, checklist loader and engine.
"""

import datetime as dt
from collections import defaultdict

import pytest

from evaltool.pipeline import check_registers
from kit.planted import HEADERS, PLANTERS, Generator, Tally, evaluation_checklist

CLEAN, PER_CHECK = 600, 40
MIN_RECALL, MAX_FALSE_FAIL = 0.95, 0.01


def labelled_cases(seed: int) -> list[tuple[dict, str | None]]:
    """Clean cases (label None) and planted ones (label: the check whose rule they break), shuffled."""
    generator = Generator(seed)
    cases = [(generator.case(), None) for _ in range(CLEAN)]
    for check_id, plant in PLANTERS.items():
        for _ in range(PER_CHECK):
            cases += [(row, check_id) for row in plant(generator)]
    generator.rng.shuffle(cases)
    return cases


@pytest.mark.parametrize("seed", [20240630, 7])
def test_planted_defects_are_found_and_clean_cases_pass(seed, write_register, tmp_path, registry):
    cases = labelled_cases(seed)
    sheets = defaultdict(list)
    for row, label in cases:
        sheets[row["执法单位"]].append((row, label))
    path = write_register(
        sheets={unit: [row for row, _ in rows] for unit, rows in sheets.items()},
        title="2022年度行政处罚案卷登记表",
        headers=list(HEADERS),
    )
    labels = {
        (unit, 3 + index): label  # row 1 is the title, row 2 the header
        for unit, rows in sheets.items()
        for index, (_, label) in enumerate(rows)
    }
    results = check_registers(
        [path],
        checklist=evaluation_checklist(tmp_path / "eval.yaml"),
        registry=registry,
        review_date=dt.date(2024, 6, 30),
        include_pass=True,
    )
    assert not results["not_assessed"] or all(n["partial"] for n in results["not_assessed"])
    tally = Tally()
    for case in results["cases"]:
        tally.add(labels[(case["source"]["sheet"], case["source"]["row"])], case["findings"])
    planted, found, clean, false, misses = (
        tally.planted,
        tally.found,
        tally.clean,
        tally.false,
        tally.misses,
    )
    report = {
        check_id: (found[check_id] / planted[check_id], false[check_id] / clean[check_id])
        for check_id in PLANTERS
    }
    bad = {
        check_id: (recall, false_rate, misses[check_id][:3])
        for check_id, (recall, false_rate) in report.items()
        if recall < MIN_RECALL or false_rate > MAX_FALSE_FAIL
    }
    assert not bad, bad
    assert all(planted[c] >= PER_CHECK and clean[c] == CLEAN for c in PLANTERS)
