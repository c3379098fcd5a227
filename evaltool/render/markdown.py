"""Blocks as Markdown (GitHub-flavoured tables), for reading in any editor or diffing."""

import re

from evaltool.render.blocks import Block, PageBreak, Paragraph, Rule, Table

HEADING_MARKS = {"title": "# ", "heading1": "## ", "heading2": "### ", "heading3": "#### "}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inline(runs: list[tuple[str, bool]]) -> str:
    parts = []
    for text, bold in runs:
        escaped = _escape(text).replace("\n", "  \n")
        parts.append(f"**{escaped}**" if bold and text.strip() else escaped)
    return "".join(parts)


def _cell(text: str) -> str:
    return _escape(text).replace("\n", "<br>") or " "


# Marks between cells and between rows while a whole table is escaped at once: one regex pass
# per table instead of one per cell. Used only when no cell holds them.
_NEXT_CELL, _NEXT_ROW = "\x00", "\x01"


def _lines(rows: list[list[str]]) -> list[str]:
    """Table rows as Markdown lines, every cell escaped as ``_cell`` escapes it."""
    joined = _NEXT_ROW.join(_NEXT_CELL.join(cell or " " for cell in row) for row in rows)
    marks = len(rows) - 1 + sum(len(row) - 1 for row in rows if row)
    if joined.count(_NEXT_CELL) + joined.count(_NEXT_ROW) != marks:  # a cell holds a mark
        return ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    escaped = _escape(joined).replace("\n", "<br>").replace(_NEXT_CELL, " | ")
    return ["| " + line + " |" for line in escaped.split(_NEXT_ROW)]


def _table(table: Table) -> str:
    lines = [f"**{_escape(table.caption)}**", ""] if table.caption else []
    rows = table.rows
    if not rows:
        return ""
    header, body = (rows[0], rows[1:]) if table.header_rows else ([""] * len(rows[0]), rows)
    head, *body_lines = _lines([header, *body])
    lines += [head, "|" + "---|" * len(header), *body_lines]
    return "\n".join(lines)


def blocks_to_markdown(blocks: list[Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = _inline(block.runs)
            if text:
                out.append(HEADING_MARKS.get(block.style, "") + text)
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, PageBreak):
            out.append("---")
        elif isinstance(block, Rule):
            continue
    return "\n\n".join(part for part in out if part) + "\n"
