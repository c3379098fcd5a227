"""A reviewer names the rule that applied on a row with several (②×3), and the deduction follows."""

import json

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import CHECKLIST, REVIEW_DATE, fill, sheet_rows

A1, A2 = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号"
RULES = CHECKLIST.replace(
    "deduct: {each: 3}",
    "deduct: [{fixed: 10, text: 未制作决定书的，扣10分}, {each: 1, text: 缺一项扣1分}, "
    "{each: 2, text: 前后不一致每项扣2分}]",
)


def test_the_rule_named_in_the_reason_sets_or_checks_the_deduction(
    tmp_path, write_register, runner
):
    register = write_register([case_row(案号=A1), case_row(案号=A2)])
    checklist = tmp_path / "checklist.yaml"
    checklist.write_text(RULES, encoding="utf-8")
    workbook = tmp_path / "评分表.xlsx"
    made = runner.invoke(
        cli,
        [
            "sheet",
            str(register),
            "-c",
            str(checklist),
            "--reviewers",
            "甲",
            "--review-date",
            REVIEW_DATE,
            "-o",
            str(workbook),
        ],
    )
    assert made.exit_code == 0, made.output
    d02 = next(r for r in sheet_rows(workbook, "甲") if r["评查项目编号"] == "D02")
    assert "①未制作决定书的，扣10分；②缺一项扣1分；③前后不一致每项扣2分" in d02["扣分标准"]
    # 缺三项 and 两处前后不一致: 3 × 1 + 2 × 2 = 7, written only as rules; on A2 the typed 5
    # does not match the rules named (②×1 = 1).
    filled = fill(
        workbook,
        tmp_path / "甲.xlsx",
        "甲",
        marks={(A1, "D02"): ("", "缺三项 ②×3，前后不一致 ③×2"), (A2, "D02"): (5, "缺一项 ②")},
        reviewer="甲",
    )
    out = tmp_path / "out"
    args = ["score", str(register), "--marks", str(filled), "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "扣分 5 与说明中所写的规则 ②×1 计算的 1 分不一致" in result.output
    fixed = fill(
        workbook,
        tmp_path / "甲2.xlsx",
        "甲",
        marks={(A1, "D02"): ("", "缺三项 ②×3，前后不一致 ③×2"), (A2, "D02"): (1, "缺一项 ②")},
        reviewer="甲",
    )
    result = runner.invoke(cli, ["score", str(register), "--marks", str(fixed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    cases = {
        c["case_no"]: c for c in json.loads((out / "results.json").read_text("utf-8"))["cases"]
    }
    assert (cases[A1]["score"], cases[A2]["score"]) == (93, 99)
