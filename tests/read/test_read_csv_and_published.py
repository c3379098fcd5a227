"""CSV exports in the encodings government systems use, and the national 双公示 format."""

import datetime as dt
from decimal import Decimal

import pytest

from evaltool.fields import SHUANG_GONGSHI_HEADERS
from evaltool.read import read_registers

REVIEW_DATE = dt.date(2024, 6, 30)
CSV_TEXT = (
    "2023年度行政处罚案卷登记表\n"
    "序号,执法单位,案号,当事人,立案日期,罚款金额（万元）,执法人员\n"
    '1,甲局,甲罚〔2023〕1号,"某公司, 分店",2023/3/5,0.5,"王明、李静"\n'
    "\n"
    "2,甲局,甲罚〔2023〕2号,张某,2023年13月1日,伍仟元,张伟\n"
    "合计,,,,,0.5,\n"
)


def read(registry, *paths):
    return read_registers(paths, registry.readers, review_date=REVIEW_DATE)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_every_encoding_reads_the_same(encoding, tmp_path, registry):
    path = tmp_path / "甲局.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    result = read(registry, path)
    assert result.file_errors == []
    [register] = result.registers
    assert register.header_row == 2
    first, second = register.cases
    assert (first.row, first.unit, first.case_no) == (3, "甲局", "甲罚〔2023〕1号")
    assert first.get("party") == "某公司, 分店"
    assert first.get("filed_on") == dt.date(2023, 3, 5)
    assert first.get("fine") == Decimal(5000)
    assert first.get("officers") == ["王明", "李静"]
    assert second.row == 5
    assert second.get("fine") == Decimal(5000)
    assert [(i.cell, i.raw) for i in register.issues] == [
        ("E5", "2023年13月1日"),
        ("F5", "伍仟元"),  # 元 in a 万元 column: read as stated, and said
    ]
    assert register.skipped_rows == [(6, "合计行")]


def test_csv_separated_by_tabs(tmp_path, registry):
    path = tmp_path / "乙局.csv"
    path.write_text("案号\t当事人\t立案日期\nB1\t乙\t2023-01-02\n", encoding="utf-8")
    [case] = read(registry, path).cases
    assert (case.case_no, case.get("party"), case.unit) == ("B1", "乙", "乙局")


def test_bad_csv_files(tmp_path, registry):
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    excel = tmp_path / "其实是表格.csv"
    excel.write_bytes(b"PK\x03\x04rest of a zip")
    undecodable = tmp_path / "乱码.csv"
    undecodable.write_bytes("案号,当事人\n".encode() + b"\x81\x20\xff\xfe\n")
    result = read(registry, empty, excel, undecodable)
    assert result.registers == []
    messages = "\n".join(result.file_errors)
    assert "空.csv：文件为空" in messages
    assert "其实是表格.csv：这是 Excel 文件而不是 CSV，请把扩展名改为 .xlsx" in messages
    assert "乱码.csv：无法识别文件编码" in messages


def published_row(**changes):
    row = {
        "行政相对人名称": "重庆某商贸有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1": "91500000MA5U000000",
        "法定代表人": "王某",
        "证件号码": None,
        "行政处罚决定书文号": "渝市监罚〔2023〕12号",
        "违法行为类型": "销售过期食品",
        "违法事实": "当事人销售超过保质期的食品",
        "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
        "处罚类别": "警告;罚款",
        "处罚内容": "警告，罚款人民币伍仟元",
        "罚款金额（万元）": 0.5,
        "没收违法所得、没收非法财物的金额（万元）": None,
        "处罚决定日期": "2023/05/06",
        "处罚有效期": "2099/12/31",
        "公示截止期": "2026/05/06",
        "处罚机关": "重庆市某区市场监督管理局",
        "处罚机关统一社会信用代码": "11500000MB0000000X",
        "数据来源单位": "重庆市某区市场监督管理局",
        "数据来源单位统一社会信用代码": "11500000MB0000000X",
        "备注": None,
    }
    row.update(changes)
    return row


def test_shuang_gongshi_records_are_recognised_and_read(write_register, registry):
    rows = [
        published_row(),
        published_row(
            **{
                "行政相对人名称": "李某",
                "行政相对人类别": "自然人",
                "行政相对人代码_1": None,
                "证件号码": "500101199001011234",
                "罚款金额（万元）": "2000元",
                "违法事实": None,
            }
        ),
    ]
    [register] = read(registry, write_register(rows, name="双公示.xlsx")).registers
    assert register.format == "shuang_gongshi"
    company, person = register.cases
    assert company.get("party") == "重庆某商贸有限公司"
    assert company.get("party_id") == "91500000MA5U000000"
    assert person.get("party_id") == "500101199001011234"
    assert company.get("decision_no") == "渝市监罚〔2023〕12号"
    assert company.get("decided_on") == dt.date(2023, 5, 6)
    assert company.get("penalty_kinds") == ["警告", "罚款"]
    assert company.get("fine") == Decimal(5000)  # 万元
    assert person.get("fine") == Decimal(2000)
    assert company.get("违法事实") == "当事人销售超过保质期的食品"
    assert company.get("处罚有效期") == "2099/12/31"  # an extra field, not checked as a date
    assert company.unit == "重庆市某区市场监督管理局"
    unit, blank = register.issues
    assert (unit.cell, unit.raw) == ("L3", "2000元")
    assert "按金额自带的单位「元」读取" in unit.message
    assert blank.cell == "H3"
    assert blank.message == "双公示必填项「违法事实」为空"


def test_shuang_gongshi_without_required_columns_says_which(write_register, registry):
    row = published_row()
    for header in ("违法事实", "处罚机关统一社会信用代码"):
        del row[header]
    [register] = read(registry, write_register([row], name="双公示.xlsx")).registers
    assert register.format == "shuang_gongshi"
    assert {(i.field, i.message) for i in register.issues} == {
        ("违法事实", "缺少双公示必填列"),
        ("处罚机关统一社会信用代码", "缺少双公示必填列"),
    }


def test_the_whole_national_header_row_is_known(write_register, registry):
    row = {header: None for header in SHUANG_GONGSHI_HEADERS} | published_row()
    [register] = read(registry, write_register([row], name="双公示.xlsx")).registers
    assert register.format == "shuang_gongshi"
    assert register.issues == []
    assert set(register.unmapped.values()) <= set(SHUANG_GONGSHI_HEADERS)
