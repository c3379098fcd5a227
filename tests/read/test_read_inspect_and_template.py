"""``evaltool inspect`` shows how registers were understood; ``template register`` writes a blank one."""

import datetime as dt
import json

from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.fields import FIELDS
from evaltool.read import read_registers


def test_inspect_shows_header_columns_units_skipped_rows_and_issues(messy_register, runner):
    result = runner.invoke(cli, ["inspect", str(messy_register), "--review-date", "2024-06-30"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "区登记表.xlsx「2023年」（案卷登记表，由 calamine 读取）" in out
    assert "表头行：第 3 行；案卷：4 件" in out
    assert "C  案件编号 → 案号（case_no）" in out
    assert "H  罚款（万元） → 罚款金额（fine）" in out
    assert "K  承办人2 → 执法人员（officers）" in out
    assert "N  办案科室 → 未识别，保留为附加字段" in out
    assert "执法单位：乙局 3 件；甲局 1 件" in out
    assert "第 9 行（合计行）" in out
    assert "数据问题：4 个" in out
    assert "H6 罚款金额：金额自带单位「元」，表头单位为「万元」，按金额自带的单位「元」读取" in out
    assert "F8 立案日期：日期不存在（原值：2023年13月5日）" in out
    assert "登记表中没有的项目：" in out and "送达日期" in out


def test_inspect_json_for_scripts(messy_register, write_sheets, runner):
    hidden = write_sheets(
        {
            "a": [["案号", "当事人", "立案日期"], ["A1", "甲", "2023-01-02"]],
            "b": [["案号", "当事人", "立案日期"]],
        },
        hidden=("b",),
        name="两表.xlsx",
    )
    result = runner.invoke(cli, ["inspect", str(messy_register), str(hidden), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    first, sheet_a, sheet_b = report["registers"]
    assert first["header_row"] == 3
    assert first["cases"] == 4
    assert {"column": "N", "header": "办案科室"} in first["unmapped"]
    assert {"column": "B", "header": "执法机关", "field": "unit", "label": "执法单位"} in first[
        "columns"
    ]
    assert first["units"] == [{"unit": "乙局", "cases": 3}, {"unit": "甲局", "cases": 1}]
    assert {"row": 10, "reason": "表尾说明"} in first["skipped_rows"]
    assert {i["cell"] for i in first["data_issues"]} == {"F8", "H8", "H6", "H7"}
    assert (sheet_a["sheet"], sheet_a["hidden"], sheet_a["units"]) == (
        "a",
        False,
        [{"unit": "a", "cases": 1}],
    )
    assert (sheet_b["sheet"], sheet_b["hidden"], sheet_b["cases"]) == ("b", True, 0)
    assert any("「b」是隐藏工作表，已读取" in n for n in report["notes"])


def test_inspect_with_nothing_readable_exits_2(tmp_path, runner):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"")
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert "无法读取：" in result.output and "文件为空" in result.output
    assert "错误：没有读取到任何登记表" in result.stderr
    assert "Traceback" not in result.output


def test_blank_template_has_headers_dropdowns_formats_and_a_guide(tmp_path, runner):
    path = tmp_path / "登记表.xlsx"
    result = runner.invoke(cli, ["template", "register", "-o", str(path), "--rows", "50"])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["登记表", "填写说明"]
    sheet = workbook["登记表"]
    assert "年度行政处罚案卷登记表" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == [f.header for f in FIELDS]
    assert sheet.freeze_panes == "A3"
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    column = {f.key: sheet.cell(row=2, column=i).column_letter for i, f in enumerate(FIELDS, 1)}
    assert (
        lists[f"{column['procedure']}3:{column['procedure']}52"] == '"普通程序,简易程序,快速办理"'
    )
    assert (
        lists[f"{column['party_type']}3:{column['party_type']}52"]
        == '"自然人,法人及非法人组织,个体工商户"'
    )
    assert "没收违法所得" in lists[f"{column['penalty_kinds']}3:{column['penalty_kinds']}52"]
    assert lists[f"{column['hearing_notified']}3:{column['hearing_notified']}52"] == '"是,否"'
    assert sheet[f"{column['filed_on']}3"].number_format == "yyyy-mm-dd"
    assert sheet[f"{column['party_id']}3"].number_format == "@"
    guide = [row for row in workbook["填写说明"].iter_rows(values_only=True)]
    explained = {row[0] for row in guide}
    assert {f.header for f in FIELDS} <= explained


def test_a_filled_in_template_reads_back(tmp_path, runner, registry):
    path = tmp_path / "登记表.xlsx"
    runner.invoke(cli, ["template", "register", "-o", str(path), "--rows", "20"])
    workbook = load_workbook(path)
    sheet = workbook["登记表"]
    values = {
        "序号": 1,
        "执法单位": "区市场监管局",
        "案号": "区市监罚〔2023〕1号",
        "立案日期": dt.date(2023, 3, 5),
    }
    for index, field in enumerate(FIELDS, start=1):
        sheet.cell(row=3, column=index, value=values.get(field.header))
    workbook.save(path)
    read = read_registers([path], registry.readers, review_date=dt.date(2024, 6, 30))
    assert read.file_errors == [] and read.notes == []
    [case] = read.cases
    assert (case.row, case.unit, case.case_no) == (3, "区市场监管局", "区市监罚〔2023〕1号")
    assert case.get("filed_on") == dt.date(2023, 3, 5)


def test_template_does_not_overwrite_without_force(tmp_path, runner):
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(b"keep me")
    result = runner.invoke(cli, ["template", "register", "-o", str(path)])
    assert result.exit_code == 2
    assert "已存在" in result.stderr
    assert path.read_bytes() == b"keep me"
    assert runner.invoke(cli, ["template", "register", "-o", str(path), "--force"]).exit_code == 0
    assert load_workbook(path)["登记表"]["A2"].value == "序号"
