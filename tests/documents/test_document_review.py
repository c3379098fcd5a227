"""Document verdicts in the command line and the review: check, inspect, the scoring workbook."""

import datetime as dt

from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.review.workflow import ScoreSettings, make_scoring_workbook, score_review
from kit.casefiles import decision, notice, register_row, service_record, write_docx

REVIEW_DATE = dt.date(2024, 6, 30)


def case_folder(tmp_path, write_register, **defects):
    """A unit folder: its register and a 文书 folder beside it with the 市场监管 case's documents."""
    (tmp_path / "单位").mkdir()
    register = write_register([register_row("市场监管")], name="单位/登记表.xlsx")
    folder = tmp_path / "单位" / "文书"
    write_docx(folder / "决定书.docx", decision("市场监管", **defects))
    write_docx(folder / "告知书.docx", notice("市场监管"))
    write_docx(folder / "送达回证.docx", service_record("市场监管"), table=True)
    return register, folder


def test_check_finds_the_documents_beside_the_register(tmp_path, write_register, runner):
    register, _ = case_folder(
        tmp_path, write_register, operative="本局拟对当事人作出如下行政处罚："
    )
    result = runner.invoke(
        cli, ["check", str(register), "--fail-on", "never", "--review-date", "2024-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert "W03 不符合" in result.output and "「拟」" in result.output
    assert "决定书.docx 第14段" in result.output
    assert "文书：读取 3 份，与案卷匹配 3 份" in result.output


def test_without_documents_the_document_items_are_named_once(tmp_path, write_register, runner):
    register = write_register([register_row("市场监管")], name="登记表.xlsx")
    result = runner.invoke(cli, ["check", str(register), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert result.output.count("未提供文书") == 1
    assert "W01" in result.output and "W03 不符合" not in result.output


def test_a_documents_folder_named_on_the_command_line(tmp_path, write_register, runner):
    register = write_register([register_row("交通")], name="登记表.xlsx")
    write_docx(tmp_path / "案卷" / "决定书.docx", decision("交通", relief=False, closing=False))
    result = runner.invoke(
        cli, ["check", str(register), "--documents", str(tmp_path / "案卷"), "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    assert "W01 待人工核对" in result.output and "未找到" in result.output


def test_inspect_shows_how_each_document_was_understood(tmp_path, write_register, runner):
    register, _ = case_folder(tmp_path, write_register)
    result = runner.invoke(cli, ["inspect", str(register)])
    assert result.exit_code == 0, result.output
    assert "决定书.docx（行政处罚决定书）→ 渝綦市监处罚〔2023〕12号（按文号匹配）" in result.output
    assert (
        "处罚依据：《中华人民共和国食品安全法》第一百二十四条第一款第五项（第12段）"
        in result.output
    )
    assert "送达回证.docx（送达回证）→ 渝綦市监处罚〔2023〕12号" in result.output
    json_result = runner.invoke(cli, ["inspect", str(register), "--format", "json"])
    assert '"matched_by": "文号"' in json_result.output


def rows_of(path):
    sheet = load_workbook(path).worksheets[1]
    header = [c.value for c in sheet[1]]
    return sheet, {h: i for i, h in enumerate(header)}


def fill(src, dst, confirm_w03: str):
    """Mark every open row 0 / 否 and answer the W03 confirmation, as a reviewer would."""
    workbook = load_workbook(src)
    sheet = workbook.worksheets[1]
    col = {c.value: c.column_letter for c in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        status = sheet[f"{col['自动检查']}{row}"].value
        item = sheet[f"{col['评查项目编号']}{row}"].value
        veto = sheet[f"{col['分值']}{row}"].value == "否决项"
        if status in ("人工评查", "待人工核对", "未自动评估"):
            sheet[f"{col['扣分']}{row}"] = "否" if veto else 0
        elif status == "不符合" and (item == "W03" or veto):
            answer = confirm_w03 if item == "W03" else "是"
            sheet[f"{col['确认']}{row}"] = answer
            if answer == "否":
                sheet[f"{col['扣分理由']}{row}"] = "原件已改正，电子版为草稿"
        else:
            continue
        sheet[f"{col['评查人']}{row}"] = "甲"
    workbook.save(dst)
    return dst


def test_the_workbook_prefills_document_verdicts_and_the_reviewer_can_overrule(
    tmp_path, write_register, registry
):
    register, _ = case_folder(
        tmp_path, write_register, operative="本局拟对当事人作出如下行政处罚："
    )
    sheet_path = tmp_path / "评分表.xlsx"
    make_scoring_workbook([register], sheet_path, registry=registry, review_date=REVIEW_DATE)
    sheet, col = rows_of(sheet_path)
    status = {
        row[col["评查项目编号"]]: (row[col["自动检查"]], row[col["扣分"]], row[col["检查说明"]])
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert status["W03"][0] == "不符合" and status["W03"][1] == 0.5
    assert "「拟」" in status["W03"][2]
    assert status["W01"][0] == "待人工核对" and "载明了" in status["W01"][2]
    assert status["W04"][0] == "符合"
    scores = {}
    for answer in ("是", "否"):
        marks = fill(sheet_path, tmp_path / f"评分表-{answer}.xlsx", answer)
        scored = score_review(ScoreSettings([register], [marks]), registry)
        scores[answer] = scored.results["cases"][0]["score"]
    assert scores["否"] - scores["是"] == 0.5


def test_without_documents_the_items_stay_the_reviewers(tmp_path, write_register, registry):
    register = write_register([register_row("市场监管")], name="登记表.xlsx")
    sheet_path = tmp_path / "评分表.xlsx"
    make_scoring_workbook([register], sheet_path, registry=registry, review_date=REVIEW_DATE)
    sheet, col = rows_of(sheet_path)
    status = {
        row[col["评查项目编号"]]: row[col["自动检查"]]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert {
        status[i] for i in ("V04", "V05", "V07", "N01", "N06", "S03", "W01", "W03", "W04", "W05")
    } == {"人工评查"}
