"""Which problems, if fixed, raise a unit's score and index most: the what-if equals a real fix."""

import datetime as dt

import pytest

from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from kit.index import JIA, LATE_SERVICE, ONE_OFFICER, YI, district_results, district_rows
from kit.registers import case_row

CASES = [
    ("1号", ONE_OFFICER),  # V01 veto: the file counts 0
    ("2号", LATE_SERVICE),  # S01 −20: 80
    ("3号", LATE_SERVICE),  # S01 −20: 80
    ("4号", {}),  # 100
]


def rows(fixed=()):
    return [
        case_row(执法单位=JIA, 案号=f"区市监罚〔2023〕{no}", **({} if no in fixed else changes))
        for no, changes in CASES
    ]


def unit_of(index, name=JIA):
    return next(u for u in index["units"] if u["unit"] == name)


def test_the_top_problems_are_ranked_by_what_fixing_them_gains(write_register):
    index = compute_index(district_results(write_register, rows()), load_index_config())
    sensitivity = unit_of(index)["sensitivity"]
    fixes = sensitivity["fixes"]
    assert [(f["item_id"], f["problems"], f["files"]) for f in fixes] == [
        ("V01", 1, 1),
        ("S01", 2, 2),
    ]
    veto, late = fixes
    # mean score (veto as 0): (0 + 80 + 80 + 100) ÷ 4 = 65
    assert veto["score_before"] == 65 and veto["veto"]
    assert veto["score_after"] == 90  # (100 + 80 + 80 + 100) ÷ 4
    assert late["score_after"] == 75  # (0 + 100 + 100 + 100) ÷ 4
    assert veto["index_gain"] > late["index_gain"] > 0
    together = sensitivity["together"]
    assert (together["score_after"], together["index_after"]) == (100, 100)


@pytest.mark.parametrize(("fixed", "item"), [({"1号"}, "V01"), ({"2号", "3号"}, "S01")])
def test_the_what_if_equals_the_index_after_a_real_fix(write_register, fixed, item):
    config = load_index_config()
    before = compute_index(district_results(write_register, rows()), config)
    after = compute_index(district_results(write_register, rows(fixed), name="整改后.xlsx"), config)
    fix = next(f for f in unit_of(before)["sensitivity"]["fixes"] if f["item_id"] == item)
    assert fix["index_after"] == unit_of(after)["index"]
    assert fix["score_after"] == next(p for p in unit_of(after)["parts"] if p["id"] == "Q")["raw"]


def test_at_most_three_problems_and_none_for_a_clean_unit(write_register):
    index = compute_index(district_results(write_register), load_index_config())
    assert unit_of(index, YI)["sensitivity"]["fixes"][0]["item_id"] == "V01"
    assert len(unit_of(index, JIA)["sensitivity"]["fixes"]) <= 3
    clean = [case_row(执法单位=JIA, 案号=f"区市监罚〔2023〕{n}号") for n in (1, 2)]
    index = compute_index(
        district_results(write_register, [*clean, *district_rows()[2:]], name="clean.xlsx"),
        load_index_config(),
    )
    assert unit_of(index)["sensitivity"] == {"problems": 0, "fixes": [], "together": None}


def test_a_file_that_stays_vetoed_gains_nothing_from_one_fix(write_register):
    two_vetoes = {
        **ONE_OFFICER,
        "告知日期": dt.date(2023, 4, 25),
    }  # V01 and V02 (notice after decision)
    rows = [
        case_row(执法单位=JIA, 案号="区市监罚〔2023〕1号", **two_vetoes),
        case_row(执法单位=JIA, 案号="区市监罚〔2023〕2号"),
    ]
    index = compute_index(district_results(write_register, rows), load_index_config())
    sensitivity = unit_of(index)["sensitivity"]
    assert sensitivity == {"problems": 2, "fixes": [], "together": None}
