"""The fast reading of rendered HTML (blocks) and the one-pass Markdown tables give exactly what
the plain walk gave: the previous implementation is kept here as the reference, and compared
on the demo district's documents and on generated HTML and tables."""

import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from evaltool.config import load_config
from evaltool.output import printable
from evaltool.render import DocumentSet, make_environment
from evaltool.render.blocks import (
    HEADINGS,
    PARAGRAPH_CLASSES,
    SKIPPED,
    PageBreak,
    Paragraph,
    Rule,
    Table,
    _widths,
    html_to_blocks,
)
from evaltool.render.environment import render_template
from evaltool.render.markdown import _cell, _escape
from evaltool.render.markdown import _table as markdown_table
from evaltool.score.results import load_results

DISTRICT = Path(__file__).parents[2] / "examples" / "district"

# -- the reference: blocks as the plain walk over lxml.html read them ----------------------

_SPACE = re.compile(r"[ \t\r\n\f]+")


def reference_blocks(html: str) -> list:
    root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    body = root.find("body")
    blocks: list = []
    _walk(body if body is not None else root, blocks)
    while blocks and isinstance(blocks[0], PageBreak):
        blocks.pop(0)
    return blocks


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _walk(element, blocks: list) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in SKIPPED:
            continue
        if "page-break" in _classes(child):
            blocks.append(PageBreak())
        if tag in HEADINGS:
            blocks.append(Paragraph(_runs(child), HEADINGS[tag]))
        elif tag == "p":
            style = next((c for c in PARAGRAPH_CLASSES if c in _classes(child)), "body")
            blocks.append(Paragraph(_runs(child), style))
        elif tag == "table":
            blocks.append(_table(child))
        elif tag == "hr":
            blocks.append(Rule())
        elif tag in ("ul", "ol"):
            for number, item in enumerate(child.findall("li"), 1):
                prefix = f"{number}. " if tag == "ol" else "· "
                blocks.append(Paragraph([(prefix, False), *_runs(item)], "body"))
        elif "closing" in _classes(child):
            first = len(blocks)
            _walk(child, blocks)
            for block in blocks[first:-1]:
                if isinstance(block, Paragraph):
                    block.keep_with_next = True
        else:
            _walk(child, blocks)


def _runs(element) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []

    def add(text, bold):
        if text:
            runs.append((_SPACE.sub(" ", text), bold))

    def visit(node, bold):
        add(node.text, bold)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                runs.append(("\n", bold))
            elif tag and tag not in SKIPPED:
                visit(child, bold or tag in ("strong", "b"))
            add(child.tail, bold)

    visit(element, False)
    runs = [(text, bold) for text, bold in runs if text]
    if runs:
        runs[0] = (runs[0][0].lstrip(" "), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(" "), runs[-1][1])
    return [(text.replace(" \n", "\n").replace("\n ", "\n"), bold) for text, bold in runs if text]


def _table(element) -> Table:
    caption = element.find("caption")
    rows, header_rows = [], 0
    for row in element.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")]
        texts = ["".join(text for text, _ in _runs(c)) for c in cells]
        in_head = row.getparent().tag == "thead"
        if in_head or (header_rows == len(rows) and cells and all(c.tag == "th" for c in cells)):
            header_rows += 1
        rows.append(texts)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    caption_text = "".join(t for t, _ in _runs(caption)) if caption is not None else ""
    return Table(rows, header_rows, caption_text, _widths(element, width))


def reference_markdown_table(table: Table) -> str:
    lines = [f"**{_escape(table.caption)}**", ""] if table.caption else []
    rows = table.rows
    if not rows:
        return ""
    header, body = (rows[0], rows[1:]) if table.header_rows else ([""] * len(rows[0]), rows)
    lines.append("| " + " | ".join(_cell(c) for c in header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


# -- the demo district's documents ---------------------------------------------------------


@pytest.fixture(scope="module")
def demo_documents() -> list[str]:
    """The demo district's notices, 通报 and self-check reports as HTML (from last year's results)."""
    config = load_config(DISTRICT / "evaltool.yaml")
    results = load_results(DISTRICT / "previous" / "2022年度评查结果.json")
    documents = DocumentSet(results, config)
    env = make_environment()
    pages = [render_template(env, "notice.html.j2", context) for _, context in documents.notices()]
    pages.append(render_template(env, "summary.html.j2", documents.summary()))
    pages += [
        render_template(env, "selfcheck.html.j2", documents.selfcheck(unit))
        for unit in documents.notice_units
    ]
    return [printable(page) for page in pages]


def test_the_demo_documents_read_as_the_reference_reads_them(demo_documents):
    assert len(demo_documents) > 40
    for html in demo_documents:
        blocks = html_to_blocks(html)
        assert blocks == reference_blocks(html)
        tables = [block for block in blocks if isinstance(block, Table)]
        assert tables and all(t.rows for t in tables)
        assert [markdown_table(t) for t in tables] == [reference_markdown_table(t) for t in tables]


# -- generated HTML and tables -------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from([*"甲乙 \t\n\r\f\u3000a1<>&|*_#\\`[]", "号", "\x00", "\x01"]),
    max_size=10,
)
INLINE_TAGS = ("span", "strong", "b", "em", "br", "svg", "script")
COMMENT = st.sampled_from(["", "<!-- 注释 -->"])


def _cell_html(texts: list[str], tags: list[str], comment: str) -> str:
    """Text interleaved with inline elements (some nested, some skipped) and a comment."""
    html = escape(texts[0])
    for tag, text in zip(tags, texts[1:], strict=False):
        html += "<br>" if tag == "br" else f"<{tag}>{escape(text)}<i>{escape(text)}</i></{tag}>"
        html += escape(text)
    return html + comment


CELL = st.builds(
    _cell_html,
    st.lists(TEXT, min_size=1, max_size=4),
    st.lists(st.sampled_from(INLINE_TAGS), max_size=3),
    COMMENT,
)


@st.composite
def documents(draw) -> str:
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(["td", "th"]), st.lists(CELL, min_size=0, max_size=4)),
            max_size=5,
        )
    )
    head = draw(st.booleans())
    body = "".join(
        f"<tr>{''.join(f'<{tag}>{cell}</{tag}>' for cell in cells)}</tr>" for tag, cells in rows
    )
    caption = draw(st.one_of(st.just(""), CELL.map(lambda c: f"<caption>{c}</caption>")))
    table = (
        f"<table>{caption}<thead>{body}</thead></table>"
        if head
        else f"<table>{caption}<tbody>{body}</tbody></table>"
    )
    paragraph = draw(CELL)
    style = draw(st.sampled_from(["", "center", "signature", "page-break"]))
    return (
        f'<html><body><main><p class="{style}">{paragraph}</p>{table}'
        f'<div class="closing"><p>{draw(CELL)}</p><ol><li>{draw(CELL)}</li></ol></div>'
        "</main></body></html>"
    )


@settings(max_examples=300, deadline=None)
@given(documents())
def test_generated_html_reads_as_the_reference_reads_it(html):
    blocks = html_to_blocks(html)
    assert blocks == reference_blocks(html)
    tables = [block for block in blocks if isinstance(block, Table)]
    assert [markdown_table(t) for t in tables] == [reference_markdown_table(t) for t in tables]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(TEXT, max_size=4), min_size=0, max_size=5),
    st.integers(0, 2),
    TEXT,
)
def test_markdown_tables_are_the_reference_tables(rows, header_rows, caption):
    """Any cells, ragged or empty rows included, and cells holding the marks used between cells."""
    table = Table(rows, header_rows, caption)
    assert markdown_table(table) == reference_markdown_table(table)
