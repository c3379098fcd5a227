"""The reviewer has the last word: a filled scoring workbook overrules a 符合, a 不适用 and a
不符合; the score moves exactly as the standard says and the audit trail keeps both verdicts."""

import json

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import REVIEW_DATE, fill, sheet_rows

# A standard with one automatic item that passes (D01), one that does not apply (H01: no hearing
# was held) and one that fails (S01: served late), plus manual items and veto items.
CHECKLIST = """\
id: overrule-test
title: 改判测试标准
version: "1"
applies_to: [普通程序]
scoring:
  total: 100
  veto_effect: zero
  grades:
    - {name: 优秀, min: 90}
    - {name: 合格, min: 60}
    - {name: 不合格, min: 0}
groups:
  - id: veto
    title: 否决项
    veto: true
    items:
      - {id: V01, title: 执法人员不少于两人, category: 程序, check: officers.min_two}
      - {id: V03, title: 事实清楚证据确凿, category: 事实与证据, manual: true}
  - id: decision
    title: 审核与决定
    points: 50
    items:
      - {id: D01, title: 按期决定, points: 20, category: 程序, check: deadline.decision}
      - {id: D02, title: 决定书内容完整, points: 30, deduct: {each: 3}, category: 文书制作, manual: true}
  - id: service
    title: 送达与听证
    points: 50
    items:
      - {id: S01, title: 按期送达, points: 20, category: 程序, check: deadline.service}
      - {id: H01, title: 听证程序规范, points: 10, category: 程序, check: hearing.timing}
      - {id: S02, title: 送达文书规范, points: 20, deduct: {fixed: 10}, category: 文书制作, manual: true}
"""

A1, A2 = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号"
UNIT = "区市场监督管理局"


@pytest.fixture
def workbook(tmp_path, write_register, runner):
    standard = tmp_path / "标准.yaml"
    standard.write_text(CHECKLIST, encoding="utf-8")
    register = write_register(
        [
            # served late (S01 不符合), decided on time (D01 符合), no hearing (H01 不适用)
            case_row(案号=A1, 送达日期="2023-05-05", 听证日期=None, 听证通知日期=None),
            case_row(案号=A2, 听证日期=None, 听证通知日期=None),  # clean
        ]
    )
    out = tmp_path / "评分表.xlsx"
    args = ["sheet", str(register), "-c", str(standard), "--review-date", REVIEW_DATE]
    result = runner.invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {(r["案号"], r["评查项目编号"]): r for r in sheet_rows(out, UNIT)}
    assert [rows[A1, i]["自动检查"] for i in ("D01", "H01", "S01")] == ["符合", "不适用", "不符合"]

    def score(marks, *extra):
        target = tmp_path / "out"
        args = ["score", str(register), "--marks", str(marks), "-o", str(target), *extra]
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
        results = json.loads((target / "results.json").read_text(encoding="utf-8"))
        return result, results, target

    return out, score


def findings(case) -> dict:
    return {f["item_id"]: f for f in case["findings"]}


def test_a_filled_workbook_overrules_a_pass_a_not_applicable_and_a_failure(workbook, tmp_path):
    out, score = workbook
    filled = fill(
        out,
        tmp_path / "甲.xlsx",
        UNIT,
        reviewer="甲",
        overrule={
            (A1, "D01"): (5, "决定书未经负责人审批即作出"),  # 符合 → 扣5分
            (A1, "H01"): (4, "当事人书面申请听证，未组织听证"),  # 不适用 → 扣4分
        },
        confirm={(A1, "S01"): ("否", "送达回证显示4月21日已直接送达")},  # 不符合 → 不扣分
    )
    result, results, target = score(filled)
    assert result.exit_code == 0, result.output
    (case,) = [c for c in results["cases"] if c["case_no"] == A1]
    # automatically 100 − 20 (S01) = 80 合格; as the reviewer decided 100 − 5 − 4 = 91 优秀
    assert (case["score"], case["grade"]) == (91, "优秀")
    by_item = findings(case)
    trail = {
        item: (
            by_item[item]["automatic"]["outcome"],
            by_item[item]["automatic"]["deduction"],
            by_item[item]["outcome"],
            by_item[item]["deduction"],
            by_item[item]["reviewer"],
        )
        for item in ("D01", "H01", "S01")
    }
    assert trail == {
        "D01": ("pass", 0, "fail", 5, "甲"),
        "H01": ("not_applicable", 0, "fail", 4, "甲"),
        "S01": ("fail", 20, "pass", 0, "甲"),  # kept although passes are not listed
    }
    assert by_item["D01"]["reason"] == "决定书未经负责人审批即作出"
    assert by_item["S01"]["reason"] == "送达回证显示4月21日已直接送达"
    assert "送达" in by_item["S01"]["automatic"]["message"]

    audit = {
        (r["案号"], r["评查项目编号"]): r for r in sheet_rows(target / "评查结果.xlsx", "人工改判")
    }
    assert set(audit) == {(A1, "D01"), (A1, "H01"), (A1, "S01")}
    assert (audit[A1, "D01"]["自动检查结论"], audit[A1, "D01"]["评查人结论"]) == ("符合", "扣5分")
    assert (audit[A1, "H01"]["自动检查结论"], audit[A1, "H01"]["评查人结论"]) == ("不适用", "扣4分")
    assert audit[A1, "S01"]["自动检查结论"] == "不符合（扣20分）"
    assert audit[A1, "S01"]["评查人结论"] == "不扣分"
    assert {r["评查人"] for r in audit.values()} == {"甲"}
    assert audit[A1, "H01"]["理由"] == "当事人书面申请听证，未组织听证"


def test_left_alone_the_prefilled_verdicts_stand(workbook, tmp_path):
    out, score = workbook
    result, results, _ = score(fill(out, tmp_path / "甲.xlsx", UNIT, reviewer="甲"))
    assert result.exit_code == 0, result.output
    (case,) = [c for c in results["cases"] if c["case_no"] == A1]
    assert (case["score"], case["grade"]) == (80, "合格")
    assert findings(case)["S01"]["automatic"] is None  # not overruled: nothing to trail


def test_a_reviewer_can_veto_a_file_the_register_calls_fine(workbook, tmp_path):
    out, score = workbook
    filled = fill(
        out,
        tmp_path / "甲.xlsx",
        UNIT,
        reviewer="甲",
        overrule={(A2, "V01"): ("是", "询问笔录只有一名执法人员签名")},
    )
    _, results, _ = score(filled)
    (case,) = [c for c in results["cases"] if c["case_no"] == A2]
    assert (case["score"], case["grade"], case["veto_items"]) == (0, "不合格", ["V01"])  # zero
    v01 = findings(case)["V01"]
    assert (v01["automatic"]["outcome"], v01["outcome"], v01["reviewer"]) == ("pass", "fail", "甲")


def test_an_overrule_without_a_reason_is_refused_with_its_cell(workbook, tmp_path, runner):
    out, _ = workbook
    filled = fill(out, tmp_path / "甲.xlsx", UNIT, reviewer="甲", overrule={(A1, "D01"): (5, "")})
    rows = {(r["案号"], r["评查项目编号"]): n for n, r in enumerate(sheet_rows(out, UNIT), start=2)}
    reason = {c.value: c.column_letter for c in load_workbook(out)[UNIT][1]}["扣分理由"]
    register = tmp_path / "登记表.xlsx"
    args = ["score", str(register), "--marks", str(filled), "-o", str(tmp_path / "o")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert (
        f"甲.xlsx「{UNIT}」{reason}{rows[A1, 'D01']}：改变自动检查结论时须填写扣分理由"
        in result.output
    )
