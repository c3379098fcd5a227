"""Rendered HTML read back as blocks, and the Markdown written from them."""

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from evaltool.render.blocks import (
    PageBreak,
    Paragraph,
    Rule,
    Table,
    _cell_text,
    _runs,
    html_to_blocks,
)
from evaltool.render.markdown import blocks_to_markdown

HTML = """<!DOCTYPE html><html><head><title>标题</title><style>p {}</style></head><body>
<main class="page">
<p class="issuer">某区司法局</p><hr class="rule">
<h1>整改通知书</h1>
<p class="addressee">某单位：</p>
<p>根据  规定，
  现通知如下。<strong>务必</strong>按时<br>反馈。</p>
<figure class="chart"><svg><text>图中文字</text></svg><figcaption>图1</figcaption></figure>
<table><caption>问题</caption>
<colgroup><col style="width:10%"><col style="width:60%"></colgroup>
<thead><tr><th>序号</th><th>问题描述</th><th>扣分</th></tr></thead>
<tbody><tr><td>1</td><td>身份证号50**************34 | 有误</td><td>否决</td></tr></tbody>
</table>
<section class="page-break"><h2>附件</h2><ol><li>甲</li><li>乙</li></ol></section>
<p class="signature">2024年7月15日</p>
</main></body></html>"""


def test_html_becomes_blocks_in_order():
    blocks = html_to_blocks(HTML)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == [
        "Paragraph", "Rule", "Paragraph", "Paragraph", "Paragraph", "Table",
        "PageBreak", "Paragraph", "Paragraph", "Paragraph", "Paragraph",
    ]  # fmt: skip
    issuer, _, title, addressee, body, table, _, heading, first, second, signature = blocks
    assert (issuer.style, title.style, addressee.style) == ("issuer", "title", "addressee")
    assert body.runs == [("根据 规定， 现通知如下。", False), ("务必", True), ("按时", False),
                         ("\n", False), ("反馈。", False)]  # fmt: skip
    assert isinstance(table, Table) and table.header_rows == 1 and table.caption == "问题"
    assert table.rows[1] == ["1", "身份证号50**************34 | 有误", "否决"]
    assert table.widths == pytest.approx([0.1, 0.6, 0.3])
    assert (heading.style, heading.text) == ("heading1", "附件")
    assert [first.text, second.text] == ["1. 甲", "2. 乙"]
    assert signature.style == "signature"
    assert all("图中文字" not in b.text for b in blocks if isinstance(b, Paragraph))


def test_markdown_escapes_masks_and_pipes():
    markdown = blocks_to_markdown(html_to_blocks(HTML))
    assert "# 整改通知书" in markdown
    assert "## 附件" in markdown
    assert (
        "| 1 | 身份证号50\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*34 \\| 有误 | 否决 |" in markdown
    )
    assert "**务必**" in markdown
    assert "图中文字" not in markdown
    assert "\n---\n" in markdown


def test_an_empty_document_has_no_blocks():
    """A custom template that renders nothing gives empty Markdown and .docx, not a crash."""
    assert html_to_blocks("") == [] and html_to_blocks(" <!-- 空 --> ") == []
    assert blocks_to_markdown(html_to_blocks("")) == "\n"


def test_a_document_without_body_markup_still_reads():
    blocks = html_to_blocks("<p>只有一段</p>")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["只有一段"]
    assert not any(isinstance(b, PageBreak | Rule) for b in blocks)


# Text as a cell may hold it: words, spaces of every kind, line breaks, markup characters.
CELL_TEXT = st.text(alphabet=st.sampled_from([*"甲乙 \t\n\r\f\u3000a1<>&|*", "号"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.one_of(CELL_TEXT, st.none()))
def test_a_plain_text_cell_reads_as_its_runs_joined(text):
    """Plain-text cells are read directly: the same text as the runs' walk gives."""
    html = f"<table><tr><td>{escape(text or '')}</td></tr></table>"
    cell = lxml.html.document_fromstring(html).find(".//td")
    runs = "".join(run for run, _ in _runs(cell))
    assert _cell_text(cell) == runs
    assert html_to_blocks(html)[0].rows == [[runs]]
