"""Reading 文书: docx, PDF with a text layer and txt into fields with locations; matching them to cases."""

import datetime as dt
from decimal import Decimal

import pytest

from evaltool.errors import DocumentError
from evaltool.read.documents import read_document, read_documents
from kit.casefiles import (
    SECTORS,
    decision,
    notice,
    service_record,
    write_docx,
    write_pdf,
    write_scanned_pdf,
    write_txt,
)

WRITERS = {
    "docx": lambda path, paragraphs: write_docx(path, paragraphs),
    "pdf": lambda path, paragraphs: write_pdf(path, paragraphs),
    "txt": lambda path, paragraphs: write_txt(path, paragraphs),
    "txt-gb18030": lambda path, paragraphs: write_txt(path, paragraphs, "gb18030"),
}


@pytest.mark.parametrize("sector", list(SECTORS))
@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_decision_is_read_into_its_fields_in_every_format(tmp_path, sector, fmt):
    s = SECTORS[sector]
    suffix = "txt" if fmt.startswith("txt") else fmt
    path = WRITERS[fmt](tmp_path / f"决定书.{suffix}", decision(sector))
    doc = read_document(path)
    assert doc.kind == "decision"
    assert doc.get("decision_no") == s["decision_no"]
    assert doc.get("party_name") == s["party"]
    assert doc.get("fine") == Decimal(s["fine"])
    assert doc.get("fine_in_words") == s["fine_words"]
    assert doc.get("payment_days") == 15
    assert doc.get("late_fee_stated") is True
    assert doc.get("review_days") == 60
    assert doc.get("litigation_period") == "六个月"
    assert doc.get("authority") == s["authority"]
    assert doc.get("issued_on") == s["issued"]
    assert doc.get("truncated") is False
    assert s["penalty_basis"] in doc.get("basis_penalty")
    assert s["violated"] in doc.get("basis_violated")
    assert "罚款" in doc.get("penalty_kinds")


def test_the_party_block_is_split_into_name_id_address_and_representative(tmp_path):
    doc = read_document(write_docx(tmp_path / "a.docx", decision("市场监管")))
    assert doc.get("party_id") == "91500222MA5U1234XY"
    assert doc.get("party_type") == "法人及非法人组织"
    assert doc.get("legal_rep") == "张某某"
    assert doc.get("address") == "重庆市綦江区古南街道某某路1号"
    assert doc.get("confiscation") == Decimal(96)
    person = read_document(write_docx(tmp_path / "b.docx", decision("城管综合执法")))
    assert person.get("party_name") == "王某某"
    assert person.get("party_id") == "500222198803151234"
    assert person.get("party_type") == "自然人"
    assert person.get("address") == "重庆市綦江区文龙街道某某小区3栋2单元"


def test_every_field_says_where_it_stands(tmp_path):
    doc = read_document(write_docx(tmp_path / "决定书.docx", decision("市场监管")))
    assert doc.fields["decision_no"].location.paragraph == 3
    assert doc.fields["party_name"].location.paragraph == 4
    assert "第4段" in doc.fields["party_name"].location.describe()
    assert "决定书.docx" in doc.fields["party_name"].location.describe()
    paragraphs = decision("市场监管")  # 20 paragraphs, 6 a page: the date is on page 4
    pdf = read_document(write_pdf(tmp_path / "决定书.pdf", paragraphs, per_page=6))
    assert pdf.fields["issued_on"].location.page == 4
    assert pdf.fields["party_name"].location.page == 1
    assert "第4页" in pdf.fields["issued_on"].location.describe()


def test_a_field_the_document_does_not_state_is_absent(tmp_path):
    doc = read_document(write_docx(tmp_path / "a.docx", decision("生态环境", relief=False)))
    assert "review_days" not in doc.fields
    assert "litigation_period" not in doc.fields
    assert doc.get("review_days") is None


def test_a_document_without_its_closing_authority_and_date_is_truncated(tmp_path):
    doc = read_document(write_docx(tmp_path / "a.docx", decision("交通", closing=False)))
    assert doc.get("truncated") is True


@pytest.mark.parametrize(
    ("paragraphs", "kind"),
    [
        (notice("市场监管"), "notice"),
        (notice("城管综合执法", hearing=False), "notice"),
        (service_record("交通"), "service"),
        (["重庆市綦江区林业局", "立案审批表", "案件来源：群众举报"], "filing"),
        (["法制审核意见书", "经审核，本案事实清楚"], "legal_review"),
        (["现场检查笔录", "检查时间：2023年3月2日"], "other"),
    ],
)
def test_the_kind_is_read_from_the_title(tmp_path, paragraphs, kind):
    assert read_document(write_docx(tmp_path / "x.docx", paragraphs)).kind == kind


def test_a_service_record_in_a_table_names_the_decision_it_served(tmp_path):
    path = write_docx(tmp_path / "送达回证.docx", service_record("交通"), table=True)
    doc = read_document(path)
    assert doc.kind == "service"
    assert doc.get("decision_no") == SECTORS["交通"]["decision_no"]
    assert doc.get("party_name") == "刘某某"
    assert doc.get("issued_on") == dt.date(2023, 8, 9)


def test_a_notice_states_the_proposed_fine(tmp_path):
    doc = read_document(write_docx(tmp_path / "告知书.docx", notice("生态环境")))
    assert doc.get("fine") == Decimal(30000)
    assert doc.get("issued_on") == SECTORS["生态环境"]["notified"]
    assert doc.get("party_name") == SECTORS["生态环境"]["party"]


def test_a_scanned_pdf_is_reported_per_file_and_the_rest_is_read(tmp_path):
    write_scanned_pdf(tmp_path / "扫描件.pdf")
    write_docx(tmp_path / "决定书.docx", decision("市场监管"))
    (tmp_path / "损坏.docx").write_bytes(b"not a zip")
    (tmp_path / "~$决定书.docx").write_bytes(b"lock file")
    read = read_documents([tmp_path])
    assert [d.file.name for d in read.documents] == ["决定书.docx"]
    assert len(read.errors) == 2
    scanned = next(e for e in read.errors if "扫描件.pdf" in e)
    assert "没有文字层" in scanned
    assert any("损坏.docx" in e and "无法读取" in e for e in read.errors)


def test_an_unreadable_file_raises_a_chinese_error(tmp_path):
    path = tmp_path / "坏.txt"
    path.write_bytes(b"\xff\xfe\x00\xd8 broken")
    with pytest.raises(DocumentError, match=r"坏\.txt"):
        read_document(path)


def test_reading_never_modifies_the_documents(tmp_path):
    path = write_docx(tmp_path / "决定书.docx", decision("林业"))
    before = path.read_bytes()
    read_documents([tmp_path])
    assert path.read_bytes() == before


def test_an_item_number_in_brackets_stays_part_of_the_citation(tmp_path):
    basis = "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项"
    doc = read_document(write_docx(tmp_path / "a.docx", decision("市场监管", penalty_basis=basis)))
    assert doc.get("basis_penalty") == [basis]
