"""Fair ranks for small units: each unit's index carries a seeded bootstrap interval over its files,
and units whose intervals overlap, or that have too few files to estimate one, share a rank range."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.cli import cli
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from evaltool.score.uncertainty import MIN_FILES, Ranked, rank_ranges
from kit.index import JIA, ONE_OFFICER, YI, district_results
from kit.registers import case_row

SMALL = "区民政局"


def rows():
    """甲: 8 clean files; 乙: 8 files each vetoed (one officer); 民政局: 2 clean files."""
    return [
        *(case_row(执法单位=JIA, 案号=f"区市监罚〔2023〕{n}号") for n in range(1, 9)),
        *(case_row(执法单位=YI, 案号=f"区城管罚〔2023〕{n}号", **ONE_OFFICER) for n in range(1, 9)),
        *(case_row(执法单位=SMALL, 案号=f"区民罚〔2023〕{n}号") for n in range(1, 3)),
    ]


def test_a_unit_with_two_files_is_not_separated_from_anyone(write_register):
    results = district_results(write_register, rows())
    index = compute_index(results, load_index_config(None))
    units = {u["unit"]: u for u in index["units"]}
    assert units[SMALL]["cases"] == 2 < MIN_FILES and units[SMALL]["few_files"]
    assert units[SMALL]["rank_range"] == [1, 3]  # clean, but only two files
    assert units[JIA]["rank_range"] == [1, 2] and units[YI]["rank_range"] == [2, 3]
    assert units[JIA]["interval"][0] > units[YI]["interval"][1]
    again = compute_index(results, load_index_config(None))
    assert [u["interval"] for u in again["units"]] == [u["interval"] for u in index["units"]]


def test_the_index_report_shows_intervals_rank_ranges_and_files(runner, write_register, tmp_path):
    results = district_results(write_register, rows())
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["index", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if SMALL in x)
    assert line.split()[:4] == ["1", "1–3", SMALL, "2"]
    assert "案卷不足 5 件的单位" in result.output
    html = (tmp_path / "out" / "行政执法指数.html").read_text(encoding="utf-8")
    assert "各单位指数的90%区间" in html and f"{SMALL}（2件）" in html


RANKED = st.builds(
    lambda value, width, files: Ranked(value, (value - width, value + width), files),
    st.floats(0, 100),
    st.floats(0, 20),
    st.integers(1, 100),
)


@settings(max_examples=200)
@given(st.lists(RANKED, min_size=1, max_size=12))
def test_rank_ranges_hold_the_point_rank_and_never_split_overlapping_units(units):
    spans = rank_ranges(units)
    for unit, (low, high) in zip(units, spans, strict=True):
        point = 1 + sum(other.value > unit.value for other in units)
        assert low <= point <= high
        if not unit.separable:
            assert (low, high) == (1, len(units))
    for one, (low_one, high_one) in zip(units, spans, strict=True):
        for other, (low_other, high_other) in zip(units, spans, strict=True):
            overlap = one.interval[0] <= other.interval[1] and other.interval[0] <= one.interval[1]
            if overlap:  # within each other's uncertainty: their ranges meet
                assert low_one <= high_other and low_other <= high_one
