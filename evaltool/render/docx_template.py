""".docx documents from .docx templates a clerk edits in Word or WPS (docxtpl; docs/templates.md).

A .docx template is looked up like the HTML ones: in the user's template folders first, then in
the shipped ``evaltool.templates``. It renders in an overlay of the documents' environment: the
same immutable sandbox, strict undefined variables, filters and plugin extras, with every value
escaped for XML and cleared of control characters (no value can break the document's XML).
Paragraph and row properties (keep with next, rows not split, the red line) are the template's
own, so a clerk's layout survives rendering.
"""

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.ns import qn
from docx.shared import Emu
from lxml import etree

from evaltool.output import printable
from evaltool.render.docx_package import XML_DECLARATION, save_document_xml
from evaltool.render.environment import TemplateError, template_errors

_TC = qn("w:tc")
_TBL, _TR, _GRID, _GRID_COL = qn("w:tbl"), qn("w:tr"), qn("w:tblGrid"), qn("w:gridCol")
_BODY = qn("w:body")
_BODY_TAG = re.compile(r"<w:body((?:\s[^>]*)?)>")
_DECLARATION = re.compile(r'\sxmlns(?::([\w.-]+))?="([^"]*)"')
_SPAN_OF_CELL = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
_SPAN = f"{_TC}/{_SPAN_OF_CELL}"
_WIDTH_OF_CELL = f"{qn('w:tcPr')}/{qn('w:tcW')}"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_W, _TYPE = qn("w:w"), qn("w:type")
_LISTING = "\t\n\a\f"  # what docxtpl's resolve_listing turns into Word markup
_TAG = re.compile(r"<[^>]+>")
# a Jinja statement (its keyword and the rest), expression or comment; an XML tag
_PIECES = re.compile(
    r"\{%[-+]?\s*(\w*)(.*?)%\}|\{\{.*?\}\}|\{#.*?#\}|<(/?)([^\s/>]+)[^>]*?(/?)>", re.S
)
_BLOCKS = {"if", "for", "with", "filter", "call", "macro", "autoescape"}
_STATEMENTS = {"set", "do", "break", "continue"}
_PROPERTIES = {"w:tblPr", "w:tblGrid", "w:trPr", "w:tcPr"}
_ROWLESS = re.compile(r"</w:tblGrid>(?!<w:tr[ >])")  # a table whose rows were all dropped
# docxtpl's escapes of braces in values
_UNESCAPE = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))


def find_docx_template(env: jinja2.Environment, name: str) -> Path | None:
    """The first ``name`` in the environment's template folders (user folders first), or None."""
    for folder in env.loader.searchpath:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


@cache
def _template_class():
    """docxtpl's DocxTemplate (loaded on first use), made cheap for long documents.

    The template's XML is the same for every document: it is patched once (docxtpl's regexes
    over the whole template) and compiled once (``docx_environment`` caches ``from_string``).
    The pass for tabs and line breaks in values runs only when a value has one: it runs
    regexes over every paragraph. docxtpl's fix of the table grids walks every cell of every
    row in Python; a table whose rows all fit its grid needs none, and only a table that
    does not is handed to docxtpl. Drawings' ids are renumbered only when there are drawings.
    A rendered body that neither docxtpl's fixes nor ``_fit_tables`` would change (``_needs_no_fix``)
    is not parsed at all: ``render_docx`` saves it as text (``save_document_xml``).
    """
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        rendered_xml = None  # the rendered document.xml, when it needs no fix (saved as it is)

        def patch_xml(self, src_xml):
            return _patched(src_xml)

        def build_xml(self, context, jinja_env=None):
            self.patched_body = self.patch_xml(self.get_xml())
            return self.render_xml_part(self.patched_body, self.docx._part, context, jinja_env)

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            """docxtpl's, without the line break it puts before each paragraph of the template
            and takes out of the rendered XML: it only gives a syntax error's line, which
            compiling the template with the line breaks (``_syntax_error``) gives as well."""
            self.current_rendering_part = part
            try:
                template = jinja_env.from_string(src_xml)
            except jinja2.TemplateSyntaxError as exc:
                raise _syntax_error(jinja_env, src_xml) or exc from None
            dst_xml = template.render(context)
            for escaped, plain in _UNESCAPE:
                dst_xml = dst_xml.replace(escaped, plain)
            return self.resolve_listing(dst_xml)

        def resolve_listing(self, xml):
            listing = any(character in xml for character in _LISTING)
            return super().resolve_listing(xml) if listing else xml

        def fix_tables(self, xml):
            if _needs_no_fix(self.patched_body, xml, _text_width(self.docx)):
                self.rendered_xml = _whole_xml(self.docx.element, xml)
                if self.rendered_xml is not None:
                    return None
            root = _whole_document(self.docx.element, xml)
            body = root.find(_BODY) if root is not None else None
            if body is not None and all(_fits_grid(table) for table in body.iter(_TBL)):
                self.rendered_root = root
                return body
            return super().fix_tables(xml)

        def map_tree(self, tree):
            if tree is None:  # the rendered XML is saved as text (``save_document_xml``)
                return
            root = getattr(self, "rendered_root", None)
            if root is None or tree.getparent() is not root:
                return super().map_tree(tree)
            # the rendered body was parsed inside a whole document, which takes the template's
            # place: moving a long body between documents costs more than parsing it
            self.docx._element = self.docx.part._element = root
            self.docx._Document__body = None  # python-docx's cached body of the old element

        def fix_docpr_ids(self, tree):
            if tree is not None and next(tree.iter(_DOC_PR), None) is not None:
                super().fix_docpr_ids(tree)

    return Template


def _whole_document(template_root, body: str):
    """The template's document element around the rendered ``body``, parsed as docxtpl parses it
    (recovering) with python-docx's element classes. None when the template's XML is not laid
    out as expected."""
    whole = _whole_xml(template_root, body)
    return None if whole is None else etree.fromstring(whole, parser=_document_parser())


def _whole_xml(template_root, body: str) -> str | None:
    """The template's document element around the rendered ``body``, as text; the body's
    namespace declarations that the document element makes already are left out, as moving the
    body into it does. None when the template's XML is not laid out as expected."""
    shell = etree.tostring(template_root, encoding="unicode")
    start, end = shell.find("<w:body"), shell.rfind("</w:body>")
    tag = _BODY_TAG.match(body)
    if start < 0 or end < 0 or shell.count("<w:body") != 1 or tag is None:
        return None
    declared = template_root.nsmap
    kept = "".join(
        declaration.group()
        for declaration in _DECLARATION.finditer(tag.group(1))
        if declared.get(declaration.group(1) or None) != declaration.group(2)
    )
    if _DECLARATION.sub("", tag.group(1)).strip():  # the body has attributes of its own
        return None
    return f"{shell[:start]}<w:body{kept}>{body[tag.end() :]}{shell[end + len('</w:body>') :]}"


@cache
def _document_parser(recover: bool = True):
    from docx.oxml.parser import element_class_lookup

    parser = etree.XMLParser(recover=recover)
    parser.set_element_class_lookup(element_class_lookup)
    return parser


@lru_cache(maxsize=16)
def _patched(xml: str) -> str:
    """A template's XML patched by docxtpl (its patching uses no state of the template)."""
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, xml)


def _syntax_error(env: jinja2.Environment, xml: str) -> jinja2.TemplateSyntaxError | None:
    """The syntax error of the template ``xml`` as docxtpl reports it: compiled with a line
    break before each paragraph, the error's line and its neighbours (``docx_context``) are the
    template's text near it. None if it compiles so (it then has no such error)."""
    lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    try:
        env.from_string(lined)
    except jinja2.TemplateSyntaxError as exc:
        if exc.lineno is not None:
            first = max(exc.lineno - 4, 0)
            exc.docx_context = [
                _TAG.sub("", line) for line in lined.splitlines()[first : first + 7]
            ]
        return exc
    return None


def _fits_grid(table) -> bool:
    """Whether docxtpl's ``fix_tables`` leaves ``table`` as it is: no row (nested tables'
    rows included, as docxtpl counts them) has more cells than the grid has columns, and one
    row spans them all."""
    grid = table.find(_GRID)
    columns = len(grid.findall(_GRID_COL)) if grid is not None else 0
    spanned = False
    for row in table.iter(_TR):
        cells = len(row.findall(_TC))
        if cells > columns:
            return False
        if cells == columns and not spanned:
            spanned = row.find(_SPAN) is None
    return spanned


def _needs_no_fix(patched: str, body: str, text_width: int | None) -> bool:
    """Whether docxtpl's fixes (table grids, drawings' ids) and ``_fit_tables`` leave the
    ``body`` rendered from the template body ``patched`` as it is: rendering only repeated or
    dropped rows of the template's fitted tables (``_fixed_tables``), every table kept a row,
    there is no drawing, and the last section (which gives the text width) is the template's."""
    tail = _fixed_tables(patched, text_width) if text_width else None
    return (
        tail is not None
        and body.endswith(tail)
        and "docPr" not in body
        and _ROWLESS.search(body) is None
    )


@lru_cache(maxsize=16)
def _fixed_tables(patched: str, text_width: int) -> str | None:
    """The template body ``patched`` from its last section's properties on, when rendering it
    can only repeat or drop whole rows of tables that need no fix (``_nested``, ``_fitted``);
    else None."""
    start = patched.rfind("<w:sectPr")
    if start < 0 or not _nested(patched):
        return None
    try:
        body = etree.fromstring(patched, parser=_document_parser(recover=False))
    except etree.XMLSyntaxError:
        return None
    fitted = all(_fitted(table, text_width) for table in body.iter(_TBL))
    return patched[start:] if fitted else None


def _nested(xml: str) -> bool:
    """Whether each Jinja block of the template body ``xml`` opens and closes inside one XML
    element, and no Jinja sits between a row's cells (as ``{%tc %}`` does), in table, row or
    cell properties, or inside a tag: rendering then repeats or drops whole elements, and of a
    table only whole rows. A table inside another, or a statement not known here, says no."""
    elements: list[tuple[str, int]] = []  # the open elements: name, and which one it is
    blocks: list[tuple[str, int]] = []  # the open blocks: keyword, and the element they are in
    for number, piece in enumerate(_PIECES.finditer(xml), 1):
        keyword, rest, closing, name, empty = piece.group(1, 2, 3, 4, 5)
        if name is not None:  # an XML tag
            if "{{" in piece.group() or "{%" in piece.group():
                return False
            if name[0] in "!?" or empty:
                continue
            if closing:
                if not elements or elements.pop()[0] != name:
                    return False
            elif name == "w:tbl" and any(open_name == name for open_name, _ in elements):
                return False
            else:
                elements.append((name, number))
            continue
        inside, element = elements[-1] if elements else (None, 0)
        if inside == "w:tr" or any(open_name in _PROPERTIES for open_name, _ in elements):
            return False
        if keyword is None:  # an expression or a comment: text, so never between rows
            if inside == "w:tbl":
                return False
            continue
        if keyword in _BLOCKS or (keyword == "set" and "=" not in rest):
            blocks.append((keyword, element))
        elif keyword in ("elif", "else"):
            if not blocks or blocks[-1][1] != element:
                return False
        elif keyword.startswith("end"):
            if not blocks or blocks.pop() != (keyword[3:], element):
                return False
        elif keyword not in _STATEMENTS:
            return False
    return not elements and not blocks


def _fitted(table, text_width: int) -> bool:
    """Whether every row of ``table`` fills its grid (docxtpl's fix leaves it) with cells of
    their column's width as ``_fit_tables`` gives it (which then leaves them), none spanning
    columns, and no table is nested in it."""
    grid = table.find(_GRID)
    rows = table.findall(_TR)
    if grid is None or not rows or any(inner is not table for inner in table.iter(_TBL)):
        return False
    columns = grid.findall(_GRID_COL)
    fitted = _fitted_widths([tc.width for tc in rows[0].findall(_TC)], columns, text_width)
    if fitted is None or len(rows) != sum(1 for _ in table.iter(_TR)):
        return False
    twips = [str(width.twips) for width in fitted]
    if [column.get(_W) for column in columns] != twips:
        return False
    for row in rows:
        cells = row.findall(_TC)
        if len(cells) != len(twips) or any(cell.find(_SPAN_OF_CELL) is not None for cell in cells):
            return False
        widths = [cell.find(_WIDTH_OF_CELL) for cell in cells]
        if any(
            width is None or (width.get(_W), width.get(_TYPE)) != (column, "dxa")
            for width, column in zip(widths, twips, strict=True)
        ):
            return False
    return True


def _plain_case_no(value) -> str:
    """A 案号 as text: Word and WPS keep 〔2023〕3号 together by the template's Chinese
    line-breaking rules (the HTML filter's ``<span class="nobr">`` has no place in a .docx)."""
    return "" if value is None else str(value)


def _finalize(value):
    """Every string printed as text: control characters removed, and markup (an HTML filter's
    output, a chart's SVG) escaped like any value, so that nothing can break the XML."""
    return printable(str(value)) if isinstance(value, str) else value


@cache
def docx_environment(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` for .docx XML: autoescaped, control characters removed, ``case_no`` as text.

    One overlay per environment, which compiles each template's XML once: docxtpl hands it the
    same XML for every document (``from_string`` would compile it again each time).
    """
    overlay = env.overlay(autoescape=True, finalize=_finalize)
    overlay.filters = {**env.filters, "case_no": _plain_case_no}  # overlays share the dict
    overlay.from_string = lru_cache(maxsize=16)(overlay.from_string)
    return overlay


def render_docx(
    env: jinja2.Environment, name: str, context: dict[str, Any], path: str | Path, *, title: str
) -> None:
    """Render the .docx template ``name`` with ``context`` and save it to ``path``."""
    source = find_docx_template(env, name)
    if source is None:
        raise TemplateError(f"找不到模板「{name}」（查找位置：{'、'.join(env.loader.searchpath)}）")
    try:
        template = _template_class()(source)
        template.init_docx()
    except Exception as exc:
        raise TemplateError(
            f"模板 {source} 不是可以读取的 Word 文档（.docx）：{type(exc).__name__}: {exc}"
        ) from exc
    with template_errors(env, str(source)):
        try:
            template.render(context, jinja_env=docx_environment(env))
        except jinja2.TemplateSyntaxError as exc:
            near = "".join(getattr(exc, "docx_context", None) or ()).strip()
            raise TemplateError(
                f"模板 {source}：模板语法错误：{exc.message}"
                + (f"（出错处附近的文字：{near[:120]}）" if near else "")
            ) from exc
    properties = template.docx.core_properties
    properties.title = printable(title)[:255]  # Word allows no longer title
    properties.author = properties.last_modified_by = properties.comments = ""
    rendered = getattr(template, "rendered_xml", None)  # docxtpl's own class has none
    if rendered is not None:
        save_document_xml(template.docx, XML_DECLARATION + rendered.encode(), path)
        return
    _fit_tables(template.docx)
    template.save(str(path))
    # python-docx's parts refer to each other, so the document waits for the cycle collector;
    # emptying its body frees the XML of a long notice now (gc.collect would walk every object)
    template.docx.element.body.clear()


def _text_width(document) -> int | None:
    """The width between the margins of the document's last section (None if not all set)."""
    section = document.sections[-1]
    sizes = (section.page_width, section.left_margin, section.right_margin)
    return None if None in sizes else sizes[0] - sizes[1] - sizes[2]


def _fitted_widths(widths: list, columns: list, text_width: int) -> list[Emu] | None:
    """The table's columns' widths: the first row's cells' ``widths`` scaled to the text width;
    None (the table is left as it is) unless every cell of it has a width, one per column."""
    if not widths or None in widths or len(widths) != len(columns):
        return None
    scale = text_width / sum(widths)
    return [Emu(int(width * scale)) for width in widths]


def _fit_tables(document) -> None:
    """Give every table the text width, its columns in proportion to its first row's cells.

    Cell loops and conditions (``{%tc %}``) change the number of columns, and docxtpl then
    spreads the grid evenly; the cells' own widths say what the template meant. Widths are set
    on the XML directly, a column at a time: python-docx's property, or a loop over every cell,
    takes a tenth of the time of a long notice.
    """
    text_width = _text_width(document)
    for table in document.tables:
        first_row = table._tbl.find(_TR)  # not tr_lst: a long table has tens of thousands
        columns = table._tbl.tblGrid.gridCol_lst
        widths = [tc.width for tc in first_row.tc_lst] if first_row is not None else []
        fitted = _fitted_widths(widths, columns, text_width)
        if fitted is None:
            continue
        for column, width in zip(columns, fitted, strict=True):
            column.w = width
        if not _widths_differ(table._tbl, fitted):
            continue
        for column, width in enumerate(fitted, 1):  # a column at a time, found by XPath
            twips = str(width.twips)
            for tc_width in table._tbl.xpath(f"w:tr/w:tc[{column}]/w:tcPr/w:tcW"):
                tc_width.set(_W, twips)
                tc_width.set(_TYPE, "dxa")
            for tc in table._tbl.xpath(f"w:tr/w:tc[{column}][not(w:tcPr/w:tcW)]"):
                tc.width = width


def _widths_differ(table, widths: list[Emu]) -> bool:
    """Whether a cell of ``table`` has no width, or another one than its column's ``widths``
    (twips, type dxa): rows repeated from a template row mostly have theirs already, and one
    XPath over the rows says so instead of a pass over every cell per column."""
    columns = " or ".join(
        f"(position() = {column} and (not(w:tcPr/w:tcW)"
        f" or w:tcPr/w:tcW[not(@w:w = '{width.twips}' and @w:type = 'dxa')]))"
        for column, width in enumerate(widths, 1)
    )
    return bool(table.xpath(f"boolean(w:tr/w:tc[{columns}])"))
