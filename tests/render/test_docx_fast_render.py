"""The .docx documents render cheaply (each template patched and compiled once, docxtpl's fixes
only where needed, a document.xml that needs none saved as rendered) and exactly as docxtpl
itself renders them: the same document.xml, compared as canonical XML (C14N: the same elements,
attributes and text, whatever the quoting of a character or the place of a namespace
declaration), and every other part byte for byte."""

import zipfile

import pytest
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Twips
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from evaltool.config import load_config
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from evaltool.render import DocumentSet, TemplateError, docx_template, make_environment
from evaltool.render.docx_template import _fit_tables, render_docx
from kit.documents import review_results, write_config


@pytest.fixture
def documents(write_register, tmp_path):
    results = review_results(write_register)
    config = load_config(write_config(tmp_path))
    index = compute_index(results, load_index_config(None), review_config=config)
    return DocumentSet(results, config, index=index)


def _package(env, name, context, path, stock: bool, monkeypatch) -> dict[str, bytes]:
    """Every part of the rendered .docx, document.xml as canonical XML."""
    with monkeypatch.context() as patch:
        if stock:
            patch.setattr(docx_template, "_template_class", lambda: DocxTemplate)
        render_docx(env, name, context, path, title="标题")
    with zipfile.ZipFile(path) as docx:
        parts = {part: docx.read(part) for part in docx.namelist()}
    parts["word/document.xml"] = etree.tostring(
        etree.fromstring(parts["word/document.xml"]), method="c14n"
    )
    document = Document(str(path))  # opens in python-docx, with the title and no author
    assert (document.core_properties.title, document.core_properties.author) == ("标题", "")
    return parts


def _same_as_docxtpl(env, name, context, tmp_path, monkeypatch) -> bytes:
    ours = _package(env, name, context, tmp_path / "ours.docx", False, monkeypatch)
    stock = _package(env, name, context, tmp_path / "stock.docx", True, monkeypatch)
    assert ours.keys() == stock.keys()
    for part, xml in ours.items():
        assert xml == stock[part], part
    return ours["word/document.xml"]


@pytest.fixture
def saved_as_rendered(monkeypatch):
    """The documents whose document.xml was saved as rendered (no lxml round trip)."""
    saved = []

    def spy(document, xml, path):
        saved.append(path)
        save(document, xml, path)

    save = docx_template.save_document_xml
    monkeypatch.setattr(docx_template, "save_document_xml", spy)
    return saved


def test_every_notice_and_the_summary_are_what_docxtpl_renders(
    documents, tmp_path, monkeypatch, saved_as_rendered
):
    env = make_environment()
    notices = documents.notices()
    for unit, context in notices:
        xml = _same_as_docxtpl(env, "notice.docx", context, tmp_path, monkeypatch)
        assert unit["full_name"].encode() in xml
    # the notice's tables repeat whole rows of fitted tables: saved as rendered
    assert saved_as_rendered == [tmp_path / "ours.docx"] * len(notices)
    # the 通报's tables have column loops ({%tc %}): docxtpl fixes their grids
    xml = _same_as_docxtpl(env, "summary.docx", documents.summary(), tmp_path, monkeypatch)
    assert b"{%" not in xml
    assert len(saved_as_rendered) == len(notices)


@pytest.mark.parametrize(
    "description",
    [
        "第一行\n第二行",  # a line break in a value: docxtpl's listing pass
        "甲\t乙",
        "{{ 7*7 }} 与 {% if %}",  # braces in data are printed as they are
        "<b>&amp;</b>",
        "英文引号 \"甲\" 与 '乙'",  # Jinja writes &#34; and &#39;, lxml the characters
    ],
)
def test_values_that_need_docxtpls_passes_render_as_docxtpl_renders_them(
    documents, description, tmp_path, monkeypatch
):
    _, context = documents.notices()[0]
    assert context["problems"], "the first unit has problems to describe"
    context["problems"][0]["description"] = description
    _same_as_docxtpl(make_environment(), "notice.docx", context, tmp_path, monkeypatch)


def test_a_second_document_from_the_same_template_is_rendered_from_its_own_data(
    documents, tmp_path
):
    """The template is compiled once; each document still gets its own values."""
    env = make_environment()
    (first_unit, first), (second_unit, second) = documents.notices()[:2]
    render_docx(env, "notice.docx", first, tmp_path / "1.docx", title="一")
    render_docx(env, "notice.docx", second, tmp_path / "2.docx", title="二")
    with zipfile.ZipFile(tmp_path / "2.docx") as docx:
        xml = docx.read("word/document.xml").decode()
    assert second_unit["full_name"] in xml and first_unit["full_name"] not in xml


# what a repeated row's cell may carry: the template row's width, another one, a share of the
# page (pct) instead of twips, or no width at all
_CELL_WIDTHS = st.sampled_from(["same", "other", "pct", "none"])


@settings(max_examples=60, deadline=None)
@given(
    first_row=st.lists(st.integers(10, 80), min_size=1, max_size=5),
    rows=st.lists(st.lists(_CELL_WIDTHS, min_size=5, max_size=5), max_size=6),
)
def test_every_cell_gets_its_columns_width_whatever_width_it_had(first_row, rows):
    """Cells of rows repeated from the template mostly have their column's width already
    (they are then left as they are); any other cell, one without a width included, still
    gets its column's width in twips."""
    document = Document()
    table = document.add_table(rows=1 + len(rows), cols=len(first_row))
    for cell, millimetres in zip(table.rows[0].cells, first_row, strict=True):
        cell.width = Mm(millimetres)
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    scale = text_width / sum(Mm(millimetres) for millimetres in first_row)
    for row, kinds in zip(table.rows[1:], rows, strict=False):
        for cell, kind, millimetres in zip(row.cells, kinds, first_row, strict=False):
            width = cell._tc.get_or_add_tcPr().get_or_add_tcW()
            if kind == "same":  # as the first row will have it once fitted
                width.set(qn("w:w"), str(int(Mm(millimetres) * scale) // 635))
                width.set(qn("w:type"), "dxa")
            elif kind == "other":
                width.set(qn("w:w"), "1234")
            elif kind == "pct":
                width.set(qn("w:type"), "pct")
            else:
                cell._tc.tcPr.remove(width)
    _fit_tables(document)
    fitted = [
        (width.get(qn("w:w")), width.get(qn("w:type")))
        for width in table._tbl.xpath("w:tr[1]/w:tc/w:tcPr/w:tcW")
    ]
    assert len(fitted) == len(first_row)
    for row in table._tbl.tr_lst:
        cells = [(tc.tcPr.tcW.get(qn("w:w")), tc.tcPr.tcW.get(qn("w:type"))) for tc in row.tc_lst]
        assert cells == fitted
    assert all(kind == "dxa" for _, kind in fitted)
    assert abs(sum(int(twips) for twips, _ in fitted) * 635 - text_width) < 635 * len(first_row)


def _table_template(folder, rows: list[list[str]], widths_twips=None):
    """A .docx template holding one table with ``rows`` of cell texts (placeholders included),
    its cells as wide as python-docx makes them (the text width shared out), or ``widths_twips``."""
    document = Document()
    document.add_paragraph("{% if show %}开头{% endif %}")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text, width in zip(row.cells, texts, widths_twips or texts, strict=True):
            cell.text = text
            if widths_twips:
                cell.width = Twips(width)
    document.add_paragraph("{{ closing }}")
    path = folder / "table.docx"
    document.save(str(path))
    return path


_REPEATED = [
    ["序号", "问题"],
    ["{%tr for x in items %}", ""],
    ["{{ x.no }}", "{{ x.text }}"],
    ["{%tr endfor %}", ""],
]


@pytest.mark.parametrize(
    ("rows", "items", "widths", "saved_as_is"),
    [
        (_REPEATED, 3, None, True),  # whole rows repeated in a fitted table
        (_REPEATED, 0, None, True),  # the header row stays
        (_REPEATED[1:], 0, None, False),  # every row dropped: docxtpl's grid fix decides
        (_REPEATED, 3, [1000, 2000], False),  # widths to fit to the page
        ([["{%tc for x in items %}", "{{ x.no }}", "{%tc endfor %}"]], 3, None, False),  # cells
        ([["{% if show %}甲", "乙{% endif %}"]], 1, None, False),  # a block across two cells
    ],
)
def test_a_template_is_saved_as_rendered_only_where_docxtpls_fixes_would_change_nothing(
    rows, items, widths, saved_as_is, tmp_path, monkeypatch, saved_as_rendered
):
    """Whichever way it is saved, a clerk's template gives what docxtpl (and the table fitting)
    give: the same document.xml, the same other parts."""
    env = make_environment([tmp_path])
    _table_template(tmp_path, rows, widths)
    context = {
        "show": True,
        "closing": '结尾 "引号" & <标记>',
        "items": [{"no": n, "text": f"第{n}个问题\t甲"} for n in range(1, items + 1)],
    }
    _same_as_docxtpl(env, "table.docx", context, tmp_path, monkeypatch)
    assert bool(saved_as_rendered) == saved_as_is


def test_a_syntax_error_names_the_template_text_near_it(tmp_path):
    """The template compiles without docxtpl's line breaks; an error still quotes its lines."""
    document = Document()
    for text in ("第一段", "第二段", "{% if unit %}没有结束", "第四段"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "notice.docx"))
    with pytest.raises(TemplateError, match="模板语法错误") as error:
        render_docx(make_environment([tmp_path]), "notice.docx", {}, tmp_path / "o.docx", title="")
    assert "出错处附近的文字：第一段第二段{% if unit %}没有结束第四段" in str(error.value)


# rows of a clerk's table: a plain row, rows repeated or kept by a condition ({%tr %}), a row
# whose cells a loop makes ({%tc %}), a row with a condition inside a cell ({%p %} or inline)
_ROW_KINDS = {
    "plain": [["{{ title }}", "固定"]],
    "loop": [["{%tr for x in items %}", ""], ["{{ x }}", "{{ x }}"], ["{%tr endfor %}", ""]],
    "condition": [["{%tr if show %}", ""], ["{{ title }}", "有"], ["{%tr endif %}", ""]],
    "cells": [["{%tc for x in items %}", "{{ x }}", "{%tc endfor %}"]],
    "inline": [["{% if show %}是{% else %}否{% endif %}", "{{ items | length }}"]],
}


@settings(max_examples=25, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(_ROW_KINDS)), min_size=1, max_size=4),
    items=st.integers(0, 3),
    show=st.booleans(),
    widths=st.sampled_from([None, [4320, 4320], [1000, 2000]]),
)
def test_any_table_template_renders_as_docxtpl_renders_it(
    kinds, items, show, widths, tmp_path_factory
):
    """Saved as rendered or through lxml, whatever rows a clerk's table has and whatever the
    data keeps of them."""
    rows = [row for kind in kinds for row in _ROW_KINDS[kind]]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    folder = tmp_path_factory.mktemp("template")
    _table_template(folder, rows, widths if widths and width == 2 else None)
    context = {
        "show": show,
        "title": "标题 <甲>",
        "closing": "结尾",
        "items": [f"第{n}项" for n in range(items)],
    }
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same_as_docxtpl(make_environment([folder]), "table.docx", context, folder, monkeypatch)
