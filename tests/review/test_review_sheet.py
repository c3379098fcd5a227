"""`evaltool sheet`: the scoring workbook a reviewer fills in."""

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import REVIEW_DATE, sheet_rows, write_checklist

HEADERS = ["执法单位", "案号", "评查项目编号", "评查内容", "分值", "扣分", "扣分理由", "评查人"]


@pytest.fixture
def register(write_register):
    return write_register(
        [
            case_row(案号="甲1"),
            case_row(案号="甲2", 送达日期="2023-05-05"),  # S01 fails automatically
            case_row(执法单位="区城市管理局", 案号="-乙1", 执法人员="王明"),  # V01 fails (veto)
            case_row(执法单位="区城市管理局", 案号="乙2", 程序类型="简易程序"),  # out of scope
        ]
    )


def make_sheet(runner, tmp_path, register, *extra):
    out = tmp_path / "评分表.xlsx"
    args = ["sheet", str(register), "-c", str(write_checklist(tmp_path)), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--review-date", REVIEW_DATE, *extra])
    return result, out


def test_one_sheet_per_unit_with_a_row_per_case_and_item(runner, tmp_path, register):
    result, out = make_sheet(runner, tmp_path, register)
    assert result.exit_code == 0, result.output
    assert "1件简易程序案卷（乙2）：程序类型为「简易程序」" in result.output
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["填写说明", "区市场监督管理局", "区城市管理局", "评查项目"]
    cover = {row[0]: row[1] for row in workbook["填写说明"].iter_rows(values_only=True) if row[0]}
    assert (cover["评查标准编号"], cover["评查标准版本"], cover["评查日期"]) == (
        "review-test",
        "1",
        REVIEW_DATE,
    )
    rows = sheet_rows(out, "区市场监督管理局")
    assert set(HEADERS) <= set(rows[0])
    assert [(r["案号"], r["评查项目编号"]) for r in rows[:7]] == [
        ("甲1", i) for i in ("V01", "V03", "D01", "D02", "S01", "S02", "本卷")
    ]
    assert rows[6]["评查内容"].startswith("本卷其余项目无问题")
    assert len(rows) == 14  # two files, six items and the per-file confirmation each
    s01 = next(r for r in rows if (r["案号"], r["评查项目编号"]) == ("甲2", "S01"))
    assert (s01["自动检查"], s01["扣分"], s01["分值"]) == ("不符合", 20, 20)
    assert "送达" in s01["检查说明"]
    v03 = next(r for r in rows if r["评查项目编号"] == "V03")
    assert (v03["自动检查"], v03["分值"], v03["扣分"]) == ("人工评查", "否决项", None)
    other = sheet_rows(out, "区城市管理局")
    assert other[0]["案号"] == "-乙1"  # formula-looking text stays text
    assert load_workbook(out)["区城市管理局"]["B2"].quotePrefix


def test_automatic_cells_are_locked_and_reviewer_cells_unlocked_and_validated(
    runner, tmp_path, register
):
    _, out = make_sheet(runner, tmp_path, register)
    sheet = load_workbook(out)["区市场监督管理局"]
    assert sheet.protection.sheet
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    row = {(sheet[f"B{r}"].value, sheet[f"C{r}"].value): r for r in range(2, sheet.max_row + 1)}

    def cell(header, key):
        return sheet[f"{column[header]}{row[key]}"]

    assert cell("扣分", ("甲1", "D01")).value == 0  # automatic pass, prefilled …
    assert not cell("扣分", ("甲1", "D01")).protection.locked  # … and the reviewer may overrule
    assert cell("确认", ("甲1", "D01")).protection.locked
    assert cell("自动检查", ("甲1", "D01")).protection.locked
    assert not cell("扣分", ("甲1", "D02")).protection.locked  # manual item
    assert not cell("评查人", ("甲1", "D02")).protection.locked
    assert cell("扣分", ("甲2", "S01")).value == 20  # automatic failure: confirm or overrule
    assert not cell("确认", ("甲2", "S01")).protection.locked
    assert not cell("确认", ("甲1", "本卷")).protection.locked  # 本卷其余项目无问题
    validations = {
        (v.type, v.formula1, v.formula2): str(v.sqref)
        for v in sheet.data_validations.dataValidation
    }
    deduct, confirm = column["扣分"], column["确认"]
    assert f"{deduct}{row['甲1', 'D02']}" in validations["decimal", "0", "30"]
    assert f"{deduct}{row['甲1', 'V03']}" in validations["list", '"是,否"', None]
    assert f"{confirm}{row['甲2', 'S01']}" in validations["list", '"是,否"', None]
    assert f"{deduct}{row['甲1', 'D01']}" in validations["decimal", "0", "20"]
    assert sheet.freeze_panes == "D2"  # header, unit, 案号 and item id stay in view
    assert all(v.showErrorMessage for v in sheet.data_validations.dataValidation)


def test_reviewer_sheets_share_files_for_cross_review(runner, tmp_path, register):
    result, out = make_sheet(
        runner, tmp_path, register, "--reviewers", "甲,乙,丙", "--per-file", "2"
    )
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["填写说明", "甲", "乙", "丙", "评查项目"]
    files = {name: {r["案号"] for r in sheet_rows(out, name)} for name in ("甲", "乙", "丙")}
    for case_no in ("甲1", "甲2", "-乙1"):
        assert sum(case_no in assigned for assigned in files.values()) == 2
    rows = sheet_rows(out, "乙")
    assert {r["评查人"] for r in rows if r["自动检查"] == "人工评查"} == {"乙"}


def test_sample_list_restricts_the_files(runner, tmp_path, register, write_register):
    sample = write_register([{"执法单位": "区市场监督管理局", "案号": "甲2"}], name="清单.xlsx")
    result, out = make_sheet(runner, tmp_path, register, "--sample", str(sample))
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames == ["填写说明", "区市场监督管理局", "评查项目"]
    assert {r["案号"] for r in sheet_rows(out, "区市场监督管理局")} == {"甲2"}


def test_a_sample_list_naming_an_unknown_file_is_an_error(
    runner, tmp_path, register, write_register
):
    sample = write_register([{"执法单位": "区市场监督管理局", "案号": "甲9"}], name="清单.xlsx")
    result, out = make_sheet(runner, tmp_path, register, "--sample", str(sample))
    assert result.exit_code == 2
    assert "清单.xlsx「Sheet1」B2：登记表中没有案卷「区市场监督管理局」「甲9」" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reviewers", "甲", "--per-file", "2"], "--per-file 应在 1 到评查人数（1）之间"),
        (
            ["--review-date", "2024-13-01"],
            "日期应为 2024-03-01、2024/3/1 或 2024年3月1日 这样的形式",
        ),
    ],
)
def test_bad_options_exit_2(runner, tmp_path, register, extra, message):
    result, _ = make_sheet(runner, tmp_path, register, *extra)
    assert result.exit_code == 2
    assert message in result.output


def test_unreadable_register_exits_2(runner, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(cli, ["sheet", str(bad), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2
    assert "坏.xlsx" in result.output and "没有读取到任何登记表" in result.output


def test_the_workbook_is_made_for_people(runner, tmp_path, register):
    result, out = make_sheet(runner, tmp_path, register)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    legend = sheet_rows(out, "评查项目")
    assert [(r["评查项目编号"], r["评查项目"]) for r in legend][:3] == [
        ("V01", "执法人员不少于两人"),
        ("V03", "事实清楚证据确凿"),
        ("D01", "按期决定"),
    ]
    sheet = workbook["区市场监督管理局"]
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert widths["扣分理由"] >= 30 and widths["评查内容"] >= 40 and widths["检查说明"] >= 40
    cover = "\n".join(
        str(v) for row in workbook["填写说明"].iter_rows(values_only=True) for v in row if v
    )
    assert str(tmp_path) not in cover  # no absolute path of the machine
    facts = {row[0]: row[1] for row in workbook["填写说明"].iter_rows(values_only=True) if row[0]}
    assert (facts["评查标准文件"], facts["登记表"]) == ("标准.yaml", "登记表.xlsx")


def test_one_printable_scoring_sheet_per_file(runner, tmp_path, register):
    folder = tmp_path / "打印"
    args = ["sheet", str(register), "-c", str(write_checklist(tmp_path))]
    result = runner.invoke(cli, [*args, "--review-date", REVIEW_DATE, "--print", str(folder)])
    assert result.exit_code == 0, result.output
    assert "可打印评分表 3 份" in result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "区城市管理局--乙1-评分表.html",
        "区市场监督管理局-甲1-评分表.html",
        "区市场监督管理局-甲2-评分表.html",
    ]
    page = (folder / "区市场监督管理局-甲2-评分表.html").read_text(encoding="utf-8")
    assert "行政处罚案卷评查评分表" in page and "甲2" in page and "2024年6月30日" in page
    assert "自动检查：不符合（" in page  # S01 served late, prefilled with its deduction
    assert "<th>备注</th>" in page


def test_sheet_needs_a_workbook_or_a_print_folder(runner, tmp_path, register):
    result = runner.invoke(cli, ["sheet", str(register)])
    assert result.exit_code == 2
    assert "请用 -o 指定评分表" in result.output
