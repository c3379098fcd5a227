"""`evaltool run` with reviewers' marks: merged scores, and exit 1 while a file awaits 复核."""

import json

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import REVIEW_DATE, fill, write_checklist

A1, A2 = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号"


def make_review(tmp_path, write_register, runner, *, per_file):
    register = write_register([case_row(案号=A1), case_row(案号=A2)])
    checklist = write_checklist(tmp_path)
    workbook = tmp_path / "评分表.xlsx"
    args = [
        "sheet",
        str(register),
        "-c",
        str(checklist),
        "--reviewers",
        "甲,乙",
        "--per-file",
        str(per_file),
        "--review-date",
        REVIEW_DATE,
        "-o",
        str(workbook),
    ]
    assert runner.invoke(cli, args).exit_code == 0
    return register, checklist, workbook


def write_config(tmp_path, register, checklist, marks):
    config = tmp_path / "evaltool.yaml"
    lines = [
        f"checklist: {checklist}",
        f"review_date: {REVIEW_DATE}",
        f"inputs: [{register}]",
        f"marks: [{', '.join(str(m) for m in marks)}]",
        "issue_date: 2024-07-15",
        "reviewing_body: 某某区司法局",
        "document_number: {prefix: 某司发}",
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def test_run_merges_the_marks_into_scores_notices_and_ledger(tmp_path, write_register, runner):
    register, checklist, workbook = make_review(tmp_path, write_register, runner, per_file=1)
    marked = fill(workbook, tmp_path / "甲乙.xlsx", "甲", marks={(A1, "D02"): (6, "决定书缺两项")})
    marked = fill(marked, marked, "乙", marks={(A1, "D02"): (6, "决定书缺两项")})
    config = write_config(tmp_path, register, checklist, [marked])
    result = runner.invoke(cli, ["run", str(config), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert [c["score"] for c in results["cases"]] == [94.0, 100.0]
    assert results["review"]["marks"] == [str(marked)]
    assert "整改台账（问题 1 个）" in result.output


def test_a_disputed_file_keeps_the_run_at_exit_1_with_a_fuhe_sheet(
    tmp_path, write_register, runner
):
    register, checklist, workbook = make_review(tmp_path, write_register, runner, per_file=2)
    jia = fill(workbook, tmp_path / "甲.xlsx", "甲", marks={(A1, "D02"): 3})
    yi = fill(workbook, tmp_path / "乙.xlsx", "乙", marks={(A1, "D02"): (30, "决定书内容严重缺失")})
    config = write_config(tmp_path, register, checklist, [jia, yi])
    result = runner.invoke(cli, ["run", str(config), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert (tmp_path / "out" / "复核.xlsx").is_file()
    assert "尚待复核" in result.output
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert [c["case_no"] for c in results["cases"]] == [A2]  # never averaged into a score
