"""Plain-text tables for the terminal, aligned by display width (a CJK character takes two columns)."""

from evaltool.xlsx import display_width


def align_columns(rows: list[list[str]]) -> list[str]:
    """Each row as one line, columns padded to the widest cell; trailing spaces removed."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
