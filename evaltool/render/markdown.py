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


def _table(table: Table) -> str:
    lines = [f"**{_escape(table.caption)}**", ""] if table.caption else []
    rows = table.rows
    if not rows:
        return ""
    header, body = (rows[0], rows[1:]) if table.header_rows else ([""] * len(rows[0]), rows)
    lines.append("| " + " | ".join(_cell(c) for c in header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
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
