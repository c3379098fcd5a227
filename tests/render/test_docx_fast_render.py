"""The .docx documents render cheaply (each template patched and compiled once, docxtpl's fixes
only where needed) and exactly as docxtpl itself renders them: the same document.xml."""

import zipfile

import pytest
from docxtpl import DocxTemplate

from evaltool.config import load_config
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from evaltool.render import DocumentSet, docx_template, make_environment
from evaltool.render.docx_template import render_docx
from kit.documents import review_results, write_config


@pytest.fixture
def documents(write_register, tmp_path):
    results = review_results(write_register)
    config = load_config(write_config(tmp_path))
    index = compute_index(results, load_index_config(None), review_config=config)
    return DocumentSet(results, config, index=index)


def _document_xml(env, name, context, path, stock: bool, monkeypatch) -> bytes:
    with monkeypatch.context() as patch:
        if stock:
            patch.setattr(docx_template, "_template_class", lambda: DocxTemplate)
        render_docx(env, name, context, path, title="标题")
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def _same_as_docxtpl(env, name, context, tmp_path, monkeypatch) -> bytes:
    ours = _document_xml(env, name, context, tmp_path / "ours.docx", False, monkeypatch)
    stock = _document_xml(env, name, context, tmp_path / "stock.docx", True, monkeypatch)
    assert ours == stock
    return ours


def test_every_notice_and_the_summary_are_what_docxtpl_renders(documents, tmp_path, monkeypatch):
    env = make_environment()
    for unit, context in documents.notices():
        xml = _same_as_docxtpl(env, "notice.docx", context, tmp_path, monkeypatch)
        assert unit["full_name"].encode() in xml
    # the 通报's tables have column loops ({%tc %}): docxtpl fixes their grids
    xml = _same_as_docxtpl(env, "summary.docx", documents.summary(), tmp_path, monkeypatch)
    assert b"{%" not in xml


@pytest.mark.parametrize(
    "description",
    [
        "第一行\n第二行",  # a line break in a value: docxtpl's listing pass
        "甲\t乙",
        "{{ 7*7 }} 与 {% if %}",  # braces in data are printed as they are
        "<b>&amp;</b>",
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
