"""Excel workbooks (.xlsx, .xlsm) into Registers: every worksheet with a header row is a register.

Rows stream from python-calamine (fast, Rust) when it is installed, else from openpyxl's
read-only mode; both feed the same ``build_register`` with the same sheet layout (merged
ranges, formulas without a saved result) from ``Package.layout``, so they read a file to the
same cases. A workbook calamine cannot parse is read again with openpyxl.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from evaltool.errors import RegisterError
from evaltool.model import Register
from evaltool.read.package import SAVE_AS_XLSX, SheetPart, open_package
from evaltool.read.table import EmptySheet, NoHeader, build_register

try:
    import python_calamine
except ImportError:  # pragma: no cover - python-calamine is a dependency; openpyxl is the fallback
    python_calamine = None

XLSX_SUFFIXES = (".xlsx", ".xlsm")
SHOWN_SHEETS = 5  # sheets named in the message of a workbook without a register
Rows = Iterator[tuple[int, Sequence[Any]]]


class EngineFailure(RegisterError):
    """A reader library could not parse a workbook that passed the package checks."""


@contextmanager
def calamine_sheets(path: Path) -> Iterator[Callable[[SheetPart], Rows]]:
    """The workbook opened once with python-calamine; yields ``rows(sheet)`` for each sheet."""
    with ExitStack() as stack:
        try:
            workbook = _calamine_workbook(path, stack)
        except python_calamine.CalamineError as exc:
            raise EngineFailure(f"{path}：{type(exc).__name__}: {exc}") from exc
        stack.callback(workbook.close)
        yield partial(_calamine_rows, path, workbook)


def _calamine_rows(path: Path, workbook, sheet: SheetPart) -> Rows:
    """Rows of a sheet, numbered as in Excel (1-based, blank rows included)."""
    try:
        data = workbook.get_sheet_by_name(sheet.name)
    except python_calamine.CalamineError as exc:
        raise EngineFailure(f"{path}：{type(exc).__name__}: {exc}") from exc
    start = data.start
    if start is None:  # an empty sheet
        return
    # iter_rows yields rows from the first row of the sheet but cells from the first
    # used column: put the missing columns back so that letters stay right.
    pad = [None] * start[1]
    for number, cells in enumerate(data.iter_rows(), start=1):
        yield number, (pad + cells) if pad else cells


def _calamine_workbook(path: Path, stack: ExitStack):
    """calamine picks the format by the file name: give it the bytes when the name misleads.

    A workbook saved as ``.xls`` that is really an xlsx package is common in exports.
    """
    if path.suffix.lower() in XLSX_SUFFIXES:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    return python_calamine.CalamineWorkbook.from_filelike(stack.enter_context(path.open("rb")))


@contextmanager
def openpyxl_sheets(path: Path) -> Iterator[Callable[[SheetPart], Rows]]:
    """The workbook opened once with openpyxl's read-only mode; yields ``rows(sheet)``."""
    from openpyxl import load_workbook

    with ExitStack() as stack:
        source = (
            path if path.suffix.lower() in XLSX_SUFFIXES else stack.enter_context(path.open("rb"))
        )
        try:
            workbook = load_workbook(source, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds on malformed parts
            raise EngineFailure(f"{path}：{type(exc).__name__}: {exc}") from exc
        stack.callback(workbook.close)
        yield partial(_openpyxl_rows, path, workbook)


def _openpyxl_rows(path: Path, workbook, sheet: SheetPart) -> Rows:
    """Rows of a sheet, numbered as in Excel."""
    worksheet = workbook[sheet.name]
    worksheet.reset_dimensions()  # exporters often write a wrong <dimension>; do not trust it
    rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise EngineFailure(f"{path}：{type(exc).__name__}: {exc}") from exc
        yield row


ENGINES = {
    "calamine": calamine_sheets,
    "openpyxl": openpyxl_sheets,
}


def default_engine() -> str:
    return "calamine" if python_calamine is not None else "openpyxl"


def read_workbook(
    path: Path,
    *,
    review_date: dt.date,
    note: Callable[[str], None] = lambda message: None,
    engine: str | None = None,
) -> list[Register]:
    """Every worksheet of a workbook that has a header row, as a Register.

    Sheets without a register are reported through ``note`` (or, when no sheet has one, in
    the RegisterError); hidden sheets are read and reported through ``note``.
    """
    engine = engine or default_engine()
    try:
        with open_package(path) as package, ENGINES[engine](path) as rows:
            return _read_sheets(package, rows, engine, review_date, note)
    except EngineFailure as exc:
        if engine == "openpyxl":
            raise RegisterError(f"{exc}。无法读取该工作簿，{SAVE_AS_XLSX}") from exc
    return read_workbook(path, review_date=review_date, note=note, engine="openpyxl")


def _read_sheets(package, rows, engine: str, review_date, note) -> list[Register]:
    registers, left_out = [], []
    for sheet in package.sheets:
        layout = package.layout(sheet)
        try:
            register = build_register(
                str(package.path),
                sheet.name,
                rows(sheet),
                reader=engine,
                review_date=review_date,
                layout=layout,
                hidden=sheet.hidden,
            )
        except EngineFailure:
            raise
        except RegisterError as exc:
            left_out.append((sheet, exc))
            continue
        registers.append(register)
        if sheet.hidden:
            note(
                f"{package.path}「{sheet.name}」是隐藏工作表，已读取（{len(register.cases)} 件案卷）；"
                "如不应评查，请删除该工作表或将其移出登记表"
            )
    if not registers:
        shown = "；".join(str(exc) for _, exc in left_out[:SHOWN_SHEETS])
        more = len(left_out) - SHOWN_SHEETS
        raise RegisterError(shown + (f"；另有 {more} 个工作表同样没有登记表" if more > 0 else ""))
    for sheet, exc in left_out:
        if sheet.hidden:
            note(f"{package.path}「{sheet.name}」是隐藏工作表，其中没有登记表，未读取")
        elif not isinstance(exc, EmptySheet | NoHeader) or (
            isinstance(exc, NoHeader) and exc.known >= 2
        ):  # sheets of notes or lists are no registers; one whose header went wrong is said
            note(f"{exc}；该工作表未读取")
    return registers
