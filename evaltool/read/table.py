"""Rows of one sheet into a Register of typed cases: header detection, column mapping, value reading.

Readers (calamine, openpyxl, CSV, …) only produce ``(excel_row_number, cell_values)`` rows and,
for workbooks, the sheet's merged ranges and the cells no reader gives a value for (``SheetLayout``).
Everything the input contract says about headers, rows and values happens here, once, for
every format, so that every reader reads the same file to the same cases.
"""

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from typing import Any

from evaltool import collector
from evaltool.cellref import column_index, column_letter
from evaltool.errors import RegisterError
from evaltool.fields import (
    FIELD_BY_KEY,
    SHUANG_GONGSHI,
    field_for_header,
    header_unit,
    label,
    normalize_header,
    wide_officer_header,
)
from evaltool.lazy import LazyPattern
from evaltool.model import Case, DataIssue, Register
from evaltool.read import values as v

HEADER_SEARCH_ROWS = 10
MIN_KNOWN_HEADERS = 3
MAX_HEADER_DEPTH = 3  # a header row and at most two rows of sub-headers under merged cells
EARLIEST_PLAUSIBLE = dt.date(1990, 1, 1)
TOTAL_MARKERS = ("合计", "总计", "小计")
NOTE_MARKERS = (
    "注:",
    "注1",
    "说明",
    "填表说明",
    "备注:",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "填表日期",
    "填报日期",
    "制表日期",
    "联系人",
    "联系电话",
    "单位(盖章)",
)
TOTAL_ROW = "合计行"
NOTE_ROW = "表尾说明"
ONLY_SEQ_OR_UNIT = "只有序号或执法单位，没有案卷内容"
MINOR_FIELDS = {"seq", "unit"}
# a footnote numbered 1. 2、 (3) …: one cell of text under the table
NUMBERED_NOTE = re.compile(r"[(]?\d{1,2}[)）.、．,，]\D.{3,}")
AGGREGATE = LazyPattern(r"=\s*(SUM|SUBTOTAL|SUMIFS?|SUMPRODUCT|COUNTA?|AVERAGE)\s*\(", re.I)
# the unit a title row names: 执法单位：青山县应急管理局, （执法单位：____）, 填报单位（盖章）：…
TITLE_UNIT = LazyPattern(
    r"(?:执法单位|行政执法单位|填报单位|报送单位|执法机关|处罚机关|单位名称)"
    r"\s*(?:\((?:盖章|公章|章)\))?\s*:\s*(?P<unit>[^\s()\[\]:;,，；_＿、]{2,})"
)
# a unit for the table's amounts, stated in a title row or a note: 单位：万元, 金额单位为万元
TABLE_UNIT = LazyPattern(r"单位(?:为|是)?\s*:?\s*(万元|元)(?![\u4e00-\u9fff])")
# what follows a unit in the same title cell: 填报单位：青山县应急管理局填报日期：…
AFTER_TITLE_UNIT = LazyPattern(r"(填报|填表|制表|报送|日期|联系|负责人|审核)")
UNCACHED_FORMULA = (
    "公式没有保存计算结果（文件可能由程序生成、未在 Excel 中保存过），请在 Excel 中打开并保存后重试"
)
ERROR_VALUE = "单元格显示错误值，请修正公式或改填实际内容"


class EmptySheet(RegisterError):
    """A sheet with no cells at all (workbooks often carry such sheets; they are not an error)."""


class NoHeader(RegisterError):
    """A sheet without a header row; ``known`` is the most known headers seen in one row."""

    def __init__(self, message: str, known: int):
        super().__init__(message)
        self.known = known


@dataclass(frozen=True)
class CellRange:
    """A merged range, 1-based and inclusive, e.g. ``A3:A10``."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @classmethod
    def parse(cls, ref: str) -> "CellRange":
        match = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)", ref.upper())
        if not match:
            raise ValueError(ref)
        c1, r1, c2, r2 = match.groups()
        return cls(int(r1), column_index(c1), int(r2), column_index(c2))


@dataclass
class SheetLayout:
    """What a workbook reader knows about a sheet beyond its cell values."""

    merges: list[CellRange] = field(default_factory=list)
    # cells whose value no reader gives: formulas without a saved result, error values (#N/A);
    # row -> {column index: (the text shown in messages, why it cannot be read)}
    flagged: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)


def _known(cell: Any) -> str | None:
    if cell is None or cell.__class__ is not str:
        return None
    wide = wide_officer_header(cell)
    return wide[0] if wide else field_for_header(cell)


def find_header(rows: Sequence[tuple[int, Sequence[Any]]]) -> int | None:
    """Index (in ``rows``) of the first row with at least three known headers, or None."""
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {_known(c) for c in cells} - {None}
        if len(known) >= MIN_KNOWN_HEADERS:
            return index
    return None


def _no_header(file: str, sheet: str, head: list[tuple[int, Sequence[Any]]], rest) -> RegisterError:
    """Why a sheet has no register: empty, a title only, or the header-like cells it holds."""
    where = f"{file}「{sheet}」"
    seen = []
    for row, cells in head:
        texts = list(dict.fromkeys(v.raw_text(c).strip() for c in cells if _present(c)))
        if texts:
            seen.append((row, texts))
    if not seen:
        later = next((n for n, (_, raw) in rest if any(map(_present, raw))), None)
        if later is None:
            return EmptySheet(f"{where}：工作表为空")
        return RegisterError(
            f"{where}：前 {HEADER_SEARCH_ROWS} 行是空行，第 {later} 行才有内容；"
            f"表头行应在前 {HEADER_SEARCH_ROWS} 行内，请删除上方的空行"
        )
    known = max(len({_known(c) for c in cells} - {None}) for _, cells in head)
    if len(seen) == 1 and len(seen[0][1]) == 1:
        return NoHeader(f"{where}：只有标题「{seen[0][1][0][:40]}」，没有表头和案卷", known)
    shown = "；".join(
        f"第{row}行" + "".join(f"「{t[:20]}」" for t in texts[:8]) + ("…" if len(texts) > 8 else "")
        for row, texts in seen
    )
    return NoHeader(
        f"{where}：前 {HEADER_SEARCH_ROWS} 行中找不到表头行（需要至少 {MIN_KNOWN_HEADERS} 个"
        f"可识别的列名，如 案号、当事人、立案日期，见 docs/registers.md）。看到的内容：{shown}",
        known,
    )


class _Merges:
    """Fills merged ranges while rows stream by: the top-left value applies to the whole range."""

    def __init__(self, merges: Iterable[CellRange]):
        self.starts: dict[int, list[CellRange]] = {}
        for merge in merges:
            if merge.max_row > merge.min_row or merge.max_col > merge.min_col:
                self.starts.setdefault(merge.min_row, []).append(merge)
        self.active: list[tuple[CellRange, Any]] = []

    def fill(self, row: int, cells: Sequence[Any]) -> Sequence[Any]:
        """The row as the user sees it: merged cells carry their range's value."""
        if not self.starts and not self.active:
            return cells
        starting = self.starts.pop(row, ())
        for merge in starting:
            top_left = cells[merge.min_col - 1] if merge.min_col <= len(cells) else None
            self.active.append((merge, top_left))
        if self.active:
            self.active = [(m, value) for m, value in self.active if m.max_row >= row]
        if not self.active:
            return cells
        filled = list(cells)
        for merge, value in self.active:
            if len(filled) < merge.max_col:
                filled.extend([None] * (merge.max_col - len(filled)))
            filled[merge.min_col - 1 : merge.max_col] = [value] * (
                merge.max_col - merge.min_col + 1
            )
        return filled


def _present(cell: Any) -> bool:
    return cell is not None and cell != "" and (cell.__class__ is not str or bool(cell.strip()))


_SPACES = re.compile(r"\s+")


def _first_text(cells: Sequence[Any]) -> str:
    """The first present cell's text, without white space, with half-width ： and （.

    A number (序号, the commonest first cell) reads as "0": no marker of a total or a note
    starts with a digit, and one number is no numbered note, whatever its digits.
    """
    for cell in cells:
        if cell is None:
            continue
        if cell.__class__ is float or cell.__class__ is int:
            return "0"
        if cell.__class__ is str:
            if not cell.strip():
                continue
            text = cell
        elif cell == "":
            continue
        else:
            text = v.raw_text(cell)
        return _SPACES.sub("", text).replace("：", ":").replace("（", "(")
    return ""


def _skip_reason(
    cells: Sequence[Any], row: int, banners: dict[int, int], flagged: dict[int, tuple[str, str]]
) -> str | None:
    """Why a non-blank row under the header is not a case (a total or a note), or None.

    ``cells`` are the row's raw cells with the ``flagged`` ones (formulas without a saved
    result, error values) left out: a 合计 row is a total whatever its formulas show.
    """
    first = _first_text(cells)
    if first.startswith(TOTAL_MARKERS):
        return TOTAL_ROW
    if first.startswith(NOTE_MARKERS):
        return NOTE_ROW
    if not first:  # only flagged cells: a total without its label when they are SUM/SUBTOTAL
        return TOTAL_ROW if any(AGGREGATE.match(raw) for raw, _ in flagged.values()) else None
    if NUMBERED_NOTE.match(first) and not flagged and sum(map(_present, cells)) == 1:
        return NOTE_ROW
    if row in banners and sum(map(_present, cells)) == 1 and _present(cells[banners[row] - 1]):
        return "跨列合并的说明行"
    return None


def _shown(raw: Sequence[Any], flagged: dict[int, tuple[str, str]] | None) -> Sequence[Any]:
    """The row's cells without the flagged ones, which readers give as empty, text or error codes."""
    if not flagged:
        return raw
    return [None if i in flagged else cell for i, cell in enumerate(raw)]


# -- header block ---------------------------------------------------------------------------


@dataclass
class _Col:
    """A column of the register's header: where it is, what it says and which field it is."""

    index: int
    letter: str
    header: str
    key: str | None  # field key, or None for an extra column
    number: int = 0  # position in the wide officer form (承办人1 → 1)
    unit: str | None = None  # amounts: the unit the header states (元, 万元), else the format's
    unit_from: str = ""  # where ``unit`` comes from: "表头" or the format's name

    @property
    def in_wan(self) -> bool:
        return self.unit == v.WAN


def _header_names(block: list[Sequence[Any]]) -> list[str]:
    """One header text per column from a header row and its sub-header rows (already filled)."""
    width = max(len(cells) for cells in block)
    names = []
    for col in range(width):
        texts = []
        for cells in block:
            cell = cells[col] if col < len(cells) else None
            text = re.sub(r"\s+", "", v.raw_text(cell)) if _present(cell) else ""
            if text and text not in texts:
                texts.append(text)
        if len(texts) <= 1:
            names.append(texts[0] if texts else "")
            continue
        bottom, top = texts[-1], texts[0]
        for candidate in (bottom, top + bottom, top):
            if _known(candidate):
                names.append(candidate)
                break
        else:
            names.append("/".join(texts))
    return names


def _table_unit(rows: Iterable[Sequence[Any]]) -> str | None:
    """The unit the title rows state for the table's amounts (单位：万元), or None."""
    for cells in rows:
        for cell in cells:
            if cell.__class__ is str and "单位" in cell:
                match = TABLE_UNIT.search(unicodedata.normalize("NFKC", cell))
                if match:
                    return match[1]
    return None


def _columns(names: list[str], published: bool, table_unit: str | None) -> list[_Col]:
    columns = []
    for index, name in enumerate(names):
        if not name:
            continue
        letter = column_letter(index + 1)
        wide = None if published else wide_officer_header(name)
        if wide:
            columns.append(_Col(index, letter, name, wide[0], number=wide[1]))
            continue
        key = SHUANG_GONGSHI.field_for(name) if published else field_for_header(name)
        column = _Col(index, letter, name, key)
        if key is not None and FIELD_BY_KEY[key].kind == "amount":
            # the header's own unit, else the title's, else the format's default (双公示: 万元)
            column.unit = header_unit(name)
            column.unit_from = "表头" if column.unit else ""
            if column.unit is None and table_unit:
                column.unit, column.unit_from = table_unit, "标题行注明的"
            elif column.unit is None and published:
                column.unit, column.unit_from = v.WAN, "双公示格式默认"
        columns.append(column)
    return columns


# -- values ---------------------------------------------------------------------------------

_CACHE_LIMIT = 20_000
_DISTINCT_TEXTS = 2_000  # a text column with more different values is not worth keeping once
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "int": v.parse_int,
    "date": v.parse_date,
    "date_or_bool": v.parse_date_or_bool,
    "bool": v.parse_bool,
    "list": v.parse_list,
}
_CACHED_KINDS = {"date", "date_or_bool", "bool", "enum", "list", "amount"}  # values that repeat
_MISS = object()


def _parser(key: str, in_wan: bool, review_date: dt.date) -> Callable[[Any], Any]:
    """The field's parser, with the date plausibility rule."""
    kind = FIELD_BY_KEY[key].kind
    if kind == "text":
        return v.parse_text
    if kind == "amount":
        return partial(v.parse_amount, in_wan=in_wan)
    if kind == "enum":
        return partial(v.parse_enum, key=key)
    if kind in ("date", "date_or_bool"):
        return partial(_plausible, _PARSERS[kind], review_date)
    return _PARSERS[kind]


def _read_cached(parse: Callable[[Any], Any], cache: dict | None, raw: Any) -> Any:
    """``parse(raw)``, or the Unreadable it raised (returned, not raised), kept in ``cache``.

    Registers repeat dates, names and enums a lot. Booleans stay out of the cache, since
    ``True == 1`` would mix them with numbers.
    """
    try:
        value = parse(raw)
    except v.Unreadable as exc:
        value = v.Unreadable(str(exc))  # a fresh one: no traceback, no frames kept alive
    if cache is not None and raw.__class__ is not bool:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[raw] = value
    return value


def _plausible(parse: Callable[[Any], Any], review_date: dt.date, raw: Any) -> Any:
    value = parse(raw)
    if isinstance(value, dt.date) and not EARLIEST_PLAUSIBLE <= value <= review_date:
        raise v.Unreadable(
            f"日期不合理（应在 {EARLIEST_PLAUSIBLE.isoformat()} 至 {review_date.isoformat()} 之间）"
        )
    return value


# -- the register ---------------------------------------------------------------------------


def build_register(
    file: str,
    sheet: str,
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    reader: str,
    review_date: dt.date,
    layout: SheetLayout | None = None,
    hidden: bool = False,
    default_unit: str = "",
) -> Register:
    """Read a sheet's rows (Excel row number, cell values) into a Register.

    Cases get the unit of their 执法单位 cell, else ``default_unit``; when that is empty too,
    ``read_registers`` resolves the unit from the sheet or file name. Raises RegisterError
    when no header row is found in the first ten rows (the message lists the cells it saw).
    """
    layout = layout or SheetLayout()
    merges = _Merges(layout.merges)
    stream: Iterator[tuple[int, tuple[Sequence[Any], Sequence[Any]]]] = (
        (number, (merges.fill(number, raw), raw)) for number, raw in rows
    )
    head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), stream, strict=False)]
    index = find_header([(n, filled) for n, (filled, _) in head])
    if index is None:
        raise _no_header(file, sheet, [(n, raw) for n, (_, raw) in head], stream)
    header_row = head[index][0]
    depth = max(
        (
            m.max_row - header_row
            for m in layout.merges
            if m.min_row <= header_row < m.max_row and m.max_row - header_row < MAX_HEADER_DEPTH
        ),
        default=0,
    )
    rest = iter(head[index + 1 :])
    block = [head[index][1][0]]
    for _ in range(depth):
        extra = next(rest, None) or next(stream, None)
        if extra is None:
            break
        block.append(extra[1][0])
    names = _header_names(block)
    published = SHUANG_GONGSHI.recognises(names)
    title_unit = _title_unit(raw for _, (_, raw) in head[:index])
    table_unit = _table_unit(raw for _, (_, raw) in head[:index])
    register = Register(
        file=file,
        sheet=sheet,
        header_row=header_row,
        columns={},
        reader=reader,
        format="shuang_gongshi" if published else "register",
        hidden=hidden,
        headers={column_letter(i + 1): n for i, n in enumerate(names) if n},
        title_unit=title_unit,
    )
    columns = _columns(names, published, table_unit)
    reading = _RowReader(register, columns, review_date, layout.flagged)
    reading.default_unit = default_unit
    if published:
        reading.require(SHUANG_GONGSHI)
    banners = {  # one value merged across three or more columns: a note, not a case
        m.min_row: m.min_col
        for m in layout.merges
        if m.min_row == m.max_row and m.max_col - m.min_col >= 2
    }
    # reading makes no garbage cycles (Unreadable values are kept without their traceback)
    with collector.paused(settle=True):
        rows = itertools.chain(rest, stream)
        _read_rows(register, reading, rows, layout, banners, header_row + len(block) - 1)
    return register


def _title_unit(rows: Iterable[Sequence[Any]]) -> str:
    """The unit named in the title rows above the header (执法单位：青山县应急管理局), or "".

    The name may stand in the label's cell or, after a label cell such as 「执法单位：」, in the
    next cell of the row.
    """
    for cells in rows:
        texts = [unicodedata.normalize("NFKC", c).strip() for c in cells if c.__class__ is str]
        for index, text in enumerate(texts):
            if "单位" not in text and "机关" not in text:
                continue
            following = texts[index + 1] if index + 1 < len(texts) else ""
            if text[-1:] == ":" and ":" not in following:
                text += following
            match = TITLE_UNIT.search(text)
            unit = AFTER_TITLE_UNIT.split(match["unit"])[0] if match else ""
            if len(unit) >= 2 and unit not in ("万元", "盖章"):
                return unit
    return ""


def _with_trailing_flagged(rows, layout: SheetLayout, last: int):
    """The rows, then the rows after them that hold only flagged cells.

    calamine ends a sheet at its last cell with a value, so a total row of formulas without a
    saved result at the bottom never comes from it; openpyxl gives it. Both read it the same.
    """
    for number, row in rows:
        last = number
        yield number, row
    for number in sorted(n for n in layout.flagged if n > last):
        yield number, ((), ())


def _read_rows(register, reading, rows, layout, banners, header_end: int) -> None:
    for number, (cells, raw) in _with_trailing_flagged(rows, layout, header_end):
        formulas = layout.flagged.get(number)
        if not formulas and not any(map(_present, raw)):
            continue
        shown = _shown(raw, formulas)
        reason = _skip_reason(shown, number, banners, formulas or {})
        if reason:
            register.skipped_rows.append((number, reason))
            if reason == NOTE_ROW:
                reading.compare_note_unit(number, shown)
            continue
        case = reading.case(number, cells, formulas)
        if (
            case.values.keys() <= MINOR_FIELDS
            and case.issues.keys() <= MINOR_FIELDS
            and reading.only_seq_or_unit(shown, formulas)
        ):
            reading.forget(case)  # an unreadable 序号 of an empty row is no data issue
            register.skipped_rows.append((number, ONLY_SEQ_OR_UNIT))
            continue
        if reading.required:
            reading.check_required(case, cells)
        register.cases.append(case)


def _number_repeated_officers(by_key: dict[str, list[_Col]]) -> None:
    """执法人员, 执法证号 written twice or more, unnumbered: the wide form, numbered in column order,
    so that each certificate stays with its officer."""
    officers, certs = by_key.get("officers", []), by_key.get("officer_certs", [])
    if len(officers) < 2 or any(c.number for c in officers + certs):
        return
    for cols in (officers, certs):
        for number, col in enumerate(cols, start=1):
            col.number = number


class _RowReader:
    """Turns one data row into a Case, following the column plan of the header."""

    def __init__(self, register: Register, columns: list[_Col], review_date, formulas):
        self.register = register
        self.columns = columns
        self.formulas = formulas
        self.required: list[tuple[_Col, str]] = []
        self.default_unit = ""
        by_key: dict[str, list[_Col]] = {}
        seen: dict[str, int] = {}
        self.extras: list[tuple[int, str]] = []
        for col in columns:
            if col.key is None:
                name = col.header
                if name in seen or name in FIELD_BY_KEY:
                    name = f"{name}（{col.letter}列）"
                seen[name] = col.index
                register.unmapped[col.letter] = col.header
                register.columns[name] = [col.letter]
                self.extras.append((col.index, name))
            else:
                by_key.setdefault(col.key, []).append(col)
        self.single: list[
            tuple[int, str, str, Callable | None, dict | None, bool, _Col | None]
        ] = []
        self.multi: list[tuple[str, list[_Col], list[Callable]]] = []
        for key, cols in by_key.items():
            self._say_repeated(key, cols)
        _number_repeated_officers(by_key)
        for key, cols in by_key.items():
            if any(c.number for c in cols):
                cols.sort(key=lambda c: c.number)
            register.columns[key] = [c.letter for c in cols]
            parsers = [_parser(key, c.in_wan, review_date) for c in cols]
            if len(cols) == 1:
                kind = FIELD_BY_KEY[key].kind
                parse = None if kind == "text" else parsers[0]
                # text: the cache keeps one copy of each text (units, causes), for memory
                cache = {} if kind in _CACHED_KINDS or kind == "text" else None
                col = cols[0]
                unit = col if col.unit else None  # amounts compared with the unit they state
                self.single.append((col.index, key, col.letter, parse, cache, kind == "list", unit))
            else:
                self.multi.append((key, cols, parsers))
        self.wide = {
            key: cols for key, cols, _ in self.multi if key in ("officers", "officer_certs")
        }
        self.minor = {c.index for key in MINOR_FIELDS for c in by_key.get(key, ())}
        self.width = max((c.index for c in columns), default=-1) + 1  # cells a row must have
        self.units = {c.index: c for c in columns if c.unit}
        for col in self.units.values():
            if register.format == "shuang_gongshi" and col.unit_from == "表头" and not col.in_wan:
                self._unit_issue(
                    col,
                    f"{col.letter}{register.header_row}",
                    col.header,
                    f"表头注明金额单位为「{col.unit}」，按表头单位「{col.unit}」读取"
                    f"（双公示格式默认为{v.WAN}）",
                )

    def _say_repeated(self, key: str, cols: list[_Col]) -> None:
        """A header written twice (two 执法人员 columns) is read whole, and said."""
        repeated = [c for c in cols if not c.number]
        headers = {normalize_header(c.header) for c in repeated}
        if len(repeated) < 2 or len(headers) != 1:
            return
        letters = "、".join(c.letter for c in repeated)
        how = (
            "各列名单合并读取"
            if FIELD_BY_KEY[key].kind == "list"
            else "各列取值须一致，不一致的作为数据问题"
        )
        self.register.notes.append(
            f"表头「{repeated[0].header}」出现在 {letters} 共 {len(repeated)} 列，"
            f"均作为{label(key)}读取（{how}）"
        )

    def only_seq_or_unit(self, shown: Sequence[Any], flagged: dict | None) -> bool:
        """Whether a row fills only 序号 and/or 执法单位 (pre-numbered rows left empty)."""
        minor = self.minor
        if not minor or (flagged and not flagged.keys() <= minor):
            return False
        return all(i in minor for i, cell in enumerate(shown) if _present(cell))

    def compare_note_unit(self, row: int, cells: Sequence[Any]) -> None:
        """A note under the table that states a unit (金额单位为万元) which amount columns without
        a unit of their own were not read in: reported, since the amounts above are read already."""
        index, text = next((i, c) for i, c in enumerate(cells) if _present(c))
        match = TABLE_UNIT.search(unicodedata.normalize("NFKC", v.raw_text(text)))
        if not match:
            return
        for col in self.columns:
            if col.key in ("fine", "confiscated") and col.unit_from != "表头":
                used = col.unit or v.YUAN
                if used != match[1]:
                    self._unit_issue(
                        col,
                        f"{column_letter(index + 1)}{row}",
                        v.raw_text(text),
                        f"表尾说明称金额单位为「{match[1]}」，但表头「{col.header}」未注明单位，"
                        f"已按「{used}」读取；请核对该列金额，并在表头注明单位",
                    )

    def forget(self, case: Case) -> None:
        """Take back the data issues of a row that turned out not to be a case."""
        for issue in case.issues.values():
            for index in range(len(self.register.issues) - 1, -1, -1):
                if self.register.issues[index] is issue:
                    del self.register.issues[index]
                    break

    def _unit_issue(self, col: _Col, cell: str, raw: str, message: str) -> None:
        """An amount read in one unit where another was also stated: said, not unreadable."""
        issue = DataIssue(self.register.file, self.register.sheet, cell, col.key, raw, message)
        self.register.issues.append(issue)

    def _check_unit(self, col: _Col, row: int, raw: Any) -> None:
        stated = v.stated_unit(raw)
        if stated and stated != col.unit:
            where = "表头单位" if col.unit_from == "表头" else f"{col.unit_from}单位"
            self._unit_issue(
                col,
                f"{col.letter}{row}",
                v.raw_text(raw),
                f"金额自带单位「{stated}」，{where}为「{col.unit}」，"
                f"按金额自带的单位「{stated}」读取，请核对",
            )

    def require(self, published) -> None:
        """Report required columns that are missing and, per row, required values left blank.

        A required column written with a header of the contract (处罚决定书文号 for
        行政处罚决定书文号) is there.
        """
        present = {published.name_of(c.header): c for c in self.columns}
        by_key = {c.key: c for c in self.columns if c.key}
        for header in published.required:
            column = present.get(header) or by_key.get(published.field_for(header))
            if column:
                self.required.append((column, header))
            else:
                self.register.issues.append(
                    DataIssue(
                        self.register.file,
                        self.register.sheet,
                        f"第{self.register.header_row}行",
                        header,
                        "",
                        "缺少双公示必填列",
                    )
                )

    def case(self, number: int, cells: Sequence[Any], formulas: dict | None) -> Case:
        """The row's case; what cannot be read becomes a data issue at its cell.

        The hottest loop of reading (once per cell): blank cells ("" as None) fall through
        the parsers to no value, so only None is skipped up front.
        """
        values: dict[str, Any] = {}
        case = Case(register=self.register, row=number, unit="", values=values)
        if len(cells) < self.width:
            cells = [*cells, *repeat(None, self.width - len(cells))]
        unreadable, miss = v.Unreadable, _MISS
        for index, key, letter, parse, cache, copy, unit in self.single:
            raw = cells[index]
            if formulas and index in formulas:
                self._issue(case, key, f"{letter}{number}", *formulas[index])
                continue
            if raw is None:
                continue
            if parse is None:  # text, the commonest kind: inline
                if raw.__class__ is str and "E+" not in raw and "e+" not in raw:
                    value = raw.strip()
                else:
                    value = _read_cached(v.parse_text_cell, None, raw)
                    if value.__class__ is unreadable:
                        self._issue(case, key, f"{letter}{number}", v.raw_text(raw), str(value))
                        continue
                if value:
                    values[key] = (
                        value if cache is None else cache.get(value) or self._keep(key, value)
                    )
                continue
            value = miss if cache is None or raw.__class__ is bool else cache.get(raw, miss)
            if value is miss:
                value = _read_cached(parse, cache, raw)
            if value.__class__ is unreadable:
                self._issue(case, key, f"{letter}{number}", v.raw_text(raw), str(value))
                continue
            if value is not None:
                values[key] = list(value) if copy else value
                if unit and raw.__class__ is str:
                    self._check_unit(unit, number, raw)
        for key, cols, parsers in self.multi:
            self._combine(case, key, cols, parsers, cells, formulas)
        if self.wide:
            self._align_officers(case, cells)
        for index, name in self.extras:
            raw = cells[index]
            if formulas and index in formulas:
                cell = f"{column_letter(index + 1)}{number}"
                self._issue(case, name, cell, *formulas[index])
            elif raw.__class__ is str:
                if raw.strip():
                    values[name] = raw.strip()
            elif raw is not None:  # a number: an ID typed as one has lost its last digits
                value = _read_cached(v.parse_text_cell, None, raw)
                if value.__class__ is v.Unreadable:
                    cell = f"{column_letter(index + 1)}{number}"
                    self._issue(case, name, cell, v.raw_text(raw), str(value))
                else:
                    values[name] = value
        case.unit = values.get("unit") or self.default_unit
        return case

    def _keep(self, key: str, text: str) -> str:
        """``text``, kept as the one copy of its column's equal texts; a column with too many
        different texts (case numbers, parties) stops keeping them."""
        position = next(p for p, single in enumerate(self.single) if single[1] == key)
        index, key, letter, parse, cache, *rest = self.single[position]
        if len(cache) < _DISTINCT_TEXTS:
            cache[text] = text
        else:
            self.single = [*self.single]  # a loop over the old list goes on with it
            self.single[position] = (index, key, letter, parse, None, *rest)
        return text

    def check_required(self, case: Case, cells: Sequence[Any]) -> None:
        """Report each required value (双公示) left blank; the case is read all the same."""
        formulas = self.formulas.get(case.row) or {}
        for col, header in self.required:
            raw = cells[col.index] if col.index < len(cells) else None
            if not _present(raw) and col.index not in formulas:
                issue = DataIssue(
                    self.register.file,
                    self.register.sheet,
                    f"{col.letter}{case.row}",
                    col.key or header,
                    "",
                    f"双公示必填项「{header}」为空",
                )
                self.register.issues.append(issue)

    def _combine(self, case, key, cols, parsers, cells, formulas) -> None:
        """A field kept in several columns: lists are joined, other values must agree."""
        found: list[tuple[str, Any]] = []
        for col, parse in zip(cols, parsers, strict=True):
            raw = cells[col.index] if col.index < len(cells) else None
            cell = f"{col.letter}{case.row}"
            if formulas and col.index in formulas:
                self._issue(case, key, cell, *formulas[col.index])
                return
            if not _present(raw):
                continue
            try:
                found.append((cell, parse(raw), raw))
            except v.Unreadable as exc:
                self._issue(case, key, cell, v.raw_text(raw), str(exc))
                return
            if col.unit:
                self._check_unit(col, case.row, raw)
        if not found:
            return
        if FIELD_BY_KEY[key].kind == "list":
            case.values[key] = [item for _, items, _ in found for item in items]
            return
        distinct = {value for _, value, _ in found}
        if len(distinct) > 1:
            shown = "；".join(f"{cell}：{v.raw_text(raw)}" for cell, _, raw in found)
            self._issue(case, key, found[0][0], shown, "同一项目有多列且取值不一致，需人工核对")
            return
        case.values[key] = found[0][1]

    def _align_officers(self, case: Case, cells: Sequence[Any]) -> None:
        """The wide form 承办人1, 执法证号1, …: certificates stay aligned with their officer."""
        names = {c.number: c for c in self.wide.get("officers", ())}
        certs = {c.number: c for c in self.wide.get("officer_certs", ())}
        if not names or not certs or "officers" in case.issues or "officer_certs" in case.issues:
            return

        def text(col):
            raw = cells[col.index] if col and col.index < len(cells) else None
            return v.parse_text(raw) or ""

        officers, numbers = [], []
        for number in sorted(names):
            name = text(names[number])
            if name:
                officers.append(name)
                numbers.append(number)
        aligned = [text(certs.get(n)) for n in numbers]
        aligned += [text(certs[n]) for n in sorted(certs) if n not in numbers and text(certs[n])]
        if officers:
            case.values["officers"] = officers
        if any(aligned):
            case.values["officer_certs"] = aligned

    def _issue(self, case: Case, key: str, cell: str, raw: str, message: str) -> None:
        issue = DataIssue(self.register.file, self.register.sheet, cell, key, raw, message)
        case.issues.setdefault(key, issue)
        case.values.pop(key, None)
        self.register.issues.append(issue)
