"""No output made from automatic-only results shows an unqualified 等次: every kind is rendered
(terminal, 自查报告, 评查结果.xlsx, notices, 通报, ledger, index report) and read."""

import json
import re

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.score.results import load_results
from kit.documents import document_text
from kit.outputs import output_files
from kit.registers import FIXED_CHECKLIST, case_row

GRADES = ("优秀", "合格", "不合格")
# a grade name not followed by the qualifier (不合格（暂定 also covers the 合格 inside it)
BARE_GRADE = re.compile(r"(?:不合格|优秀|合格)(?!（暂定)")

CONFIG = f"""\
name: 2024年度行政处罚案卷评查
reviewing_body: 某区司法局
checklist: {FIXED_CHECKLIST}
review_date: 2024-06-30
inputs: [登记表.xlsx]
issue_date: 2024-07-15
document_number: {{prefix: 某司发}}
index: default
"""


def bare_grades(text: str) -> list[str]:
    """Each unqualified grade with some text around it, for the failure message."""
    return [text[max(m.start() - 20, 0) : m.end() + 10] for m in BARE_GRADE.finditer(text)]


def workbook_text(path) -> str:
    workbook = load_workbook(path, read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def output_text(path) -> str:
    return workbook_text(path) if path.suffix == ".xlsx" else document_text(path)


@pytest.fixture
def register(write_register):
    return write_register(
        [
            case_row(),  # clean: 100 automatically, with every manual item unassessed
            case_row(案号="区市监罚〔2023〕2号", 执法人员="王明"),  # veto: 不合格
            case_row(案号="区市监罚〔2023〕3号", 送达日期="2023-05-22"),  # 合格
            case_row(案号="区市监罚〔2023〕4号", 决定日期="2023-04-20", 立案日期="二〇二三年"),
        ]
    )


def test_every_output_of_an_automatic_only_run_qualifies_its_grades(runner, register, tmp_path):
    config = tmp_path / "evaltool.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "输出"
    result = runner.invoke(cli, ["run", str(config), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = [p for p in out.rglob("*") if p.suffix in (".html", ".md", ".docx", ".xlsx")]
    kinds = {p.relative_to(out).parts[0] for p in written}
    assert {"评查结果.xlsx", "整改通知书", "整改台账.xlsx", "行政执法指数"} <= kinds
    assert any(p.name.startswith("评查情况通报") for p in written)
    texts = {p.relative_to(out).as_posix(): output_text(p) for p in written}
    assert any(grade in text for text in texts.values() for grade in GRADES)  # they do appear
    unqualified = {name: bare_grades(text) for name, text in texts.items() if bare_grades(text)}
    assert unqualified == {}
    notice = next(t for n, t in texts.items() if n.startswith("整改通知书") and n.endswith(".md"))
    assert "自动检查平均分（人工评查项目" in notice


def test_check_and_its_self_check_reports_qualify_their_grades(runner, register, tmp_path):
    reports = tmp_path / "自查"
    args = ["check", str(register), "-c", str(FIXED_CHECKLIST), "--review-date", "2024-06-30"]
    result = runner.invoke(cli, [*args, "--report", str(reports), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert bare_grades(result.output) == []
    assert "自动检查平均分" in result.output and "项待核对" in result.output
    written = output_files(reports)
    assert {p.suffix for p in written} == {".html", ".md", ".docx"}
    for path in written:
        assert bare_grades(output_text(path)) == [], path.name


def test_a_file_with_items_to_check_is_never_shown_as_excellent_without_the_count(runner, register):
    args = ["check", str(register), "-c", str(FIXED_CHECKLIST), "--review-date", "2024-06-30"]
    result = runner.invoke(cli, [*args, "--fail-on", "never"])
    (line,) = [line for line in result.output.splitlines() if "区市监罚〔2023〕4号" in line]
    assert re.search(r"优秀（暂定：人工评查项目 \d+ 项未评、\d+ 项待核对）", line), line


def version_1(results: dict) -> dict:
    """A results document as evaltool wrote it before schema version 2."""
    old = json.loads(json.dumps(results))
    old["schema_version"] = 1
    del old["scope"]
    for case in old["cases"]:
        for key in ("final", "points_assessed", "points_not_assessed", "items_not_assessed"):
            del case[key]
        del case["needs_review"]
        for finding in case["findings"]:
            for key in ("reason", "automatic", "rule"):
                del finding[key]
    return old


def test_every_reader_of_results_takes_version_1_files(runner, register, tmp_path):
    new = tmp_path / "new.json"
    args = ["check", str(register), "-c", str(FIXED_CHECKLIST), "--review-date", "2024-06-30"]
    runner.invoke(cli, [*args, "--format", "json", "-o", str(new), "--fail-on", "never"])
    old = tmp_path / "old.json"
    old.write_text(json.dumps(version_1(json.loads(new.read_text("utf-8")))), encoding="utf-8")
    upgraded = load_results(old)
    assert upgraded["schema_version"] == 2 and upgraded["scope"] == "automatic"
    (case,) = [c for c in upgraded["cases"] if c["case_no"] == "区市监罚〔2023〕4号"]
    assert (case["final"], case["needs_review"], case["items_not_assessed"]) == (False, 2, 3)
    for command in (
        ["notices", str(old), "-o", str(tmp_path / "通知"), "--draft"],
        ["summary", str(old), "-o", str(tmp_path / "通报.md"), "--draft"],
        ["ledger", str(old), "-o", str(tmp_path / "台账.xlsx")],
        ["index", str(old), "-o", str(tmp_path / "指数")],
        ["diff", str(old), str(new)],
    ):
        result = runner.invoke(cli, command)
        assert result.exit_code in (0, 1), (command[0], result.output)
        assert "Traceback" not in result.output
    summary = (tmp_path / "通报.md").read_text(encoding="utf-8")
    assert bare_grades(summary) == []
