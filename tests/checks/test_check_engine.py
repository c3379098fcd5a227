"""The engine around the checks: missing columns once per register, unreadable values, undecidable
cases, plugin errors, cross-case data, and a year without holiday data end to end."""

import datetime as dt
import gc
import json
from pathlib import Path

import yaml

from evaltool import Batch, Case, Register
from evaltool.builtins.reporters.table import render
from evaltool.cli import cli
from evaltool.pipeline import check_registers
from evaltool.plugins import load_registry
from kit.checklists import one_item_checklist
from kit.registers import case_row


def test_a_missing_column_is_reported_once_per_register_not_per_case(run_check):
    rows = [case_row(案号=f"区市监罚〔2023〕{n}号") for n in range(5)]
    for row in rows:
        del row["送达日期"]
    run = run_check("deadline.service", rows)
    assert run.findings == []
    assert len(run.not_assessed) == 1
    gap = run.not_assessed[0]
    assert gap["missing"] == ["served_on"] and gap["partial"] is False
    assert "登记表缺少「送达日期」列，评查项目 T1（deadline.service）未评估" in gap["message"]


def test_each_register_is_judged_on_its_own_columns(write_register, tmp_path, registry):
    with_column = write_register([case_row()], name="甲.xlsx")
    without = write_register(
        [{k: v for k, v in case_row().items() if k != "送达日期"}], name="乙.xlsx"
    )
    path = tmp_path / "cl.yaml"
    path.write_text(yaml.safe_dump(one_item_checklist("deadline.service"), allow_unicode=True))
    results = check_registers(
        [with_column, without], checklist=path, registry=registry, include_pass=True
    )
    assert [n["file"].endswith("乙.xlsx") for n in results["not_assessed"]] == [True]
    outcomes = {
        Path(c["source"]["file"]).name: [f["outcome"] for f in c["findings"]]
        for c in results["cases"]
    }
    assert outcomes == {"甲.xlsx": ["pass"], "乙.xlsx": []}


def test_a_missing_optional_column_still_runs_and_is_reported_once_as_partial(run_check):
    rows = [case_row(案号=f"区市监罚〔2023〕{n}号") for n in range(3)]
    run = run_check("limitation.period", rows)
    assert run.outcomes == ["pass"] * 3
    assert len(run.not_assessed) == 1 and run.not_assessed[0]["partial"] is True
    assert "只按其余各列评估" in run.not_assessed[0]["message"]


def test_the_table_says_partly_assessed(run_check):
    run = run_check("limitation.period", [case_row()])
    assert "部分评估：" in render(run.results)


def test_an_unreadable_value_makes_the_case_needs_review_at_its_cell(run_check):
    run = run_check("deadline.service", [case_row(送达日期="四月二十一日")])
    assert run.finding["outcome"] == "needs_review"
    assert "送达日期（K2）待核对（见数据问题）" in run.finding["message"]
    assert run.finding["cells"] == ["K2"]
    # the raw text and why it cannot be read are said once, as a data issue
    [issue] = run.results["data_issues"]
    assert (issue["cell"], issue["raw"]) == ("K2", "四月二十一日")


def test_an_unreadable_fallback_field_does_not_spoil_a_verdict_from_a_readable_one(run_check):
    # 发现日期 is present, so the 立案日期 (only a stand-in for it) is never needed.
    late = case_row(违法行为发生日期=dt.date(2017, 1, 10), 发现日期=dt.date(2023, 3, 2))
    run = run_check(
        "limitation.period",
        [
            case_row(立案日期="三月三日"),
            {**late, "立案日期": "三月三日", "案号": "区市监罚〔2023〕2号"},
        ],
    )
    assert run.outcomes == ["pass", "fail"]


def test_an_unreadable_field_the_check_needs_still_goes_to_a_reviewer(run_check):
    run = run_check("limitation.period", [case_row(发现日期="三月二日")])
    assert run.finding["outcome"] == "needs_review"
    assert "发现日期（G2）待核对（见数据问题）" in run.finding["message"]


def test_an_unreadable_decision_date_is_named_when_a_dated_param_needs_it(run_check):
    row = case_row(程序类型="简易程序", 决定日期="四月")
    row["罚款金额（元）"] = 100
    run = run_check("procedure.summary_eligibility", [row])
    assert run.finding["outcome"] == "needs_review"
    assert (
        "决定日期（" in run.finding["message"] and "待核对（见数据问题）" in run.finding["message"]
    )


PLUGIN = """
import evaltool
from evaltool.check.spec import NeedsReview, check_info


@check_info(title="测试", basis="测试", reads=("fine",))
def undecided(case, params, ctx):
    raise NeedsReview("无法判断：测试", "fine")


@check_info(title="测试", basis="测试", reads=("fine",))
def broken(case, params, ctx):
    raise RuntimeError("坏了")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("test.undecided", undecided)
    register("test.broken", broken)
"""


def test_needs_review_raised_by_a_check_and_a_plugin_bug_both_reach_a_reviewer(
    write_register, tmp_path
):
    plugin = tmp_path / "plugin.py"
    plugin.write_text(PLUGIN, encoding="utf-8")
    checklist = one_item_checklist("test.undecided")
    checklist["groups"][0]["items"].append(
        {"id": "T2", "title": "测试", "points": 5, "check": "test.broken"}
    )
    checklist["scoring"]["total"] = 15
    path = tmp_path / "cl.yaml"
    path.write_text(yaml.safe_dump(checklist, allow_unicode=True))
    results = check_registers(
        [write_register([case_row()])], checklist=path, registry=load_registry([plugin])
    )
    findings = {f["item_id"]: f for f in results["cases"][0]["findings"]}
    assert findings["T1"]["outcome"] == "needs_review"
    assert findings["T1"]["message"] == "无法判断：测试" and findings["T1"]["cells"] == ["N2"]
    assert findings["T2"]["outcome"] == "needs_review"
    assert "自动检查 test.broken 出错（RuntimeError: 坏了）" in findings["T2"]["message"]


def test_duplicate_numbers_count_cases_the_checklist_does_not_score(run_check):
    checklist = one_item_checklist("case.duplicate_no")
    checklist["applies_to"] = ["普通程序"]
    rows = [case_row(), case_row(程序类型="简易程序")]
    run = run_check("case.duplicate_no", rows, checklist=checklist)
    assert run.outcomes == ["fail"]
    assert "另见第3行" in run.finding["message"]


def test_a_year_without_holiday_data_is_counted_monday_to_friday_and_said_everywhere(
    write_register, tmp_path, runner
):
    register = write_register(
        [
            case_row(
                立案日期=dt.date(2027, 3, 1),
                告知日期=dt.date(2027, 4, 1),
                决定日期=dt.date(2027, 9, 28),
                送达日期=dt.date(2027, 10, 8),
                结案日期=dt.date(2027, 10, 20),
            )
        ]
    )
    checklist = tmp_path / "cl.yaml"
    checklist.write_text(yaml.safe_dump(one_item_checklist("deadline.service"), allow_unicode=True))
    out = tmp_path / "out.json"
    result = runner.invoke(
        cli,
        [
            "check",
            str(register),
            "-c",
            str(checklist),
            "--review-date",
            "2027-12-31",
            "--format",
            "json",
            "-o",
            str(out),
            "--fail-on",
            "never",
        ],
    )
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text("utf-8"))
    assert results["calendar"]["fallback_years"] == [2027]
    finding = results["cases"][0]["findings"][0]
    # Monday–Friday: 7 working days after 2027-09-28 is 2027-10-07; 10-08 is late.
    assert finding["outcome"] == "fail"
    assert "最迟 2027-10-07" in finding["message"]
    assert "2027年没有法定节假日数据" in finding["message"]
    assert "注意：2027年没有法定节假日数据，按周一至周五计算工作日" in result.output


def test_checking_leaves_the_garbage_collector_running_and_nothing_frozen(write_register, registry):
    """The checks pause the collector and keep their findings unscanned; a process that froze
    nothing and checks again and again (a service, a test session) must get both back, or it
    keeps its garbage."""
    path = write_register([case_row(), case_row(案号="区市监罚〔2023〕2号")])
    frozen_before = gc.get_freeze_count()
    results = check_registers([path], registry=registry)
    assert len(results["cases"]) == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0 or frozen_before


def test_a_part_of_a_batch_has_its_own_cases_columns():
    """A fast form asked about part of a register (``Batch.take``) sees its own cases' values."""
    register = Register("登记表.xlsx", "Sheet1", 1, {"fine": ["A"], "party": ["B"]})
    cases = [
        Case(register, row, "某局", {"fine": row * 100, "party": f"当事人{row}"})
        for row in range(2, 12)
    ]
    cases[3].values["fine"] = None
    whole = Batch(cases)
    assert whole["fine"][3] is None
    part = whole.take([1, 3, 8])
    assert part.cases == [cases[1], cases[3], cases[8]]
    assert part["fine"] == [300, None, 1000]
    assert part["party"] == ["当事人3", "当事人5", "当事人10"]
    assert part.has_column("party") and not part.has_column("hearing_on")
