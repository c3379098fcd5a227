"""Reading back workbooks people filled in: tables found by their headers, values checked per cell.

Every problem names file, sheet and cell in Chinese; readers collect all problems of a file
before raising ``InputProblems``, so one run shows everything to correct.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from evaltool.errors import EvaltoolError
from evaltool.read.package import open_workbook as open_checked_workbook
from evaltool.read.values import parse_text

YES, NO = "是", "否"


class InputProblems(EvaltoolError):
    """Filled-in workbooks with invalid entries: every problem, each naming file, sheet and cell."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class CellRef:
    """Where a value is, as the user sees it in Excel."""

    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{Path(self.file).name}「{self.sheet}」{self.cell}"


def open_workbook(path: str | Path) -> Workbook:
    """Open an xlsx file read-only for its values (close it after), or raise a Chinese error."""
    return open_checked_workbook(path, read_only=True, data_only=True)


@dataclass
class TableRow:
    """One data row of a table: values by header, and each value's cell."""

    file: str
    sheet: str
    row: int
    values: dict[str, Any]
    columns: dict[str, str]  # header -> column letter

    def ref(self, header: str) -> CellRef:
        return CellRef(self.file, self.sheet, f"{self.columns[header]}{self.row}")

    def text(self, header: str) -> str:
        """The cell as stripped text ('' when blank or absent); numbers without a trailing .0."""
        value = self.values.get(header)
        if isinstance(value, dt.datetime):
            value = value.date()
        return parse_text(value) or ""

    def is_blank(self, header: str) -> bool:
        return self.text(header) == ""


def find_header(sheet: Worksheet, required: Sequence[str], *, scan: int = 10) -> int | None:
    """The row (1-based) among the first ``scan`` that holds all the ``required`` headers."""
    for number, values in enumerate(sheet.iter_rows(max_row=scan, values_only=True), start=1):
        texts = {str(v).strip() for v in values if v is not None}
        if set(required) <= texts:
            return number
    return None


def table_rows(file: str | Path, sheet: Worksheet, header_row: int) -> Iterator[TableRow]:
    """The non-blank rows under a header row, as ``TableRow``s keyed by header text."""
    header = next(sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True))
    columns = {
        str(text).strip(): (index, get_column_letter(index + 1))
        for index, text in enumerate(header)
        if text is not None and str(text).strip()
    }
    for number, values in enumerate(
        sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        yield TableRow(
            str(file),
            sheet.title,
            number,
            {h: values[i] if i < len(values) else None for h, (i, _) in columns.items()},
            {h: letter for h, (_, letter) in columns.items()},
        )


def read_number(row: TableRow, header: str) -> float:
    """A number typed in a cell (or text that is exactly a number); ValueError with a message."""
    value = row.values.get(header)
    if isinstance(value, bool):
        raise ValueError(f"应填写数字，实际为「{row.text(header)}」")
    if isinstance(value, int | float):
        return float(value)
    try:
        number = Decimal(row.text(header))
    except InvalidOperation:
        raise ValueError(f"应填写数字，实际为文字「{row.text(header)}」") from None
    if not number.is_finite():
        raise ValueError(f"应填写数字，实际为「{row.text(header)}」")
    return float(number)


def read_yes_no(row: TableRow, header: str) -> bool:
    """``是`` → True, ``否`` → False; ValueError with a message for anything else."""
    text = row.text(header)
    if text in (YES, NO):
        return text == YES
    raise ValueError(f"应填写「{YES}」或「{NO}」，实际为「{text}」")
