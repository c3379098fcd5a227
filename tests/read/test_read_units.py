"""Units: one workbook per unit, one sheet per unit, a unit column, given as files, folders or globs."""

import datetime as dt

from evaltool.read import read_registers

REVIEW_DATE = dt.date(2024, 6, 30)
HEADER = ["案号", "当事人", "立案日期"]


def read(registry, *inputs, unit=None):
    return read_registers(inputs, registry.readers, unit=unit, review_date=REVIEW_DATE)


def units(result):
    return sorted((c.unit, c.case_no) for c in result.cases)


def test_any_mix_of_files_folders_and_globs(write_sheets, tmp_path, registry):
    # a folder of one workbook per unit (the file name is the unit)
    write_sheets({"Sheet1": [HEADER, ["甲1", "a", "2023-01-02"]]}, name="各单位/甲局.xlsx")
    write_sheets({"Sheet1": [HEADER, ["乙1", "b", "2023-01-02"]]}, name="各单位/乙局.xlsx")
    (tmp_path / "各单位" / "~$甲局.xlsx").write_bytes(b"lock file of an open workbook")
    # a workbook with one sheet per unit (the sheet name is the unit)
    write_sheets(
        {
            "丙局": [HEADER, ["丙1", "c", "2023-01-02"]],
            "丁局": [HEADER, ["丁1", "d", "2023-01-02"]],
        },
        name="汇总/分表.xlsx",
    )
    # one sheet with a unit column (the column wins)
    write_sheets(
        {
            "全部": [
                ["执法单位", *HEADER],
                ["戊局", "戊1", "e", "2023-01-02"],
                ["己局", "己1", "f", "2023-01-02"],
            ]
        },
        name="汇总/合表.xlsx",
    )
    result = read(
        registry,
        tmp_path / "各单位",
        str(tmp_path / "汇总" / "*.xlsx"),
        tmp_path / "各单位" / "甲局.xlsx",
    )
    assert result.file_errors == []
    assert units(result) == [
        ("丁局", "丁1"),
        ("丙局", "丙1"),
        ("乙局", "乙1"),
        ("己局", "己1"),
        ("戊局", "戊1"),
        ("甲局", "甲1"),  # named twice (folder and file), read once
    ]


def test_recursive_glob(write_sheets, tmp_path, registry):
    write_sheets({"S": [HEADER, ["A1", "a", "2023-01-02"]]}, name="2023/一季度/甲局.xlsx")
    write_sheets({"S": [HEADER, ["B1", "b", "2023-01-02"]]}, name="2023/二季度/乙局.xlsx")
    result = read(registry, str(tmp_path / "2023" / "**" / "*.xlsx"))
    assert units(result) == [("乙局", "B1"), ("甲局", "A1")]


def test_a_glob_that_matches_nothing_is_reported(tmp_path, registry):
    result = read(registry, str(tmp_path / "没有" / "*.xlsx"))
    assert result.registers == []
    assert len(result.file_errors) == 1
    assert "文件不存在" in result.file_errors[0]


def test_unit_option_overrides_every_source(write_sheets, registry):
    path = write_sheets(
        {
            "甲": [["执法单位", *HEADER], ["某局", "A1", "a", "2023-01-02"]],
            "乙": [HEADER, ["B1", "b", "2023-01-02"]],
        }
    )
    result = read(registry, path, unit="区应急管理局")
    assert {c.unit for c in result.cases} == {"区应急管理局"}


def test_blank_unit_cells_fall_back_to_the_file_and_say_so(write_sheets, registry):
    rows = [
        ["执法单位", *HEADER],
        ["甲局", "A1", "a", "2023-01-02"],
        [None, "A2", "b", "2023-01-02"],
    ]
    path = write_sheets({"Sheet1": rows}, name="区执法局.xlsx")
    result = read(registry, path)
    assert units(result) == [("区执法局", "A2"), ("甲局", "A1")]
    assert any("1 件案卷的执法单位为空，归入「区执法局」" in n for n in result.notes)
