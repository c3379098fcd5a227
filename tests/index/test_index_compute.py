"""The index of a review: every part computed from its inputs, weights deciding the ranking,
missing data renormalised, units without files never 0 (expected values: indexkit.py)."""

import pytest

from evaltool.config import load_config
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from kit.index import (
    BING,
    JIA,
    REVIEW_CONFIG,
    YI,
    district_results,
    district_rows,
    index_yaml,
)


@pytest.fixture
def review_config(tmp_path):
    path = tmp_path / "evaltool.yaml"
    path.write_text(REVIEW_CONFIG, encoding="utf-8")
    return load_config(path)


def config_file(tmp_path, text, name="index.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_index_config(path)


def units(index):
    return {u["unit"]: u for u in index["units"]}


def parts(unit):
    return {p["id"]: p for p in unit["parts"]}


def test_default_index_explains_each_part_from_its_inputs(results):
    index = compute_index(results, load_index_config())
    jia, yi = units(index)[JIA], units(index)[YI]
    q, l_, t, p, r = (parts(jia)[k] for k in "QLTPR")
    assert (q["raw"], l_["raw"], t["raw"]) == (90, 100, 75)
    assert "2 件案卷得分合计 180" in q["explanation"]
    assert "无否决项的案卷 2 件 ÷ 评查案卷 2 件 = 100%" in l_["explanation"]
    assert "符合 3 项 ÷ 已评估 4 项 = 75%" in t["explanation"]
    assert "D01（deadline.decision）" in t["explanation"]
    assert t["inputs"] | {"items": None} == {
        "items": None,
        "pass": 3,
        "waived": 0,
        "fail": 1,
        "not_applicable": 0,
        "needs_review": 0,
        "not_assessed": 0,
    }
    # P (no publicity check in the checklist) and R (no ledger) are dropped everywhere
    assert p["normalised"] is None and p["weight_used"] == 0
    assert r["normalised"] is None and "--ledger" in r["explanation"]
    assert any("公开（P）所有单位均无数据" in note for note in index["notes"])
    assert any("1.3333 倍" in note for note in index["notes"])  # 100 ÷ 75
    assert [round(x["weight_used"], 4) for x in (q, l_, t)] == [0.5333, 0.2667, 0.2]
    assert jia["index"] == 89.67 and yi["index"] == 60
    for unit in (jia, yi):
        points = [x["points"] for x in unit["parts"] if x["points"] is not None]
        assert sum(points) == pytest.approx(unit["index"], abs=0.01)
    q_yi = parts(yi)["Q"]
    assert q_yi["raw"] == 50 and "其中否决 1 件按 0 分计" in q_yi["explanation"]
    assert (jia["rank"], yi["rank"]) == (1, 2)
    assert index["config"]["shipped"] is True


def test_changing_a_weight_in_the_yaml_changes_the_ranking(results, tmp_path):
    quality_first = compute_index(results, config_file(tmp_path, index_yaml(40, 20, 15)))
    timeliness_first = compute_index(
        results, config_file(tmp_path, index_yaml(5, 5, 90), name="timely.yaml")
    )
    assert [u["unit"] for u in quality_first["units"]] == [JIA, YI]
    assert [u["unit"] for u in timeliness_first["units"]] == [YI, JIA]
    after = units(timeliness_first)
    assert (after[JIA]["index"], after[YI]["index"]) == (77, 95)
    assert (after[YI]["rank"], after[JIA]["rank"]) == (1, 2)
    assert timeliness_first["config"]["shipped"] is False
    assert not timeliness_first["notes"]  # nothing dropped, nothing to renormalise


def test_a_unit_without_files_shows_no_cases_never_zero(results, review_config):
    index = compute_index(results, load_index_config(), review_config=review_config)
    bing = units(index)[BING]
    assert bing["index"] is None and bing["rank"] is None
    assert bing["note"] == "无案卷"
    assert index["units"][-1]["unit"] == BING  # unranked units last
    assert all(p["points"] is None for p in bing["parts"])
    assert units(index)[JIA]["full_name"] == "重庆市某某区市场监督管理局"


def test_groups_and_county_use_the_configured_mean(results, review_config, tmp_path):
    equal = compute_index(results, load_index_config(), review_config=review_config)
    groups = {g["group"]: g for g in equal["groups"]}
    assert groups["区级部门"]["index"] == pytest.approx((89.67 + 60) / 2, abs=0.01)
    assert groups["街镇"]["index"] is None and groups["街镇"]["units_with_index"] == 0
    assert equal["county"]["index"] == pytest.approx((89.67 + 60) / 2, abs=0.01)
    assert (equal["county"]["units"], equal["county"]["units_with_index"]) == (3, 2)
    weighted_text = index_yaml(40, 20, 15, extra="aggregation: case_weighted\n")
    weighted = compute_index(
        results, config_file(tmp_path, weighted_text), review_config=review_config
    )
    assert "按评查案卷数加权" in weighted["config"]["aggregation_text"]
    assert weighted["county"]["cases"] == 4


def test_case_weighted_county_weights_units_by_files(write_register, tmp_path):
    rows = [*district_rows(), district_rows()[0] | {"案号": "区市监罚〔2023〕3号"}]
    results = district_results(write_register, rows)  # 甲 has three files now
    text = index_yaml(40, 20, 15, extra="aggregation: case_weighted\n")
    index = compute_index(results, config_file(tmp_path, text))
    jia, yi = units(index)[JIA]["index"], units(index)[YI]["index"]
    assert index["county"]["index"] == pytest.approx((3 * jia + 2 * yi) / 5, abs=0.01)


def test_passes_are_counted_the_same_with_or_without_include_pass(write_register):
    without = district_results(write_register)
    with_passes = district_results(write_register, name="登记表2.xlsx", include_pass=True)
    config = load_index_config()
    left, right = compute_index(without, config), compute_index(with_passes, config)
    assert [u["parts"] for u in left["units"]] == [u["parts"] for u in right["units"]]


def test_a_check_that_could_not_run_leaves_the_denominator(write_register, tmp_path):
    headers = [h for h in district_rows()[0] if h != "送达日期"]
    results = district_results(write_register, headers=headers)
    text = index_yaml(40, 20, 15, extra="provisional_below: 0.6\n")
    index = compute_index(results, config_file(tmp_path, text))
    t = parts(units(index)[JIA])["T"]
    assert t["inputs"]["not_assessed"] == 2 and t["inputs"]["pass"] == 2
    assert t["raw"] == 100 and t["assessed"] == 0.5
    assert "未评估 2 项未计入分母" in t["explanation"]
    assert t["provisional"] and units(index)[JIA]["provisional"]
    assert any("只评估了 50%" in note for note in units(index)[JIA]["notes"])


def test_a_reviewed_file_without_a_finding_passed(results):
    """In the results of ``evaltool score`` every item of a final file was decided."""
    gap = {"file": results["inputs"][0]["file"], "sheet": "Sheet1", "item_id": "S01"}
    results["not_assessed"] = [gap | {"check": "deadline.service", "partial": False}]
    automatic = parts(units(compute_index(results, load_index_config()))[YI])["T"]
    assert automatic["inputs"]["not_assessed"] == 2
    results["review"] = {}
    reviewed = parts(units(compute_index(results, load_index_config()))[YI])["T"]
    assert reviewed["inputs"]["not_assessed"] == 0 and reviewed["inputs"]["pass"] == 4


def test_special_indices_renormalise_over_their_own_parts(results, tmp_path):
    text = index_yaml(
        40,
        20,
        15,
        extra="""\
        special:
          - id: X1
            title: 依法规范指数
            indicators: {Q: 1, L: 1}
        """,
    )
    index = compute_index(results, config_file(tmp_path, text))
    special = {s["id"]: s["value"] for s in units(index)[JIA]["special"]}
    assert special == {"X1": 95}  # (90 + 100) ÷ 2
    assert index["county"]["special"]["X1"] == pytest.approx((95 + 50) / 2)
