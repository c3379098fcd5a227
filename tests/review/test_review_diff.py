"""`evaltool diff`: what got better or worse between two results, per unit and per item."""

import json

import pytest

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import write_checklist

REVIEW = ["--review-date", "2024-06-30", "--format", "json", "--fail-on", "never"]


@pytest.fixture
def results_of(runner, tmp_path, write_register):
    def make(name, rows):
        register = write_register(rows, name=f"{name}.xlsx")
        out = tmp_path / f"{name}.json"
        checklist = ["-c", str(write_checklist(tmp_path))]
        result = runner.invoke(cli, ["check", str(register), *checklist, *REVIEW, "-o", str(out)])
        assert result.exit_code == 0, result.output
        return out

    return make


def late(unit, case_no):
    return case_row(执法单位=unit, 案号=case_no, 送达日期="2023-05-05")


def clean(unit, case_no):
    return case_row(执法单位=unit, 案号=case_no)


def test_a_fixed_unit_is_better_and_a_new_problem_is_worse(runner, results_of):
    old = results_of("2023", [late("甲局", "甲1"), clean("乙局", "乙1")])
    new = results_of("2024", [clean("甲局", "甲1"), late("乙局", "乙1")])
    result = runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1, result.output  # 乙局 got worse
    diff = json.loads(result.output)
    units = {u["unit"]: u for u in diff["units"]}
    assert (units["甲局"]["trend"], units["甲局"]["change"]) == ("better", 20)
    assert (units["乙局"]["trend"], units["乙局"]["change"]) == ("worse", -20)
    assert [(p["unit"], p["item_id"], p["cases"]) for p in diff["new_problems"]] == [
        ("乙局", "S01", ["乙1"])
    ]
    assert [(p["unit"], p["item_id"]) for p in diff["fixed_problems"]] == [("甲局", "S01")]
    (item,) = diff["items"]
    assert (item["item_id"], item["old"]["problems"], item["new"]["problems"]) == ("S01", 1, 1)
    assert item["trend"] == "same"


def test_only_improvements_exit_0_and_print_tables(runner, results_of, tmp_path):
    old = results_of("before", [late("甲局", "甲1"), late("甲局", "甲2")])
    new = results_of("after", [clean("甲局", "甲1"), late("甲局", "甲2")])
    out = tmp_path / "diff.json"
    result = runner.invoke(cli, ["diff", str(old), str(new), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "【单位】" in result.output and "好转" in result.output
    assert "S01 按期送达" in result.output
    diff = json.loads(out.read_text(encoding="utf-8"))
    assert diff["items"][0]["trend"] == "better"
    assert diff["new_problems"] == [] and diff["fixed_problems"] == []  # 甲局 still has S01


def test_units_present_in_one_results_only(runner, results_of):
    old = results_of("old", [clean("甲局", "甲1")])
    new = results_of("new", [clean("甲局", "甲1"), clean("丙局", "丙1")])
    diff = json.loads(runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"]).output)
    assert {u["unit"]: u["trend"] for u in diff["units"]} == {"甲局": "same", "丙局": "added"}


def test_a_file_that_is_not_results_exits_2(runner, results_of, tmp_path):
    old = results_of("old", [clean("甲局", "甲1")])
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 99}', encoding="utf-8")
    result = runner.invoke(cli, ["diff", str(old), str(bad)])
    assert result.exit_code == 2
    assert "不是本版本 evaltool 的评查结果文件" in result.output
