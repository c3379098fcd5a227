"""External indicator values from a workbook the bureau fills in (社会满意度, 复议纠错率 …).

Any sheet whose header row (within the first ten rows) has a unit column (执法单位 or one of
its aliases) is read; the other header cells name value columns, matched to the indicators'
``column``. Units are matched by the name in the registers or the configured full name.
A value is a number, ``95%`` or a cell formatted as a percentage (0.95 shown as 95%: taken as
95). Every value that is not a number is reported with file, sheet and cell and counts as no
data; nothing is guessed. A blank cell is no data.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from evaltool.errors import EvaltoolError
from evaltool.fields import field_for_header, normalize_header
from evaltool.index.facts import UnitFacts
from evaltool.read.table import HEADER_SEARCH_ROWS, TOTAL_MARKERS
from evaltool.read.values import Unreadable, is_blank
from evaltool.rectify.reading import open_workbook


@dataclass(frozen=True)
class ExternalValue:
    value: float | None
    where: str  # 工作表「…」C5
    problem: str = ""  # why there is no value


@dataclass
class ExternalData:
    path: str
    columns: set[str] = field(default_factory=set)
    values: dict[str, dict[str, ExternalValue]] = field(default_factory=dict)  # unit → column
    problems: list[str] = field(default_factory=list)  # values that could not be read
    notes: list[str] = field(default_factory=list)  # rows of units not in the results


def read_external(
    path: str | Path, columns: Iterable[str], units: Iterable[UnitFacts]
) -> ExternalData:
    """Read the wanted columns of an external-values workbook. Raises EvaltoolError when the
    workbook cannot be opened, has no unit column, or lacks a wanted column."""
    path = Path(path)
    wanted = {normalize_header(c): c for c in columns}
    names = {}
    for unit in units:
        names[_fold(unit.full_name)] = unit.name
        names[_fold(unit.name)] = unit.name
    workbook = open_workbook(path, data_only=True)
    data = ExternalData(str(path))
    found_unit_column = False
    for sheet in workbook.worksheets:
        header = _header(sheet)
        if header is None:
            continue
        found_unit_column = True
        row_number, unit_column, value_columns = header
        columns_here = {i: wanted[h] for i, h in value_columns.items() if h in wanted}
        data.columns |= set(columns_here.values())
        for row in sheet.iter_rows(min_row=row_number + 1):
            _read_row(data, sheet.title, row, unit_column, columns_here, names)
    if not found_unit_column:
        raise EvaltoolError(
            f"{path}：外部数据表的前 {HEADER_SEARCH_ROWS} 行中没有「执法单位」列（表头应为 执法单位、单位名称 等）"
        )
    missing = sorted(set(wanted.values()) - data.columns)
    if missing:
        raise EvaltoolError(
            f"{path}：外部数据表中没有指数配置要求的列：{'、'.join(f'「{c}」' for c in missing)}"
        )
    return data


def _fold(text: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _header(sheet) -> tuple[int, int, dict[int, str]] | None:
    """(row number, unit column index, other columns by index) of the header row, if any."""
    for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS):
        cells = {c.column: c.value for c in row if not is_blank(c.value)}
        unit = next((i for i, v in cells.items() if _is_unit_header(v)), None)
        if unit is not None:
            others = {i: normalize_header(v) for i, v in cells.items() if i != unit}
            return row[0].row, unit, others
    return None


def _is_unit_header(value: Any) -> bool:
    return field_for_header(value) == "unit" or normalize_header(value) == "单位"


def _read_row(data, sheet_title, row, unit_column, columns, names) -> None:
    cells = {c.column: c for c in row if hasattr(c, "column")}
    unit_cell = cells.get(unit_column)
    if unit_cell is None or is_blank(unit_cell.value):
        return
    label = _fold(unit_cell.value)
    if label.startswith(TOTAL_MARKERS):
        return
    where_unit = f"工作表「{sheet_title}」{get_column_letter(unit_column)}{unit_cell.row}"
    unit = names.get(label)
    if unit is None:
        data.notes.append(
            f"{data.path} {where_unit}：单位「{unit_cell.value}」不在评查结果和评查配置中，已忽略"
        )
        return
    for index, column in columns.items():
        cell = cells.get(index)
        where = f"工作表「{sheet_title}」{get_column_letter(index)}{unit_cell.row}"
        previous = data.values.get(unit, {}).get(column)
        if previous is not None:
            problem = f"「{column}」在 {previous.where} 和 {where} 重复填写"
            data.problems.append(f"{data.path} {where}：单位「{unit}」的{problem}，两处均不采用")
            data.values[unit][column] = ExternalValue(None, where, problem)
            continue
        data.values.setdefault(unit, {})[column] = _value(data, cell, where, column)


def _value(data: ExternalData, cell, where: str, column: str) -> ExternalValue:
    raw = None if cell is None else cell.value
    if is_blank(raw):
        return ExternalValue(None, where, f"外部数据表 {where} 为空")
    try:
        return ExternalValue(parse_number(raw, cell.number_format), where)
    except Unreadable as exc:
        problem = f"外部数据表 {where}「{raw}」{exc}"
        data.problems.append(f"{data.path} {where}：「{column}」的值「{raw}」{exc}，按无数据处理")
        return ExternalValue(None, where, problem)


def parse_number(raw: Any, number_format: str = "General") -> float:
    """A number from a cell: 95, 95.5, '95.5', '95.5%', or 0.955 in a percentage-formatted cell."""
    if isinstance(raw, bool):
        raise Unreadable("不是数字")
    if isinstance(raw, int | float):
        return float(raw) * (100 if "%" in (number_format or "") else 1)
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    text = text.removesuffix("%").strip()
    try:
        value = float(text)
    except ValueError:
        raise Unreadable("不是数字") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Unreadable("不是数字")
    return value
