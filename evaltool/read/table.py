"""Rows of one sheet into a Register of typed cases: header detection, column mapping, value reading.

Readers (xlsx, csv, …) only produce rows; everything the input contract says
about headers, units and values happens here, once, for every format.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from evaltool.errors import RegisterError
from evaltool.fields import FIELD_BY_KEY, field_for_header, header_in_wan
from evaltool.model import Case, DataIssue, Register
from evaltool.read import values as v

HEADER_SEARCH_ROWS = 10
MIN_KNOWN_HEADERS = 3
EARLIEST_PLAUSIBLE = dt.date(1990, 1, 1)
TOTAL_MARKERS = ("合计", "总计")


def find_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> int | None:
    """Index (in ``rows``) of the first row with at least three known headers, or None."""
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {field_for_header(c) for c in cells if c is not None} - {None}
        if len(known) >= MIN_KNOWN_HEADERS:
            return index
    return None


def _parse(key: str, raw: Any, in_wan: bool) -> Any:
    kind = FIELD_BY_KEY[key].kind
    if kind == "amount":
        return v.parse_amount(raw, in_wan=in_wan)
    if kind == "enum":
        return v.parse_enum(raw, key)
    return {
        "int": v.parse_int,
        "text": v.parse_text,
        "date": v.parse_date,
        "date_or_bool": v.parse_date_or_bool,
        "bool": v.parse_bool,
        "list": v.parse_list,
    }[kind](raw)


def _is_total_row(cells: Sequence[Any]) -> bool:
    head = [str(c).replace(" ", "") for c in cells[:3] if not v.is_blank(c)]
    return bool(head) and any(head[0].startswith(m) for m in TOTAL_MARKERS)


def build_register(
    file: str,
    sheet: str,
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    default_unit: str,
    reader: str,
    review_date: dt.date,
) -> Register:
    """Read a sheet's rows (Excel row number, cell values) into a Register.

    Raises RegisterError when no header row is found in the first ten rows.
    """
    rows = iter(rows)
    head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    index = find_header(head)
    if index is None:
        raise RegisterError(f"{file}「{sheet}」：前 {HEADER_SEARCH_ROWS} 行中找不到表头行")
    header_row, header_cells = head[index]
    register = Register(file=file, sheet=sheet, header_row=header_row, columns={}, reader=reader)
    mapping: list[tuple[int, str, bool]] = []  # (column index, field key, amounts in 万元)
    for col, text in enumerate(header_cells):
        if v.is_blank(text):
            continue
        letter = get_column_letter(col + 1)
        key = field_for_header(text)
        if key is None or key in register.columns:
            register.unmapped[letter] = str(text).strip()
            continue
        register.columns[key] = [letter]
        mapping.append((col, key, header_in_wan(text)))
    extras = [
        (col, text)
        for col, text in enumerate(header_cells)
        if get_column_letter(col + 1) in register.unmapped
    ]
    for row_number, cells in (*head[index + 1 :], *rows):
        if all(v.is_blank(c) for c in cells) or _is_total_row(cells):
            continue
        case = Case(register=register, row=row_number, unit=default_unit, values={})
        for col, key, in_wan in mapping:
            raw = cells[col] if col < len(cells) else None
            try:
                value = _parse(key, raw, in_wan)
            except v.Unreadable as exc:
                _record(case, key, raw, str(exc))
                continue
            if isinstance(value, dt.date) and not EARLIEST_PLAUSIBLE <= value <= review_date:
                _record(case, key, raw, f"日期不合理（应在 1990-01-01 至 {review_date} 之间）")
                continue
            case.values[key] = value
        for col, text in extras:
            raw = cells[col] if col < len(cells) else None
            case.values[str(text).strip()] = v.parse_text(raw)
        if case.values.get("unit"):
            case.unit = case.values["unit"]
        register.cases.append(case)
    return register


def _record(case: Case, key: str, raw: Any, message: str) -> None:
    register = case.register
    cell = f"{register.columns[key][0]}{case.row}"
    issue = DataIssue(register.file, register.sheet, cell, key, str(raw), message)
    case.issues[key] = issue
    register.issues.append(issue)
