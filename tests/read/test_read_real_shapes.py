"""Registers shaped like the real and held-out ones that showed reading defects (issues 14 and 20).

Every reader and format reads them to the same cases: no footnote, total or blank row becomes a
case or a unit, every amount is in 元, and every unreadable or implausible value is one data issue
at its cell.
"""

import csv
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool.read import read_registers
from evaltool.read.workbook import read_workbook

REVIEW_DATE = dt.date(2024, 6, 30)
HEADER = ["序号", "执法单位", "案号", "当事人", "立案日期", "罚款金额（元）"]


def published_row(**changes):
    """A 双公示 record of a drugs penalty, as a provincial platform exports it."""
    row = {
        "行政相对人名称": "青山县某大药房有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1": "91500000MA5U000000",
        "行政处罚决定书文号": "青市监药罚〔2023〕12号",
        "违法行为类型": "销售劣药",
        "违法事实": "当事人销售劣药",
        "处罚依据": "《中华人民共和国药品管理法》第一百一十七条",
        "处罚类别": "罚款",
        "处罚内容": "罚款人民币壹仟元",
        "罚款金额（万元）": 0.1,
        "处罚决定日期": "2023/05/06",
        "处罚有效期": "2024/05/06",
        "公示截止期": "2026/05/06",
        "处罚机关": "青山县市场监督管理局",
        "处罚机关统一社会信用代码": "11500000MB0000000X",
        "数据来源单位": "青山县市场监督管理局",
        "数据来源单位统一社会信用代码": "11500000MB0000000X",
    }
    row.update(changes)
    return row


def read(registry, *paths):
    result = read_registers(paths, registry.readers, review_date=REVIEW_DATE)
    assert result.file_errors == []
    return result


@pytest.fixture(params=["calamine", "openpyxl"])
def engine(request):
    return request.param


# -- rows that are not cases -------------------------------------------------------------------


def test_numbered_footnotes_under_the_table_are_notes_not_cases(write_sheets, registry):
    rows = [
        ["2023年度行政处罚案卷登记表"],
        HEADER,
        [1, "甲局", "甲罚〔2023〕1号", "某公司", "2023-03-01", 5000],
        [2, "甲局", "甲罚〔2023〕2号", "张某", "2023-03-02", 200],
        ["1. 本表按立案日期排序；"],
        ["2. 罚款、没收金额单位为万元；"],
        ["（3）当事人为自然人的，证件号码不公开。"],
        ["—", "甲局"],  # a pre-numbered row left empty, its 序号 unreadable
    ]
    result = read(registry, write_sheets({"Sheet1": rows}, name="甲局.xlsx"))
    [register] = result.registers
    assert [c.case_no for c in register.cases] == ["甲罚〔2023〕1号", "甲罚〔2023〕2号"]
    assert register.skipped_rows == [
        (5, "表尾说明"),
        (6, "表尾说明"),
        (7, "表尾说明"),
        (8, "只有序号或执法单位，没有案卷内容"),
    ]
    assert register.issues == []
    # the terminal says once for the sheet how many rows were skipped and why
    [said] = [n for n in result.notes if "不是案卷" in n]
    assert "「Sheet1」有 4 行不是案卷，未读取" in said
    assert "表尾说明 3 行（第 5—7 行）" in said
    assert "只有序号或执法单位 1 行（第 8 行）" in said


def test_total_rows_with_uncached_formulas_or_error_values_are_totals(write_sheets, engine):
    rows = [
        HEADER,
        [1, "甲局", "甲罚〔2023〕1号", "某公司", "2023-03-01", 5000],
        [2, "甲局", "甲罚〔2023〕2号", "张某", "2023-03-02", 200],
        ["合计", None, None, None, None, "=SUM(F2:F3)"],  # saved by a program: no cached value
        ["总计", None, "#REF!", None, None, "#VALUE!"],
        [None, None, None, None, None, "=SUBTOTAL(9,F2:F3)"],  # a total without its label
    ]
    path = write_sheets({"Sheet1": rows}, name="汇总.xlsx")
    [register] = read_workbook(path, review_date=REVIEW_DATE, engine=engine)
    assert [c.row for c in register.cases] == [2, 3]
    assert register.skipped_rows == [(4, "合计行"), (5, "合计行"), (6, "合计行")]
    assert register.issues == []
    # no case, so no unit named after the file
    assert {c.unit for c in register.cases} == {"甲局"}


def test_a_formula_without_a_saved_value_in_a_case_row_is_still_reported(write_sheets, engine):
    rows = [HEADER, [1, "甲局", "甲罚〔2023〕1号", "某公司", "2023-03-01", "=1000*5"]]
    [register] = read_workbook(write_sheets({"S": rows}), review_date=REVIEW_DATE, engine=engine)
    [case] = register.cases
    [issue] = register.issues
    assert (issue.cell, issue.raw) == ("F2", "=1000*5")
    assert "fine" in case.issues


# -- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "执法单位：青山县应急管理局",
        "2023年度行政处罚案卷登记表（执法单位：青山县应急管理局）",
        "填报单位(盖章)：青山县应急管理局",
        "填报单位：青山县应急管理局      填报日期：2024年1月5日",
        "填报单位：青山县应急管理局填报日期：2024年1月5日",
        "执法单位 ： 青山县应急管理局",
        ("执法单位：", "青山县应急管理局"),
    ],
)
def test_the_unit_written_in_the_title_row(title, write_sheets, registry):
    rows = [
        [title] if isinstance(title, str) else list(title),
        ["序号", "执法单位", "案号", "当事人", "立案日期"],
        [1, None, "青应急罚〔2023〕1号", "某矿业公司", "2023-03-01"],
        [2, "青山县林业局", "青林罚〔2023〕1号", "某木业公司", "2023-03-02"],
    ]
    result = read(registry, write_sheets({"Sheet1": rows}, name="登记表.xlsx"))
    assert sorted((c.case_no, c.unit) for c in result.cases) == [
        ("青应急罚〔2023〕1号", "青山县应急管理局"),
        ("青林罚〔2023〕1号", "青山县林业局"),
    ]
    assert any("1 件案卷的执法单位为空，归入「青山县应急管理局」" in n for n in result.notes)


def test_a_blank_title_of_the_template_is_no_unit(write_sheets, registry):
    rows = [
        ["____年度行政处罚案卷登记表（执法单位：____________）"],
        ["填报单位：（盖章）"],
        ["案号", "当事人", "立案日期"],
        ["A1", "甲", "2023-03-01"],
    ]
    result = read(registry, write_sheets({"Sheet1": rows}, name="青山县交通运输局.xlsx"))
    assert [c.unit for c in result.cases] == ["青山县交通运输局"]


# -- values ------------------------------------------------------------------------------------


def test_an_id_number_stored_as_a_number_is_reported_not_read(write_sheets, engine):
    rows = [
        ["案号", "当事人", "证件号码", "立案日期"],
        ["A1", "张某", 500222199001011234, "2023-03-01"],
        ["A2", "李某", "500222199001015678", "2023-03-01"],
        ["A3", "某店", 12345678, "2023-03-01"],  # short numbers lose nothing
    ]
    [register] = read_workbook(write_sheets({"S": rows}), review_date=REVIEW_DATE, engine=engine)
    first, second, third = register.cases
    assert first.get("party_id") is None
    assert "party_id" in first.issues
    [issue] = register.issues
    assert issue.cell == "C2"
    assert "15 位" in issue.message and "文本" in issue.message
    assert second.get("party_id") == "500222199001015678"
    assert third.get("party_id") == "12345678"


def test_an_implausible_date_is_one_issue_that_states_the_range(write_sheets, engine):
    rows = [["案号", "当事人", "立案日期", "决定日期"], ["A1", "甲", "2023-03-01", "2032-12-04"]]
    [register] = read_workbook(write_sheets({"S": rows}), review_date=REVIEW_DATE, engine=engine)
    [issue] = register.issues
    assert (issue.cell, issue.raw) == ("D2", "2032-12-04")
    assert "日期不合理" in issue.message
    assert "1990-01-01 至 2024-06-30" in issue.message
    assert "无法识别" not in issue.message


# -- amounts: the value's unit, then the header's, then the format's --------------------------


def test_a_yuan_header_in_a_shuang_gongshi_sheet_is_read_in_yuan(write_register, registry):
    row = published_row()
    del row["罚款金额（万元）"]
    rows = [
        row | {"罚款金额(元)": 1000},
        row | {"罚款金额(元)": "0.5万元"},
        row | {"罚款金额(元)": "伍仟元"},
    ]
    [register] = read(registry, write_register(rows, name="双公示.xlsx")).registers
    assert register.format == "shuang_gongshi"
    assert [c.get("fine") for c in register.cases] == [
        Decimal(1000),
        Decimal(5000),
        Decimal(5000),
    ]
    column = register.columns["fine"][0]
    units = {i.cell: i.message for i in register.issues if i.field == "fine"}
    header_cell = f"{column}{register.header_row}"
    header = units.pop(header_cell)
    assert "按表头单位「元」读取" in header and "双公示格式默认为万元" in header
    [(cell, message)] = units.items()  # only 0.5万元 disagrees with the header
    assert cell == f"{column}3"
    assert "按金额自带的单位「万元」读取" in message and "表头单位为「元」" in message


def test_the_format_default_applies_to_a_header_without_a_unit(write_register, registry):
    row = published_row()
    del row["罚款金额（万元）"]
    [register] = read(
        registry, write_register([row | {"罚款金额": 0.5}], name="双公示.xlsx")
    ).registers
    assert register.cases[0].get("fine") == Decimal(5000)


def test_an_amount_in_its_own_unit_under_a_wan_header_says_which_applied(write_sheets, registry):
    rows = [["案号", "当事人", "罚款（万元）"], ["A1", "甲", "3500元"], ["A2", "乙", 0.35]]
    [register] = read(registry, write_sheets({"S": rows})).registers
    assert [c.get("fine") for c in register.cases] == [Decimal(3500), Decimal(3500)]
    [issue] = register.issues
    assert issue.cell == "C2"
    assert "按金额自带的单位「元」读取" in issue.message
    assert "表头单位为「万元」" in issue.message


def test_a_unit_stated_above_the_table_applies_to_amount_headers_without_one(
    write_sheets, registry
):
    rows = [
        ["2023年度行政处罚案卷登记表", None, None, None, "金额单位：万元"],
        ["案号", "当事人", "立案日期", "罚款金额", "没收金额（元）"],
        ["A1", "甲", "2023-03-01", 0.5, 300],
        ["A2", "乙", "2023-03-02", "800元", None],
    ]
    [register] = read(registry, write_sheets({"S": rows})).registers
    first, second = register.cases
    assert first.get("fine") == Decimal(5000)  # the title's 万元
    assert first.get("confiscated") == Decimal(300)  # the header's own 元 comes first
    assert second.get("fine") == Decimal(800)  # the value's own unit comes first
    [issue] = register.issues
    assert issue.cell == "D4"
    assert "标题行注明的单位为「万元」" in issue.message


def test_a_footnote_stating_a_unit_the_header_lacks_is_reported(write_sheets, registry):
    rows = [
        ["案号", "当事人", "立案日期", "罚款金额"],
        ["A1", "甲", "2023-03-01", 0.5],
        ["1. 本表按立案日期排序；"],
        ["2. 罚款、没收金额单位为万元；"],
    ]
    [register] = read(registry, write_sheets({"S": rows})).registers
    assert [c.get("fine") for c in register.cases] == [Decimal("0.5")]  # read as 元, and said
    [issue] = register.issues
    assert (issue.cell, issue.field) == ("A4", "fine")
    assert "表尾说明称金额单位为「万元」" in issue.message
    assert "表头「罚款金额」未注明单位" in issue.message


# -- 双公示 ----------------------------------------------------------------------------------


def test_shuang_gongshi_takes_the_contract_aliases(write_register, registry):
    row = published_row()
    row["处罚决定书文号"] = row.pop("行政处罚决定书文号")
    row["统一社会信用代码"] = row.pop("行政相对人代码_1")
    [register] = read(registry, write_register([row], name="双公示.xlsx")).registers
    assert register.format == "shuang_gongshi"
    [case] = register.cases
    assert case.get("decision_no") == "青市监药罚〔2023〕12号"
    assert case.get("party_id") == "91500000MA5U000000"
    # the required 决定书文号 is there, under the contract's alias
    assert not [i for i in register.issues if "行政处罚决定书文号" in (i.field, i.message)]


# -- officers ----------------------------------------------------------------------------------


def officer_cases(register):
    return [(c.get("officers"), c.get("officer_certs")) for c in register.cases]


def test_two_officer_columns_are_both_read_and_the_repeat_is_said(write_sheets, registry):
    rows = [
        ["案号", "当事人", "执法人员", "执法证号", "执法人员", "执法证号"],
        ["A1", "甲", "王明", "50020001", "李静", "50020002"],
        ["A2", "乙", "张伟", None, "刘洋", "50020004"],
    ]
    result = read(registry, write_sheets({"S": rows}, name="甲局.xlsx"))
    [register] = result.registers
    assert officer_cases(register) == [
        (["王明", "李静"], ["50020001", "50020002"]),
        (["张伟", "刘洋"], ["", "50020004"]),  # the certificate stays with its officer
    ]
    said = [n for n in result.notes if "表头「执法人员」" in n]
    assert len(said) == 1 and "C、E" in said[0]
    assert any("表头「执法证号」" in n and "D、F" in n for n in result.notes)


def test_officers_under_a_merged_header_with_sub_headers(write_sheets, engine):
    rows = [
        ["案号", "当事人", "执法人员", None],
        [None, None, "主办", "协办"],
        ["A1", "甲", "王明", "李静"],
    ]
    merges = {"S": ["A1:A2", "B1:B2", "C1:D1"]}
    path = write_sheets({"S": rows}, merges=merges)
    [register] = read_workbook(path, review_date=REVIEW_DATE, engine=engine)
    assert [c.get("officers") for c in register.cases] == [["王明", "李静"]]


def test_an_id_stored_as_a_number_in_an_extra_column_is_reported(write_register, registry):
    row = published_row(法定代表人="王某", 法定代表人证件号码=500222199001011234)
    [register] = read(registry, write_register([row], name="双公示.xlsx")).registers
    [issue] = register.issues
    assert issue.field == "法定代表人证件号码"
    assert issue.raw.startswith("50022219900101")  # as the reader gives the number back
    assert "末几位已丢失" in issue.message
    assert register.cases[0].get("法定代表人证件号码") is None


def test_an_id_exported_in_scientific_notation_is_reported(tmp_path, registry):
    path = tmp_path / "丙局.csv"
    path.write_text(
        "案号,当事人,身份证号码,立案日期\nC1,张某,5.00222E+17,2023-03-01\n", encoding="utf-8"
    )
    result = read(registry, path)
    [case] = result.cases
    assert case.get("party_id") is None
    [issue] = result.registers[0].issues
    assert (issue.cell, issue.raw) == ("C2", "5.00222E+17")
    assert "科学计数法" in issue.message


def test_two_officer_columns_in_a_csv_export(tmp_path, registry):
    path = tmp_path / "乙局.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["案号", "当事人", "执法人员", "执法人员"], ["B1", "乙", "王明", "李静"]]
        )
    [case] = read(registry, path).cases
    assert case.get("officers") == ["王明", "李静"]


# -- whatever the rows under the table hold ---------------------------------------------------

FOOTERS = st.sampled_from(
    [
        ["合计", None, None, None, None, "=SUM(F2:F9)"],
        ["小计", None, "#REF!", None, None, "#VALUE!"],
        [None, None, None, None, None, "=SUBTOTAL(9,F2:F9)"],
        ["总计", None, None, None, None, 12345],
        ["1. 本表按立案日期排序；"],
        ["2、罚款、没收金额单位为万元。"],
        ["（3）当事人为自然人的不公开证件号码"],
        ["注：金额以元计"],
        ["填表人：张三", None, "审核人：李四"],
        [7, "甲局"],
        ["—"],
        [None, "乙局"],
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(min_value=1, max_value=4),
    st.lists(FOOTERS, min_size=1, max_size=6),
    st.sampled_from(["calamine", "openpyxl"]),
)
def test_notes_totals_and_empty_rows_are_never_cases_nor_units(
    write_sheets, cases, footers, engine
):
    rows = [HEADER] + [
        [n, "甲局", f"甲罚〔2023〕{n}号", "某公司", "2023-03-01", 1000] for n in range(1, cases + 1)
    ]
    path = write_sheets({"S": rows + footers}, name="区汇总.xlsx")
    [register] = read_workbook(path, review_date=REVIEW_DATE, engine=engine)
    assert [c.case_no for c in register.cases] == [
        f"甲罚〔2023〕{n}号" for n in range(1, cases + 1)
    ]
    assert {c.unit for c in register.cases} == {"甲局"}
    assert len(register.skipped_rows) == len(footers)
    assert register.issues == []
