"""The printable scoring sheet (评查评分表): HTML and xlsx, as a reviewer would print them."""

import html
import zipfile

import pytest
from openpyxl import load_workbook

from evaltool.checklist.load import load_checklist
from evaltool.cli import cli
from evaltool.render.checklist_sheet import COLUMNS, grade_bands, render_html, write_xlsx

STANDARD = """
    id: sheet
    title: 测试评查标准
    version: "2"
    scoring:
      total: 10
      veto_effect: deduct
      veto_deduction: 100
      grades: [{name: 优秀, min: 9}, {name: 良好, min: 8}, {name: 合格, min: 6}, {name: 不合格, min: 0}]
    groups:
      - id: veto
        title: 否决项
        veto: true
        items:
          - {id: V1, title: 执法人员不少于两人, requirement: 不少于两人, check: officers.min_two}
      - id: main
        title: 文书<制作>
        points: 10
        items:
          - id: W1
            title: "=HYPERLINK(\\"http://x\\",\\"点我\\")"
            requirement: <script>alert(1)</script>
            points: 4
            deduct: {each: 1}
            basis: 行政处罚法第五十九条
            manual: true
          - {id: W2, title: "+1 规范", points: 6, deduct: {range: [1, 3]}, manual: true}
"""


@pytest.fixture
def standard(write_checklist, registry):
    return load_checklist(write_checklist(STANDARD), registry.checks)


HEADER = {
    "被评查单位": "区市场监督管理局",
    "案号": "区市监罚〔2023〕1号",
    "评查人": "张三",
    "日期": "2024-06-30",
}


def test_html_sheet_has_columns_header_rows_and_escapes_text(standard):
    page = render_html(standard, HEADER)
    for column in COLUMNS:
        assert f"<th>{column}</th>" in page
    for name, value in HEADER.items():
        assert f'{name}：<span class="blank">{html.escape(value, quote=False)}</span>' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "文书&lt;制作&gt;（10分）" in page
    assert "每处扣1分，扣完为止" in page and "视情况扣1-3分" in page
    assert "不符合的，扣100分，总分扣完为止" in page  # the veto row states the effect
    assert "□符合<br>□不符合" in page
    for band in grade_bands(standard):
        assert f"□{band}" in page
    assert "良好（8分及以上、不足9分）" in grade_bands(standard)


def test_blank_header_for_printing(standard):
    page = render_html(standard)
    assert page.count('<span class="blank"></span>') >= 4


def test_xlsx_sheet_layout_and_formula_looking_text_stays_text(standard, tmp_path):
    path = tmp_path / "sheet.xlsx"
    write_xlsx(standard, path, HEADER)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "行政处罚案卷评查评分表"
    header_cells = [sheet.cell(row=r, column=c).value for r in (3, 4) for c in (1, 4)]
    assert header_cells == [f"{k}：{v}" for k, v in HEADER.items()]
    assert [sheet.cell(row=6, column=c).value for c in range(1, 9)] == list(COLUMNS)
    assert sheet.print_title_rows == "$6:$6"
    rows = [[sheet.cell(row=r, column=c).value for c in range(1, 9)] for r in range(7, 10)]
    assert [r[1] for r in rows] == ["V1", "W1", "W2"]
    assert rows[0][3] == "否决" and rows[1][3] == "4" and rows[2][3] == "6"
    formula_cell = sheet.cell(row=8, column=3)
    assert formula_cell.value.startswith('=HYPERLINK("http://x","点我")')
    assert formula_cell.data_type == "s"
    assert sheet.cell(row=9, column=3).value.startswith("+1 规范")
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.column_dimensions["C"].width > 3 * sheet.column_dimensions["B"].width
    assert (
        sheet.cell(row=10, column=1).value == "合计" and sheet.cell(row=10, column=4).value == "10"
    )


def test_cli_writes_html_and_xlsx_sheets(runner, tmp_path, write_checklist, monkeypatch):
    path = write_checklist(STANDARD)
    out = tmp_path / "out" / "sheet.html"
    result = runner.invoke(
        cli,
        ["checklist", "show", str(path), "--format", "html", "-o", str(out), "--unit", "某局"],
    )
    assert result.exit_code == 0, result.output
    assert '被评查单位：<span class="blank">某局</span>' in out.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["checklist", "show", str(path), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert "sheet-评查评分表.xlsx" in result.output
    sheet = load_workbook(tmp_path / "sheet-评查评分表.xlsx").active
    assert sheet["A1"].value == "行政处罚案卷评查评分表"
