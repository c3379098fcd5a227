"""Writing xlsx workbooks for people: text never becomes a formula, headers frozen, sensible widths.

Workbooks people fill in get protected sheets with unlocked input cells and data validation.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaltool.output import printable, write_atomic
from evaltool.text import display_width

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells a person fills in
GRADE_FILLS = {"best": "C6EFCE", "good": "DDEBF7", "pass": "FFEB9C", "fail": "FFC7CE"}
BODY, HEADER, INPUT = "evaltool 正文", "evaltool 表头", "evaltool 填写"


def _named_style(name: str) -> NamedStyle:
    body = Alignment(vertical="top", wrap_text=True)
    if name == HEADER:
        centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return NamedStyle(HEADER, font=Font(bold=True), fill=HEADER_FILL, alignment=centred)
    if name == INPUT:
        return NamedStyle(INPUT, fill=INPUT_FILL, alignment=body, protection=Protection(False))
    return NamedStyle(BODY, alignment=body)


def style_cell(cell: Cell, name: str) -> Cell:
    """Give a cell one of the named styles (fast for large sheets); a quote prefix is kept."""
    workbook = cell.parent.parent
    if name not in workbook.named_styles:
        workbook.add_named_style(_named_style(name))
    quoted = cell.quotePrefix
    cell.style = name
    cell.quotePrefix = quoted
    return cell


class Restyler:
    """One style change for many cells, made by openpyxl once per style a cell starts from and
    copied to the other cells: openpyxl looks up and hashes every style object at each
    assignment, which on a sheet of 100,000 rows takes longer than writing it."""

    def __init__(self, change: Callable[[Cell], object]):
        self._change = change
        self._made: dict[bytes | None, StyleArray] = {}

    def __call__(self, cell: Cell) -> Cell:
        start = None if cell._style is None else cell._style.tobytes()
        made = self._made.get(start)
        if made is None:
            self._change(cell)
            self._made[start] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(made)
        return cell


def set_value(cell: Cell, value: Any) -> Cell:
    """Put a value in a cell; text that Excel would treat as a formula stays text (quote prefix).

    Control and bidi characters from the data are taken out: a workbook cannot hold them.
    """
    if isinstance(value, str):
        value = printable(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    start_row: int = 1,
    max_width: int = 60,
    freeze: bool = True,
    min_widths: Mapping[str, int] | None = None,
) -> int:
    """Write a header row and data rows, freeze the header, size the columns; returns the last row.

    Columns are never narrowed: a second table on the same sheet only widens them. Columns
    people write sentences in (e.g. 整改措施, still empty) get their ``min_widths`` by header.
    A frozen table also prints landscape, one page wide, its header repeated on every page.
    """
    min_widths = min_widths or {}
    widths = [display_width(h) for h in headers]
    for col, header in enumerate(headers, start=1):
        set_value(style_cell(sheet.cell(row=start_row, column=col), HEADER), header)
    body = Restyler(lambda cell: style_cell(cell, BODY))
    width_of = cache(display_width)  # a column repeats its values (units, items, statuses)
    row_number = start_row
    for row in rows:
        row_number += 1
        for col, value in enumerate(row, start=1):
            set_value(body(sheet.cell(row=row_number, column=col)), value)
            if widths[col - 1] < max_width:  # a column never gets wider than max_width
                widths[col - 1] = max(widths[col - 1], width_of(value))
    for col, width in enumerate(widths, start=1):
        letter = get_column_letter(col)
        sized = sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else 0
        fitted = max(min(max(width + 2, 6), max_width), min_widths.get(headers[col - 1], 0))
        sheet.column_dimensions[letter].width = max(fitted, sized)
    if freeze:
        sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
        print_setup(sheet, start_row)
    return row_number


def print_setup(sheet: Worksheet, header_row: int | None = None) -> None:
    """Print landscape on A4, as wide as the page, with the header row (if any) on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        sheet.print_title_rows = f"{header_row}:{header_row}"


_SHEET_TITLE_UNSAFE = re.compile(r"[\\/:*?\[\]]")


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unused sheet title from data: no ``[]:*?/\\``, at most 31 characters."""
    base = _SHEET_TITLE_UNSAFE.sub("_", str(name)).strip("' ")[:31] or "Sheet"
    taken = {t.lower() for t in taken}
    title, n = base, 1
    while title.lower() in taken:
        n += 1
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
    return title


def grade_fill(grade: str, grades: Sequence[str]) -> PatternFill | None:
    """The fill for a grade: green for the best, red for the failing one, blue/yellow between."""
    if grade not in grades:
        return None
    position = grades.index(grade)
    if position == 0:
        key = "best"
    elif position == len(grades) - 1:
        key = "fail"
    else:
        key = "good" if position < len(grades) - 2 else "pass"
    return PatternFill("solid", fgColor=GRADE_FILLS[key])


def cell_ranges(coordinates: Iterable[str]) -> str:
    """Cells as a compact range list for validation, e.g. ``H2:H5 H9``."""
    by_column: dict[str, list[int]] = {}
    for coordinate in coordinates:
        column, row = coordinate_from_string(coordinate)
        by_column.setdefault(column, []).append(row)
    parts = []
    for column, rows in by_column.items():
        ordered = sorted(set(rows))
        for _, run in groupby(enumerate(ordered), key=lambda pair: pair[1] - pair[0]):
            run_rows = [row for _, row in run]
            first, last = run_rows[0], run_rows[-1]
            parts.append(f"{column}{first}" + (f":{column}{last}" if last != first else ""))
    return " ".join(parts)


def validate_choice(
    sheet: Worksheet, coordinates: Iterable[str], choices: Sequence[str], message: str
) -> None:
    """Let the cells hold only one of ``choices`` (a drop-down list), or stay blank."""
    _add_validation(
        sheet,
        DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True),
        coordinates,
        message,
    )


def validate_decimal(
    sheet: Worksheet, coordinates: Iterable[str], low: float, high: float, message: str
) -> None:
    """Let the cells hold only a number from ``low`` to ``high``, or stay blank."""
    validation = DataValidation(
        type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}"
    )
    validation.allow_blank = True
    _add_validation(sheet, validation, coordinates, message)


def _add_validation(
    sheet: Worksheet, validation: DataValidation, coordinates: Iterable[str], message: str
) -> None:
    ranges = cell_ranges(coordinates)
    if not ranges:
        return
    validation.sqref = ranges
    validation.showErrorMessage = True
    validation.errorTitle = "输入无效"
    validation.error = message
    validation.showInputMessage = True
    validation.prompt = message
    sheet.add_data_validation(validation)


def protect_sheet(sheet: Worksheet, input_coordinates: Iterable[str]) -> None:
    """Lock every cell except the inputs (highlighted); columns stay resizable and filterable."""
    for coordinate in input_coordinates:
        style_cell(sheet[coordinate], INPUT)
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = False
    protection.sort = False


def save_workbook(workbook: Workbook, path: str | Path) -> Path:
    """Save atomically: the file at ``path`` is either the old one or the complete new one."""
    return write_atomic(path, lambda tmp: workbook.save(tmp))
