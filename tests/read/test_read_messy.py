"""A register as units keep it is read with every case at its unit, case number and Excel row."""

import datetime as dt
from decimal import Decimal

import pytest

from evaltool.read import read_registers
from evaltool.read.workbook import read_workbook

REVIEW_DATE = dt.date(2024, 6, 30)


@pytest.fixture
def register(messy_register, registry):
    read = read_registers([messy_register], registry.readers, review_date=REVIEW_DATE)
    assert read.file_errors == []
    [register] = read.registers
    return register


def by_row(register):
    return {case.row: case for case in register.cases}


def test_header_found_below_the_merged_title_rows(register):
    assert register.header_row == 3
    assert register.columns["case_no"] == ["C"]
    assert register.columns["unit"] == ["B"]


def test_cases_keep_the_excel_rows_the_user_sees(register):
    # row 5 is blank, 9 is the 合计 row, 10 and 11 are notes under the table
    assert [case.row for case in register.cases] == [4, 6, 7, 8]
    assert register.skipped_rows == [(9, "合计行"), (10, "表尾说明"), (11, "表尾说明")]


def test_case_numbers_and_units_including_a_unit_merged_down_two_rows(register):
    cases = by_row(register)
    assert [(c.case_no, c.unit) for c in cases.values()] == [
        ("甲罚〔2023〕1号", "甲局"),
        ("乙罚〔2023〕7号", "乙局"),
        ("乙罚〔2023〕8号", "乙局"),
        ("乙罚〔2023〕9号", "乙局"),
    ]


def test_dates_as_cells_text_and_excel_serials(register):
    cases = by_row(register)
    assert cases[4].get("filed_on") == dt.date(2023, 3, 1)
    assert cases[6].get("filed_on") == dt.date(2023, 3, 5)
    assert cases[6].get("decided_on") == dt.date(2023, 4, 20)
    assert cases[7].get("filed_on") == dt.date(2023, 3, 15)  # the serial 45000
    assert cases[7].get("decided_on") == dt.date(2023, 6, 1)  # "20230601"


def test_amounts_under_a_wan_header(register):
    cases = by_row(register)
    assert cases[4].get("fine") == Decimal(5000)  # 0.5 万元
    assert cases[6].get("fine") == Decimal(3500)  # "3500元" states its unit
    assert cases[7].get("fine") == Decimal(5000)  # 伍仟元


def test_wide_officer_form_keeps_certificates_aligned(register):
    cases = by_row(register)
    assert register.columns["officers"] == ["I", "K"]
    assert register.columns["officer_certs"] == ["J", "L"]
    assert cases[4].get("officers") == ["王明", "李静"]
    assert cases[4].get("officer_certs") == ["50020001", "50020002"]
    assert cases[6].get("officer_certs") == ["50020003", ""]  # 刘洋 has no number
    assert cases[7].get("officers") == ["陈杰"]
    assert cases[4].cells("officers") == ["I4", "K4"]


def test_aliases_booleans_lists_and_enums(register):
    cases = by_row(register)
    assert cases[6].get("procedure") == "普通程序"  # written 一般程序
    assert [cases[r].get("hearing_notified") for r in (4, 6, 7)] == [True, False, True]
    assert cases[6].get("penalty_kinds") == ["警告", "罚款"]
    assert cases[7].get("penalty_kinds") == ["罚款", "没收违法所得"]
    assert cases[4].get("party") == "某甲公司"


def test_unknown_columns_are_kept_as_extra_fields(register):
    cases = by_row(register)
    assert register.unmapped == {"N": "办案科室"}
    assert cases[4].get("办案科室") == "一科"
    assert cases[4].cells("办案科室") == ["N4"]
    assert cases[7].get("办案科室") is None


def test_unreadable_values_are_reported_at_their_cell_and_the_row_is_still_read(register):
    issues = {(i.cell, i.field): i for i in register.issues}
    # H6 and H7 state their unit (3500元, 伍仟元) under a 万元 header: read as stated, and said
    assert set(issues) == {("F8", "filed_on"), ("H8", "fine"), ("H6", "fine"), ("H7", "fine")}
    assert issues["F8", "filed_on"].raw == "2023年13月5日"
    assert "日期不存在" in issues["F8", "filed_on"].message
    assert issues["H8", "fine"].raw == "五千块"
    case = by_row(register)[8]
    assert set(case.issues) == {"filed_on", "fine"}
    assert case.get("filed_on") is None
    assert case.get("decided_on") == dt.date(2023, 7, 1)


def test_implausible_dates_are_reported_like_unreadable_ones(write_register):
    path = write_register(
        [
            {"案号": "A1", "当事人": "甲", "立案日期": dt.date(1989, 12, 31)},
            {"案号": "A2", "当事人": "乙", "立案日期": "2024-07-01"},
            {"案号": "A3", "当事人": "丙", "立案日期": "2024-06-30"},
        ]
    )
    [register] = read_workbook(path, review_date=REVIEW_DATE)
    assert [(i.cell, i.raw) for i in register.issues] == [
        ("C2", "1989-12-31"),
        ("C3", "2024-07-01"),
    ]
    assert all("日期不合理" in i.message for i in register.issues)
    assert register.cases[2].get("filed_on") == REVIEW_DATE


def test_header_aliases_with_spaces_brackets_and_unit_suffixes(write_sheets):
    header = [
        "案 号",
        "当事人名称",
        "罚款金额(元)",
        "没收违法所得金额（元）",
        "立案日期（年月日）",
        "*决定日期",
    ]
    path = write_sheets({"Sheet1": [header, ["A1", "甲", "1,000", 200, "2023-1-2", "2023-2-3"]]})
    [register] = read_workbook(path, review_date=REVIEW_DATE)
    case = register.cases[0]
    assert case.get("fine") == Decimal(1000)
    assert case.get("confiscated") == Decimal(200)
    assert case.get("filed_on") == dt.date(2023, 1, 2)
    assert case.get("decided_on") == dt.date(2023, 2, 3)
    assert register.unmapped == {}


def test_two_row_header_under_merged_cells(write_sheets):
    rows = [
        ["序号", "案号", "当事人", "执法人员", None, "罚款", None],
        [None, None, None, "承办人1", "承办人2", "金额（元）", "缴款日期"],
        [1, "A1", "甲", "王明", "李静", 500, "2023-05-06"],
    ]
    merges = {"Sheet1": ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"]}
    path = write_sheets({"Sheet1": rows}, merges=merges)
    [register] = read_workbook(path, review_date=REVIEW_DATE)
    assert register.header_row == 1
    [case] = register.cases
    assert case.row == 3
    assert case.get("officers") == ["王明", "李静"]
    assert case.get("fine") == Decimal(500)
    assert case.get("paid_on") == dt.date(2023, 5, 6)
    assert case.case_no == "A1"


def test_numbered_rows_without_a_case_are_not_cases(write_sheets):
    rows = [["序号", "案号", "当事人", "立案日期"], [1, "A1", "甲", "2023-01-02"], [2], [3]]
    [register] = read_workbook(write_sheets({"Sheet1": rows}), review_date=REVIEW_DATE)
    assert [c.row for c in register.cases] == [2]
    empty = "只有序号或执法单位，没有案卷内容"
    assert register.skipped_rows == [(3, empty), (4, empty)]


def test_a_field_in_two_columns_must_agree(write_sheets):
    rows = [
        ["案号", "当事人", "统一社会信用代码", "身份证号码", "立案日期", "立案时间"],
        ["A1", "甲公司", "91500000MA0000000X", None, "2023-01-02", "2023/1/2"],
        ["A2", "张三", None, "500101199001011234", "2023-01-02", "2023-01-03"],
    ]
    [register] = read_workbook(write_sheets({"Sheet1": rows}), review_date=REVIEW_DATE)
    first, second = register.cases
    assert first.get("party_id") == "91500000MA0000000X"
    assert second.get("party_id") == "500101199001011234"
    assert first.get("filed_on") == dt.date(2023, 1, 2)
    [issue] = register.issues
    assert (issue.cell, issue.field) == ("E3", "filed_on")
    assert "E3：2023-01-02；F3：2023-01-03" in issue.raw
    assert second.get("filed_on") is None
