"""calamine (the fast reader) and openpyxl (the fallback) read the same files to the same cases."""

import datetime as dt

import pytest

from evaltool.read import workbook
from evaltool.read.workbook import read_workbook

REVIEW_DATE = dt.date(2024, 6, 30)


def dump(registers):
    """Everything a reader produces that a user or a check can see."""
    return [
        {
            "sheet": r.sheet,
            "header_row": r.header_row,
            "columns": r.columns,
            "unmapped": r.unmapped,
            "headers": r.headers,
            "format": r.format,
            "hidden": r.hidden,
            "skipped": r.skipped_rows,
            "title_unit": r.title_unit,
            "notes": r.notes,
            "issues": [i.as_dict() for i in r.issues],
            "cases": [
                (c.row, c.unit, c.values, {k: i.as_dict() for k, i in c.issues.items()})
                for c in r.cases
            ],
        }
        for r in registers
    ]


def read_with_both(path):
    notes = {"calamine": [], "openpyxl": []}
    results = {
        engine: read_workbook(
            path, review_date=REVIEW_DATE, engine=engine, note=notes[engine].append
        )
        for engine in ("calamine", "openpyxl")
    }
    assert {r.reader for r in results["calamine"]} == {"calamine"}
    assert {r.reader for r in results["openpyxl"]} == {"openpyxl"}
    assert notes["calamine"] == notes["openpyxl"]
    return dump(results["calamine"]), dump(results["openpyxl"])


def test_the_messy_register(messy_register):
    fast, fallback = read_with_both(messy_register)
    assert fast == fallback
    assert len(fast[0]["cases"]) == 4


def test_dates_with_times_odd_cells_and_a_table_that_does_not_start_at_a1(write_sheets):
    rows = [
        [],
        [],
        [None, None, "2023年行政处罚案卷登记表"],
        [None, None, "案号", "当事人", "立案日期", "决定日期", "罚款金额", "备注", "听证告知"],
        [None, None, "A1", "#N/A", dt.datetime(2023, 3, 5, 10, 30), 45000.75, 1.5, True, 1],
        [
            None,
            None,
            20230001,
            "#DIV/0!",
            dt.time(9, 30),
            dt.datetime(2023, 4, 1),
            -3,
            "=1+1",
            "否",
        ],
        [None, None, "A3", 1e20, "2023-02-29", "2023/4/1 8:00", "1e3", dt.date(2023, 5, 6), 0],
    ]
    path = write_sheets(
        {"登记表": rows},
        merges={"登记表": ["C3:K3"]},
        formats={"E5": "yyyy-mm-dd hh:mm", "F6": "yyyy-mm-dd", "J7": "yyyy-mm-dd"},
    )
    fast, fallback = read_with_both(path)
    assert fast == fallback
    [register] = fast
    assert register["header_row"] == 4
    assert register["columns"]["case_no"] == ["C"]
    rows_read = {row: (values, issues) for row, _, values, issues in register["cases"]}
    assert rows_read[5][0]["filed_on"] == dt.date(2023, 3, 5)
    assert rows_read[5][1]["party"]["raw"] == "#N/A"
    assert rows_read[6][0]["case_no"] == "20230001"
    assert rows_read[6][1]["remarks"]["raw"] == "=1+1"


def test_several_sheets_hidden_ones_and_sheets_without_a_register(write_sheets):
    header = ["案号", "当事人", "立案日期", "执法人员"]
    path = write_sheets(
        {
            "甲局": [header, ["A1", "甲", "2023-01-05", "王明、李静"]],
            "说明": [["本表由各单位填写"]],
            "空白": [],
            "旧表": [["标题"], header, ["B1", "乙", dt.date(2023, 2, 1), "张伟"]],
        },
        hidden=("旧表",),
    )
    fast, fallback = read_with_both(path)
    assert fast == fallback
    assert [(r["sheet"], r["hidden"]) for r in fast] == [("甲局", False), ("旧表", True)]


def test_notes_say_which_sheets_were_left_out(write_sheets):
    header = ["案号", "当事人", "立案日期"]
    path = write_sheets(
        {
            "甲局": [header, ["A1", "甲", "2023-01-05"]],
            "说明": [["本表由各单位填写"]],
            "空白": [],
            "下拉选项": [["普通程序"], ["简易程序"]],
            "乙局": [["案号", "当事人", "日期"], ["B1", "乙", "2023-01-05"]],
            "丙局": [*([[]] * 10), header, ["C1", "丙", "2023-01-05"]],
        },
        hidden=("下拉选项",),
    )
    notes = []
    read_workbook(path, review_date=REVIEW_DATE, note=notes.append)
    assert len(notes) == 3
    assert "「下拉选项」是隐藏工作表，其中没有登记表，未读取" in notes[0]
    assert "「乙局」：前 10 行中找不到表头行" in notes[1]
    assert "「丙局」：前 10 行是空行，第 11 行才有内容" in notes[2]


def test_fallback_to_openpyxl_when_calamine_cannot_parse(messy_register, monkeypatch):
    from contextlib import contextmanager

    @contextmanager
    def broken(path):
        raise workbook.EngineFailure("calamine failed")
        yield

    monkeypatch.setitem(workbook.ENGINES, "calamine", broken)
    registers = read_workbook(messy_register, review_date=REVIEW_DATE)
    assert [r.reader for r in registers] == ["openpyxl"]
    assert len(registers[0].cases) == 4


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_a_wrong_dimension_record_does_not_cut_rows(write_sheets, tmp_path, engine):
    """Exporters often write <dimension ref="A1"/>; every row must still be read."""
    import zipfile

    rows = [["案号", "当事人", "立案日期"], *([f"A{n}", "甲", "2023-01-02"] for n in range(1, 6))]
    path = write_sheets({"Sheet1": rows})
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C6"', b'<dimension ref="A1"')
                assert b'<dimension ref="A1"' in data
            target.writestr(item, data)
    [register] = read_workbook(patched, review_date=REVIEW_DATE, engine=engine)
    assert [c.case_no for c in register.cases] == [f"A{n}" for n in range(1, 6)]


def test_an_xlsx_saved_under_an_xls_name_is_read_by_both(messy_register, tmp_path):
    renamed = tmp_path / "导出.xls"
    renamed.write_bytes(messy_register.read_bytes())
    fast, fallback = read_with_both(renamed)
    assert fast == fallback
    assert len(fast[0]["cases"]) == 4


def test_notes_totals_title_unit_and_repeated_officers(write_sheets):
    rows = [
        ["2023年度行政处罚案卷登记表（执法单位：青山县应急管理局）"],
        ["序号", "案号", "当事人", "证件号码", "罚款金额(元)", "执法人员", "执法人员"],
        [1, "A1", "张某", 500222199001011234, "0.5万元", "王明", "李静"],
        [2, "A2", "某公司", "91500000MA5U000000", 2000, "王明", None],
        ["合计", None, None, "#REF!", "=SUM(E3:E4)"],
        ["1. 本表按立案日期排序；"],
        ["—"],
        [None, None, None, None, "=SUBTOTAL(9,E3:E4)"],
    ]
    fast, fallback = read_with_both(write_sheets({"S": rows}))
    assert fast == fallback
    assert [row for row, *_ in fast[0]["cases"]] == [3, 4]
    assert [row for row, _ in fast[0]["skipped"]] == [5, 6, 7, 8]
    assert fast[0]["title_unit"] == "青山县应急管理局"
    assert len(fast[0]["notes"]) == 1  # 执法人员 in F and G
