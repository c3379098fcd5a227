"""Writing xlsx workbooks for people: text never becomes a formula, headers frozen, sensible widths."""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaltool.output import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def set_value(cell: Cell, value: Any) -> Cell:
    """Put a value in a cell; text that Excel would treat as a formula stays text (quote prefix)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def display_width(value: Any) -> int:
    """Columns a value needs on screen: a CJK character takes two."""
    text = "" if value is None else str(value)
    return max(
        (sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.splitlines()), default=0
    )


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    start_row: int = 1,
    max_width: int = 60,
) -> int:
    """Write a header row and data rows, freeze the header, size the columns; returns the last row."""
    widths = [display_width(h) for h in headers]
    for col, header in enumerate(headers, start=1):
        cell = set_value(sheet.cell(row=start_row, column=col), header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row_number = start_row
    for row in rows:
        row_number += 1
        for col, value in enumerate(row, start=1):
            cell = set_value(sheet.cell(row=row_number, column=col), value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            widths[col - 1] = max(widths[col - 1], display_width(value))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 6), max_width)
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
    return row_number


def save_workbook(workbook: Workbook, path: str | Path) -> Path:
    """Save atomically: the file at ``path`` is either the old one or the complete new one."""
    return write_atomic(path, lambda tmp: workbook.save(tmp))
