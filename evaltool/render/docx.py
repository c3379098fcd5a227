"""Blocks as an editable .docx laid out after GB/T 9704-2012, written with python-docx.

A4, margins 37/35/28/26 mm, body 3号 (16 pt) 仿宋_GB2312 at a fixed 28.95 pt
line pitch (22 lines a page), title 2号 (22 pt) 小标宋, headings 黑体 and 楷体,
page numbers "— 1 —" in the footer. Word and WPS substitute fonts that are
missing on the reader's machine.

Pagination (GB/T 9704 §7.3.5): headings keep with the next paragraph, the 落款 and date
with the last lines of the body (``Paragraph.keep_with_next``), table rows never split
and the header row repeats, a page break starts the next paragraph (never a blank page);
the text is marked Chinese with Latin figures, so that Word and LibreOffice apply the Chinese
line-breaking rules (no line ends with 〔) and never break inside a number; the title
starts two lines below the red line.
"""

import re
from copy import deepcopy
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from evaltool.output import printable
from evaltool.render.blocks import Block, PageBreak, Paragraph, Rule, Table
from evaltool.render.docx_package import save_document_xml

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
XML_SPACE = qn("xml:space")
_ROWS = "evaltool rows"  # the comment that marks where rows kept as text go
_ROWS_MARKER = re.compile(rb"<!--evaltool rows \d+-->")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RED = RGBColor(0xC0, 0x00, 0x00)
BODY_PT = 16
TABLE_PT = 10.5  # 五号, so that a 案号 such as 区市监罚〔2023〕12号 fits its column
LINE_PITCH = Pt(28.95)
TEXT_WIDTH_MM = 210 - 28 - 26
# in a value, what python-docx writes as an element of its own (tab, carriage return), or
# refuses (a character XML cannot hold)
_UNLIKE_TEXT = re.compile("[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
KEPT_WITH_NEXT = {"title", "heading1", "heading2", "heading3", "issuer", "docno", "addressee"}

# style name -> (font, size in pt, alignment, first-line indent in characters)
STYLES = {
    "body": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "title": (XIAOBIAOSONG, 22, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "heading1": (HEITI, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "heading2": (KAITI, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "heading3": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "issuer": (XIAOBIAOSONG, 26, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "docno": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "addressee": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "noindent": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "center": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "right": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "signature": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "draft": (HEITI, 26, WD_ALIGN_PARAGRAPH.CENTER, 0),
}


def _set_font(element, font, name: str, size: float | None = None) -> None:
    """Set Latin and East Asian fonts alike (python-docx's font.name sets only the Latin ones).

    ``element`` is a run's or style's XML element, ``font`` its python-docx Font.
    """
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        font.size = Pt(size)


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    normal = document.styles["Normal"]
    _set_font(normal.element, normal.font, FANGSONG, BODY_PT)
    # Chinese text: Word and LibreOffice then apply the Chinese line-breaking rules (禁则),
    # so that no line ends with 〔 or begins with 〕、，。
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")  # figures as Latin words: never broken
    language.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)


def _page_number(paragraph) -> None:
    """— 1 — in 4号 宋体: the PAGE field between em dashes."""
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
    paragraph.add_run(" —")
    for each in paragraph.runs:
        _set_font(each._r, each.font, SONGTI, 14)


def _paragraph(document, block: Paragraph, *, new_page: bool = False) -> None:
    font, size, align, indent = STYLES.get(block.style, STYLES["body"])
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.page_break_before = new_page or None
    fmt.keep_with_next = block.keep_with_next or block.style in KEPT_WITH_NEXT or None
    fmt.widow_control = True
    if indent:
        fmt.first_line_indent = Pt(size * indent)
    if block.style == "title":
        fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        fmt.space_after = LINE_PITCH
    if block.style == "signature":
        fmt.right_indent = Pt(BODY_PT * 4)
    for text, bold in block.runs:
        for i, line in enumerate(text.split("\n")):
            if i:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            if line:
                run = paragraph.add_run(line)
                run.bold = bold or None
                _set_font(run._r, run.font, font, size)
                if block.style in ("issuer", "draft"):
                    run.font.color.rgb = RED


def _rule(document) -> None:
    """The red separator line under the masthead, as a paragraph's bottom border."""
    paragraph = document.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "12"),
        ("w:space", "1"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.paragraph_format.space_after = LINE_PITCH  # the title begins two lines below


def _fill_cell(cell, value: str, header: bool) -> None:
    """Write ``value`` into an empty cell as Word shows table text."""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if header:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_lines(paragraph, value, header)


def _add_lines(paragraph, value: str, header: bool) -> None:
    """One run per line of ``value``, separated by line breaks."""
    for i, line in enumerate(value.split("\n")):
        if i:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        run = paragraph.add_run(line)
        run.bold = header or None
        _set_font(run._r, run.font, HEITI if header else FANGSONG, TABLE_PT)


class _BodyCells:
    """Body cells made by copying the XML that ``_fill_cell`` writes for the first body row.

    python-docx takes about 0.2 ms per run and per property; a notice with 10,000 findings
    has 140,000 runs. A copied cell is the same XML: the first body row is written with the
    API, its empty cells and one text run and one line-break run are kept as models.
    """

    def __init__(self, cells: list, widths: list):
        self.cells = []
        for cell, width in zip(cells, widths or [None] * len(cells), strict=True):
            if width is not None:
                cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            self.cells.append(deepcopy(cell._tc))
        paragraph = cells[0].paragraphs[0]
        line_break = paragraph.add_run()
        line_break.add_break(WD_BREAK.LINE)
        text = paragraph.add_run("x")
        text.bold = None
        _set_font(text._r, text.font, FANGSONG, TABLE_PT)
        self.line_break, self.text = deepcopy(line_break._r), deepcopy(text._r)
        paragraph._p.remove(line_break._r)
        paragraph._p.remove(text._r)

    def rows(self, tr, rows: list[list[str]]) -> str | None:
        """Rows like the filled body row ``tr`` holding ``rows``, as XML text (copying elements
        costs a deepcopy per cell and run); None where that cannot give the same XML: a tab or
        carriage return (python-docx writes them as elements), or a character XML cannot hold
        (python-docx refuses it)."""
        if any(_UNLIKE_TEXT.search("".join(values)) for values in rows):
            return None
        shell = deepcopy(tr)
        for tc in shell.tc_lst:
            shell.remove(tc)
        parts = [_xml(shell), *(_xml(model) for model in self.cells)]
        parts += [_xml(self.line_break), _xml(self.text)]
        if None in parts:
            return None
        row, *cells, line_break, text = parts
        ends = [(row, "</w:tr>"), *((cell, "</w:p></w:tc>") for cell in cells)]
        ends.append((text, "<w:t>x</w:t></w:r>"))
        if not all(xml.endswith(end) for xml, end in ends):
            return None
        row, *cells, run = [xml[: -len(end)] for xml, end in ends]
        if any(len(values) != len(cells) for values in rows):
            return None  # copied, which fails as the API would

        def lines(value: str) -> str:
            out = []
            for i, line in enumerate(value.split("\n")):
                if i:
                    out.append(line_break)
                if not line:  # python-docx writes an empty line as a run without text
                    out.append(f"{run}</w:r>")
                    continue
                space = ' xml:space="preserve"' if len(line.strip()) < len(line) else ""
                out.append(f"{run}<w:t{space}>{_escape_text(line)}</w:t></w:r>")
            return "".join(out)

        # most values are one line: their cells are written from these, escaped all at once
        # (the values hold no NUL: _UNLIKE_TEXT)
        plain = [f"{cell}{run}<w:t>" for cell in cells]
        spaced = [f'{cell}{run}<w:t xml:space="preserve">' for cell in cells]
        escaped = iter(_escape_text("\0".join(v for values in rows for v in values)).split("\0"))
        out = []
        for values in rows:
            out.append(row)
            for column, value in enumerate(values):
                text = next(escaped)
                if not value or "\n" in value:
                    out.append(f"{cells[column]}{lines(value)}</w:p></w:tc>")
                elif value[0].isspace() or value[-1].isspace():
                    out.append(f"{spaced[column]}{text}</w:t></w:r></w:p></w:tc>")
                else:
                    out.append(f"{plain[column]}{text}</w:t></w:r></w:p></w:tc>")
            out.append("</w:tr>")
        return "".join(out)

    def fill(self, tr, values: list[str]) -> None:
        """Replace the cells of row ``tr`` by copies of the models holding ``values``."""
        for tc, model, value in zip(tr.tc_lst, self.cells, values, strict=True):
            new = deepcopy(model)
            tr.replace(tc, new)
            if "\t" in value or "\r" in value:  # python-docx writes these as their own elements
                _add_lines(DocxParagraph(new[-1], None), value, header=False)
                continue
            p = new[-1]
            for i, line in enumerate(value.split("\n")):
                if i:
                    p.append(deepcopy(self.line_break))
                run = deepcopy(self.text)
                t = run[-1]
                if line:
                    t.text = line
                    if len(line.strip()) < len(line):
                        t.set(XML_SPACE, "preserve")
                else:
                    run.remove(t)  # python-docx writes an empty line as a run without text
                p.append(run)


def _xml(element) -> str | None:
    """An element as XML text without its namespace declaration (None if it needs another)."""
    xml = etree.tostring(element, encoding="unicode").replace(f' xmlns:w="{_W_NS}"', "", 1)
    return None if "xmlns" in xml else xml


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(document, block: Table, rows_as_text: dict | None) -> None:
    if block.caption:
        _paragraph(document, Paragraph([(block.caption, True)], "center", keep_with_next=True))
    if not block.rows:
        return
    # the header rows and the first body row with the API; the others copy the first body row
    first = block.rows[: block.header_rows + 1]
    table = document.add_table(rows=len(first), cols=len(block.rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(TEXT_WIDTH_MM * share) for share in block.widths or ()]
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
    # One pass over the rows: indexing table.rows or asking a column for its cells walks the
    # whole table each time, which made a notice with 10,000 findings take a minute.
    for r, (row, values) in enumerate(zip(table.rows, first, strict=True)):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # never split across pages
        if r >= block.header_rows:
            body = _BodyCells(list(row.cells), widths)
            body.fill(row._tr, values)
            _more_rows(table, body, row._tr, block.rows[len(first) :], rows_as_text)
            continue
        marker = OxmlElement("w:tblHeader")  # repeat the header row on every page
        row._tr.get_or_add_trPr().append(marker)
        cells = row.cells
        for cell, width in zip(cells, widths or [None] * len(cells), strict=True):
            if width is not None:  # Word reads the cells' widths, LibreOffice the grid's
                cell.width = width
        for cell, value in zip(cells, values, strict=True):
            _fill_cell(cell, value, header=True)


def build_document(blocks: list[Block], *, title: str = ""):
    """A python-docx Document holding ``blocks`` (also how the shipped .docx templates are made)."""
    return _build(blocks, title, None)


def write_docx(blocks: list[Block], path: str | Path, *, title: str = "") -> None:
    """Write blocks to ``path`` as a .docx document.

    The long tables' rows are kept as XML text (``_more_rows``) and put into the document's
    XML as it is saved: parsing them only to write them out again took most of the time.
    """
    rows: dict[bytes, bytes] = {}
    document = _build(blocks, title, rows)
    if not rows:
        document.save(str(path))
        return
    xml = _ROWS_MARKER.sub(
        lambda marker: rows[marker.group()], serialize_part_xml(document.element)
    )
    save_document_xml(document, xml, path)


def _build(blocks: list[Block], title: str, rows: dict[bytes, bytes] | None):
    document = Document()
    document.core_properties.title = printable(title)[:255]  # Word allows no longer title
    document.core_properties.author = ""
    _setup(document)
    new_page = False  # a page break starts the next paragraph on a new page (no blank page)
    for block in blocks:
        if isinstance(block, Paragraph):
            _paragraph(document, block, new_page=new_page)
        elif new_page:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if isinstance(block, Table):
            _table(document, block, rows)
        elif isinstance(block, Rule):
            _rule(document)
        new_page = isinstance(block, PageBreak)
    return document


def _more_rows(table, body: _BodyCells, tr, rows: list[list[str]], text: dict | None) -> None:
    """Append the body rows after the first, like it: as XML text where it can (left as text
    behind a marker in ``text`` when given, else parsed), else copied."""
    if not rows:
        return
    xml = body.rows(tr, rows)
    if xml is not None and text is not None:
        marker = etree.Comment(f"{_ROWS} {len(text)}")
        table._tbl.append(marker)
        text[etree.tostring(marker)] = xml.encode()
        return
    if xml is not None:
        table._tbl.extend(etree.fromstring(f'<w:tbl xmlns:w="{_W_NS}">{xml}</w:tbl>'))
        return
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        body.fill(row._tr, values)
