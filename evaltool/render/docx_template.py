""".docx documents from .docx templates a clerk edits in Word or WPS (docxtpl; docs/templates.md).

A .docx template is looked up like the HTML ones: in the user's template folders first, then in
the shipped ``evaltool.templates``. It renders in an overlay of the documents' environment: the
same immutable sandbox, strict undefined variables, filters and plugin extras, with every value
escaped for XML and cleared of control characters (no value can break the document's XML).
Paragraph and row properties (keep with next, rows not split, the red line) are the template's
own, so a clerk's layout survives rendering.
"""

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.ns import qn
from docx.shared import Emu

from evaltool.output import printable
from evaltool.render.environment import TemplateError, template_errors

_TC, _TC_WIDTH = qn("w:tc"), f"{qn('w:tcPr')}/{qn('w:tcW')}"
_W, _TYPE = qn("w:w"), qn("w:type")
_LISTING = re.compile("[\t\n\a\f]")  # what docxtpl's resolve_listing turns into Word markup


def find_docx_template(env: jinja2.Environment, name: str) -> Path | None:
    """The first ``name`` in the environment's template folders (user folders first), or None."""
    for folder in env.loader.searchpath:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


@cache
def _template_class():
    """docxtpl's DocxTemplate (loaded on first use), skipping its pass for tabs and line breaks
    in values when there are none: that pass runs regexes over every paragraph."""
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        def resolve_listing(self, xml):
            return super().resolve_listing(xml) if _LISTING.search(xml) else xml

    return Template


def _plain_case_no(value) -> str:
    """A 案号 as text: Word and WPS keep 〔2023〕3号 together by the template's Chinese
    line-breaking rules (the HTML filter's ``<span class="nobr">`` has no place in a .docx)."""
    return "" if value is None else str(value)


def _finalize(value):
    """Every string printed as text: control characters removed, and markup (an HTML filter's
    output, a chart's SVG) escaped like any value, so that nothing can break the XML."""
    return printable(str(value)) if isinstance(value, str) else value


def docx_environment(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` for .docx XML: autoescaped, control characters removed, ``case_no`` as text."""
    overlay = env.overlay(autoescape=True, finalize=_finalize)
    overlay.filters = {**env.filters, "case_no": _plain_case_no}  # overlays share the dict
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
    _fit_tables(template.docx)
    properties = template.docx.core_properties
    properties.title = printable(title)[:255]  # Word allows no longer title
    properties.author = properties.last_modified_by = properties.comments = ""
    template.save(str(path))
    # python-docx's parts refer to each other, so the document waits for the cycle collector;
    # emptying its body frees the XML of a long notice now (gc.collect would walk every object)
    template.docx.element.body.clear()


def _fit_tables(document) -> None:
    """Give every table the text width, its columns in proportion to its first row's cells.

    Cell loops and conditions (``{%tc %}``) change the number of columns, and docxtpl then
    spreads the grid evenly; the cells' own widths say what the template meant. Widths are set
    on the XML directly: python-docx's property takes a tenth of the time of a long notice.
    """
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        rows = table._tbl.tr_lst
        columns = table._tbl.tblGrid.gridCol_lst
        widths = [tc.width for tc in rows[0].tc_lst] if rows else []
        if not widths or None in widths or len(widths) != len(columns):
            continue
        scale = text_width / sum(widths)
        fitted = [Emu(int(width * scale)) for width in widths]
        for column, width in zip(columns, fitted, strict=True):
            column.w = width
        for tr in rows:
            for tc, width in zip(tr.iterchildren(_TC), fitted, strict=False):
                tc_width = tc.find(_TC_WIDTH)
                if tc_width is None:
                    tc.width = width
                else:
                    tc_width.set(_W, str(width.twips))
                    tc_width.set(_TYPE, "dxa")
