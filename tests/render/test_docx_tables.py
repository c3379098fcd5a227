"""Long tables in .docx: the copied-XML fast path writes exactly what python-docx's API writes."""

import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.render.blocks import Paragraph, Table
from evaltool.render.docx import (
    FANGSONG,
    HEITI,
    TABLE_PT,
    TEXT_WIDTH_MM,
    _set_font,
    _setup,
    build_document,
    write_docx,
)


def _reference_docx(block: Table, path) -> None:
    """The table written cell by cell and run by run with python-docx's own API."""
    document = Document()
    _setup(document)
    table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.widths:
        table.autofit = False
        for column, share in zip(table.columns, block.widths, strict=True):
            column.width = Mm(TEXT_WIDTH_MM * share)
            for cell in column.cells:
                cell.width = Mm(TEXT_WIDTH_MM * share)
    for r, values in enumerate(block.rows):
        row = table.rows[r]
        header = r < block.header_rows
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        if header:
            properties.append(OxmlElement("w:tblHeader"))
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, line in enumerate(value.split("\n")):
                if i:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                run = paragraph.add_run(line)
                run.bold = header or None
                _set_font(run._r, run.font, HEITI if header else FANGSONG, TABLE_PT)
    document.save(str(path))


def _table_xml(path) -> bytes:
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml")
    return body[body.index(b"<w:tbl>") : body.rindex(b"</w:tbl>")]


CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("案号 \t\r\n甲乙a1（）")),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.lists(CELL_TEXT, min_size=3, max_size=3), min_size=1, max_size=6),
    header_rows=st.integers(min_value=0, max_value=2),
    with_widths=st.booleans(),
)
def test_table_xml_is_what_the_api_writes(tmp_path_factory, rows, header_rows, with_widths):
    block = Table(rows, header_rows=header_rows, widths=[0.2, 0.3, 0.5] if with_widths else [])
    folder = tmp_path_factory.mktemp("docx")
    write_docx([block], folder / "fast.docx")
    _reference_docx(block, folder / "reference.docx")
    assert _table_xml(folder / "fast.docx") == _table_xml(folder / "reference.docx")


def test_long_finding_table_keeps_every_row_and_line(tmp_path):
    rows = [["序号", "问题"]] + [[str(n), f"第{n}项\n依据 {n}"] for n in range(1, 2001)]
    write_docx([Table(rows, header_rows=1, widths=[0.2, 0.8])], tmp_path / "长表.docx")
    table = Document(str(tmp_path / "长表.docx")).tables[0]
    assert len(table.rows) == 2001
    assert table.rows[-1].cells[1].text == "第2000项\n依据 2000"


# Text of findings as most are: no tabs or carriage returns, so every row after the first body
# row is written as XML text (spaces to keep, empty lines, markup characters).
PLAIN_TEXT = st.text(alphabet=st.sampled_from(list("案号 \n甲乙a1（）&<>\"'　")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(PLAIN_TEXT, min_size=3, max_size=3), min_size=2, max_size=8),
    header_rows=st.integers(min_value=0, max_value=1),
    with_widths=st.booleans(),
)
def test_rows_written_as_xml_text_are_what_the_api_writes(
    tmp_path_factory, rows, header_rows, with_widths
):
    block = Table(rows, header_rows=header_rows, widths=[0.2, 0.3, 0.5] if with_widths else [])
    folder = tmp_path_factory.mktemp("docx")
    write_docx([block], folder / "fast.docx")
    _reference_docx(block, folder / "reference.docx")
    assert _table_xml(folder / "fast.docx") == _table_xml(folder / "reference.docx")


@settings(max_examples=30, deadline=None)
@given(
    tables=st.lists(
        st.lists(st.lists(CELL_TEXT, min_size=2, max_size=2), min_size=1, max_size=5),
        min_size=1,
        max_size=3,
    )
)
def test_a_document_with_rows_kept_as_text_is_the_document_python_docx_saves(
    tmp_path_factory, tables
):
    """write_docx puts the rows it kept as XML text into document.xml as it saves: the same
    package, part for part, as python-docx's save of the same document built as elements."""
    blocks = [
        block
        for n, rows in enumerate(tables)
        for block in (Paragraph([(f"表{n}", False)]), Table(rows, header_rows=1))
    ]
    folder = tmp_path_factory.mktemp("docx")
    write_docx(blocks, folder / "fast.docx", title="自查报告")
    build_document(blocks, title="自查报告").save(str(folder / "saved.docx"))
    with (
        zipfile.ZipFile(folder / "fast.docx") as fast,
        zipfile.ZipFile(folder / "saved.docx") as saved,
    ):
        assert fast.namelist() == saved.namelist()
        for part in saved.namelist():
            assert fast.read(part) == saved.read(part), part
    document = Document(str(folder / "fast.docx"))
    assert [len(table.rows) for table in document.tables] == [len(rows) for rows in tables]
    assert document.core_properties.title == "自查报告"
