"""A rendered HTML document read back as a list of blocks, so Markdown and docx follow the template.

Only a small subset of HTML carries meaning (docs/templates.md, "HTML for all
formats"): h1–h4, p (classes ``issuer``, ``docno``, ``addressee``, ``noindent``,
``center``, ``right``, ``signature``, ``draft``), tables, lists, ``hr.rule``, ``strong``/``b``,
``br``, and the classes ``page-break`` and ``closing`` (a block kept on one page: the last
lines of the body with the 落款 and date). Figures, SVG, styles and scripts are left
out: charts exist only in HTML, and their data is in the document's tables.
"""

import re
from dataclasses import dataclass, field

import lxml.etree

SKIPPED = {"head", "style", "script", "figure", "svg", "template", "noscript", "title"}
PARAGRAPH_CLASSES = (
    "issuer",
    "docno",
    "addressee",
    "noindent",
    "center",
    "right",
    "signature",
    "draft",
)
HEADINGS = {"h1": "title", "h2": "heading1", "h3": "heading2", "h4": "heading3"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_PERCENT = re.compile(r"width\s*:\s*([\d.]+)%")
# lxml.etree's parser, not lxml.html's: the same tree, without lxml.html's per-element class
# lookup, which on a notice of 10^4 rows costs more than the parse itself
_PARSER = lxml.etree.HTMLParser(huge_tree=True)
_CELL_TAGS = ("th", "td")


@dataclass
class Paragraph:
    """A paragraph: ``style`` is body, title, heading1–3 or a PARAGRAPH_CLASSES name."""

    runs: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold)
    style: str = "body"
    keep_with_next: bool = False  # on the same page as the next block (inside ``closing``)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class Table:
    rows: list[list[str]]
    header_rows: int = 0
    caption: str = ""
    widths: list[float] = field(default_factory=list)  # share of the text width per column


@dataclass
class Rule:
    """The red line under the masthead (版头分隔线)."""


@dataclass
class PageBreak:
    pass


Block = Paragraph | Table | Rule | PageBreak


def html_to_blocks(html: str) -> list[Block]:
    """The meaningful blocks of a rendered document, in order.

    The parser takes text of any length: libxml2 otherwise cuts a text over 10 MB, and the rest
    of the document with it, without an error.
    """
    root = lxml.etree.fromstring(html, _PARSER)
    if root is None:  # an empty document
        return []
    body = root.find("body")
    blocks: list[Block] = []
    _walk(body if body is not None else root, blocks)
    while blocks and isinstance(blocks[0], PageBreak):
        blocks.pop(0)
    return blocks


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _walk(element, blocks: list[Block]) -> None:
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
    """Text runs of an inline element, whitespace collapsed as a browser does, <br> kept as \\n."""
    runs: list[tuple[str, bool]] = []
    _visit(element, False, runs)
    return _strip(runs)


def _visit(node, bold: bool, runs: list[tuple[str, bool]]) -> None:
    """Add the runs of ``node`` and its descendants (not its tail) to ``runs``."""
    if node.text:
        runs.append((_collapsed(node.text), bold))
    for child in node:
        tag = child.tag
        if tag == "br":
            runs.append(("\n", bold))
        elif isinstance(tag, str) and tag not in SKIPPED:
            _visit(child, bold or tag in ("strong", "b"), runs)
        if child.tail:
            runs.append((_collapsed(child.tail), bold))


def _strip(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Runs (none empty) without the spaces that open and close them. A run is a <br> ("\\n")
    or text whose whitespace is collapsed to spaces, so no run holds both a space and a line
    break."""
    if runs:
        runs[0] = (runs[0][0].lstrip(" "), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(" "), runs[-1][1])
    return [(text, bold) for text, bold in runs if text]


def _cell_text(cell) -> str:
    """A table cell's text, as its runs joined; a cell of plain text (most are) read directly."""
    if len(cell) == 0:  # no child elements: the runs are its text, collapsed and stripped
        return _collapsed(cell.text).strip(" ") if cell.text else ""
    return "".join(text for text, _ in _runs(cell))


def _collapsed(text: str) -> str:
    """``text`` with each run of whitespace as one space; most cells have none to collapse."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _SPACE.sub(" ", text)
    return text


def _table(element) -> Table:
    caption = element.find("caption")
    rows, header_rows = [], 0
    for row in element.iter("tr"):
        cells = list(row.iterchildren(*_CELL_TAGS))
        texts = [_cell_text(c) for c in cells]
        in_head = row.getparent().tag == "thead"
        if in_head or (header_rows == len(rows) and cells and all(c.tag == "th" for c in cells)):
            header_rows += 1
        rows.append(texts)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    caption_text = "".join(t for t, _ in _runs(caption)) if caption is not None else ""
    return Table(rows, header_rows, caption_text, _widths(element, width))


def _widths(element, columns: int) -> list[float]:
    """Column shares from ``<col style="width:N%">``; columns without one share the rest."""
    given = []
    for col in element.iter("col"):
        found = _PERCENT.search(col.get("style") or "")
        given.append(float(found.group(1)) / 100 if found else None)
    given = (given + [None] * columns)[:columns]
    if not columns or all(w is None for w in given):
        return []
    rest = max(1.0 - sum(w for w in given if w), 0.0)
    unset = given.count(None)
    return [w if w is not None else rest / unset for w in given]
