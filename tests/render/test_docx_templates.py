"""The docx notices and 通报 come from .docx templates a clerk edits in Word or WPS.

A clerk's edits are made here as Word makes them: text replaced in a paragraph, a placeholder
split over several runs. The shipped templates are what scripts/build_docx_templates.py builds.
"""

import importlib.util
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, RGBColor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from evaltool.cli import cli
from evaltool.config import load_config
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from evaltool.output import printable
from evaltool.render import (
    DocumentSet,
    TemplateError,
    make_environment,
    write_notices,
    write_summary,
)
from evaltool.render.docx_template import render_docx
from evaltool.render.environment import shipped_templates
from kit.documents import MARKET, docx_text, review_results, write_config, write_results

ROOT = Path(__file__).resolve().parents[2]
BUREAU_MASTHEAD = "重庆市綦江区司法局文件"
SENDER = "重庆市綦江区全面依法治区委员会办公室"


@pytest.fixture
def results(write_register):
    return review_results(write_register)


@pytest.fixture
def results_file(results, tmp_path):
    return write_results(results, tmp_path)


@pytest.fixture
def config_file(tmp_path):
    return write_config(tmp_path)


def _notice_docx(folder: Path) -> Path:
    return folder / f"{MARKET}-整改通知书.docx"


def _placeholder_paragraphs(document, text):
    return [p for p in document.paragraphs if p.text == text]


def _edit_like_word(folder: Path, name: str, edit) -> Path:
    """A copy of the shipped template ``name`` in ``folder``, changed by ``edit(document)``."""
    folder.mkdir(exist_ok=True)
    document = Document(str(shipped_templates() / name))
    edit(document)
    document.save(str(folder / name))
    return folder


def _replace_text(paragraph, text: str) -> None:
    """What typing over a paragraph's text in Word does: the first run keeps its format."""
    first, *rest = paragraph.runs
    first.text = text
    for run in rest:
        run._r.getparent().remove(run._r)


def _new_masthead_and_sender(document) -> None:
    masthead, signature = _placeholder_paragraphs(document, "{{ issuer }}")
    _replace_text(masthead, BUREAU_MASTHEAD)
    _replace_text(signature, SENDER)


def test_a_clerks_masthead_and_sender_from_templates_appear_in_the_docx(
    runner, results_file, config_file, tmp_path
):
    templates = _edit_like_word(tmp_path / "模板", "notice.docx", _new_masthead_and_sender)
    out = tmp_path / "通知书"
    args = ["notices", str(results_file), "-o", str(out), "--config", str(config_file)]
    result = runner.invoke(cli, [*args, "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    document = Document(str(_notice_docx(out)))
    masthead = next(p for p in document.paragraphs if p.text == BUREAU_MASTHEAD)
    assert masthead.runs[0].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)  # still the 红头
    paragraphs = [p.text for p in document.paragraphs]
    date = paragraphs.index("2024年7月15日")
    assert paragraphs[date - 1] == SENDER  # 落款 above the date
    assert "綦司发〔2024〕3号" in paragraphs  # the placeholders around it still render
    # only the docx comes from the .docx template; the HTML keeps the shipped wording
    html = (out / f"{MARKET}-整改通知书.html").read_text(encoding="utf-8")
    assert BUREAU_MASTHEAD not in html and "重庆市綦江区司法局" in html
    # without --templates the shipped masthead
    runner.invoke(cli, [*args[:3], str(tmp_path / "默认"), *args[4:]])
    assert BUREAU_MASTHEAD not in docx_text(_notice_docx(tmp_path / "默认"))


def test_placeholders_word_splits_over_several_runs_still_render(results, config_file, tmp_path):
    def split_addressee(document):
        (addressee,) = _placeholder_paragraphs(document, "{{ unit.full_name }}：")
        run = addressee.runs[0]
        run.text = "{{ unit."
        for piece in ("full_", "name }", "}："):
            clone = addressee.add_run(piece)
            clone._r.insert(0, run._r.rPr.__copy__())  # same format, as Word leaves it

    templates = _edit_like_word(tmp_path / "模板", "notice.docx", split_addressee)
    documents = DocumentSet(results, load_config(config_file))
    out = tmp_path / "通知书"
    write_notices(documents, make_environment([templates]), out, ["docx"])
    assert "重庆市綦江区市场监督管理局：" in docx_text(_notice_docx(out)).splitlines()


def test_values_are_escaped_for_xml_and_cleared_of_control_characters(
    results, config_file, tmp_path
):
    documents = DocumentSet(results, load_config(config_file))
    unit, context = documents.notices()[0]
    context["unit"] = {**context["unit"], "full_name": "<甲&乙>\x07局"}
    documents.notices = lambda: [(unit, context)]
    written = write_notices(documents, make_environment(), tmp_path, ["docx"])
    text = docx_text(written[0].paths[0])
    assert "<甲&乙>局：" in text.splitlines()


def test_a_draft_says_so_and_a_final_notice_has_no_draft_mark(results, config_file, tmp_path):
    env = make_environment()
    final = write_notices(
        DocumentSet(results, load_config(config_file)), env, tmp_path / "正式", ["docx"]
    )
    draft = write_notices(
        DocumentSet(results, load_config(None), draft=True), env, tmp_path / "草稿", ["docx"]
    )
    final_text = docx_text(final[0].paths[0])
    draft_text = docx_text(draft[0].paths[0])
    assert "草稿" in draft_text.splitlines() and "【待填写：发文字号】" in draft_text
    assert "【待填写：评查组织单位】" in draft_text
    assert "草稿" not in final_text.splitlines() and "【待填写" not in final_text


def test_without_the_issuing_fields_the_docx_is_refused_naming_them(runner, results_file, tmp_path):
    out = tmp_path / "通知书"
    result = runner.invoke(cli, ["notices", str(results_file), "-o", str(out), "--format", "docx"])
    assert result.exit_code != 0
    assert "评查组织单位（reviewing_body）" in result.stderr and "--draft" in result.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


def _plain_text_template(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    document = Document()
    document.add_paragraph("第一段")
    document.add_paragraph(text)
    document.save(str(folder / "notice.docx"))
    return folder


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ unit.__class__.__mro__ }}", "已被沙箱阻止"),
        ("{{ cases.append(1) }}", "已被沙箱阻止"),
        ("{{ unit.nmae }}", "模板使用了不存在的变量或属性"),
        ("{% if unit %}没有结束", "模板语法错误"),
    ],
)
def test_a_bad_docx_template_is_refused_in_chinese_naming_the_file(
    runner, results_file, config_file, tmp_path, text, message
):
    templates = _plain_text_template(tmp_path / "模板", text)
    out = tmp_path / "通知书"
    args = ["notices", str(results_file), "-o", str(out), "--config", str(config_file)]
    result = runner.invoke(cli, [*args, "--templates", str(templates)])
    assert result.exit_code == 2, result.output
    assert "notice.docx" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


def test_a_file_that_is_not_a_word_document_is_refused(results, config_file, tmp_path):
    (tmp_path / "notice.docx").write_text("这不是 Word 文档", encoding="utf-8")
    documents = DocumentSet(results, load_config(config_file))
    with pytest.raises(TemplateError, match="不是可以读取的 Word 文档"):
        write_notices(documents, make_environment([tmp_path]), tmp_path / "out", ["docx"])


def test_the_summary_docx_fills_its_loops_rows_and_columns(results, config_file, tmp_path):
    config = load_config(config_file)
    index = compute_index(results, load_index_config(None), review_config=config)
    documents = DocumentSet(results, config, index=index)
    written = write_summary(documents, make_environment(), tmp_path / "通报", ["docx"])
    document = Document(str(written.paths[0]))
    text = docx_text(written.paths[0])
    assert "{{" not in text and "{%" not in text
    units, index_table, stats = document.tables
    header = [cell.text for cell in units.rows[0].cells]
    assert header == [
        "排名",
        "执法单位",
        "类别",
        "评查数",
        "自动检查平均分",
        *documents.grade_labels.values(),
        "否决",
        "问题数",
    ]
    assert len(units.rows) == 1 + len(documents.units)
    indicators = [i["title"] for i in index["config"]["indicators"]]
    assert [c.text for c in index_table.rows[0].cells] == ["排名", "执法单位", "指数", *indicators]
    assert [row.cells[0].text for row in stats.rows[1:]] == [
        str(n) for n in range(1, len(stats.rows))
    ]
    # every table fills the text width, and each row's cells match the grid
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = [col.w for col in table._tbl.tblGrid.gridCol_lst]
        assert abs(sum(grid) - text_width) < Mm(1)  # widths are kept in twips
        for row in table.rows:
            assert [tc.width for tc in row._tr.tc_lst] == grid


def test_the_shipped_templates_are_what_the_script_builds(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "build_docx_templates", ROOT / "scripts" / "build_docx_templates.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(tmp_path)
    for name in ("notice.docx", "summary.docx"):
        assert (tmp_path / name).read_bytes() == (shipped_templates() / name).read_bytes(), name


def test_the_shipped_templates_carry_the_page_rules_themselves():
    """Rows never split, headings and the 落款 kept with what follows (GB/T 9704), in the
    template, so that a clerk's copy keeps them."""
    for name in ("notice.docx", "summary.docx"):
        document = Document(str(shipped_templates() / name))
        for table in document.tables:
            for row in table.rows:
                assert (
                    row._tr.trPr.find(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit"
                    )
                    is not None
                )
        paragraphs = document.paragraphs
        headings = [p for p in paragraphs if p.text.startswith(("一、", "二、", "三、"))]
        assert headings and all(p.paragraph_format.keep_with_next for p in headings)
        signature = [p for p in paragraphs if p.text == "{{ issuer }}"][-1]
        assert signature.paragraph_format.keep_with_next


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=20))
def test_any_unit_name_reaches_the_docx_as_it_prints(results, config_file, tmp_path, name):
    """Whatever a register holds (markup, braces, control characters), the docx opens and shows
    the name as the other formats print it."""
    documents = DocumentSet(results, load_config(config_file))
    _, context = documents.notices()[0]
    context["unit"] = {**context["unit"], "full_name": name}
    target = tmp_path / "通知书.docx"
    render_docx(make_environment(), "notice.docx", context, target, title=name)
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert printable(name) + "：" in paragraphs


def test_markup_in_a_clerks_template_cannot_break_the_document(results, config_file, tmp_path):
    """A value marked safe (an HTML filter's output, a chart's SVG) prints as text, never as XML."""
    templates = _plain_text_template(tmp_path / "模板", "{{ unit.full_name|safe }}{{ charts }}")
    _, context = DocumentSet(results, load_config(config_file)).notices()[0]
    context = {**context, "unit": {"full_name": "</w:t>甲"}, "charts": Markup("<svg>图</svg>")}
    target = tmp_path / "通知书.docx"
    render_docx(make_environment([templates]), "notice.docx", context, target, title="")
    assert "</w:t>甲<svg>图</svg>" in docx_text(target).splitlines()
