"""Plain-text tables for the terminal: columns aligned by display width (CJK counts two)."""

from collections.abc import Sequence

from evaltool.xlsx import display_width


def text_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells (the first is the header) as aligned lines."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
