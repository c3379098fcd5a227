"""Read a ledger a unit sent back: its rows, the issuer's keys, and every bad or changed value.

Rows are found by their 问题编号 (the hidden copy first), never by position, so
re-ordered, filtered or partly deleted ledgers read correctly. Nothing here
stops at a bad value: each one becomes a ``Flag`` naming file, sheet and cell.
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from evaltool.errors import EvaltoolError
from evaltool.fields import normalize_header
from evaltool.read.package import open_workbook as open_checked_workbook
from evaltool.read.values import Unreadable, is_blank, parse_date, parse_int, parse_text
from evaltool.rectify.ledger import (
    CANNOT,
    COLUMN_BY_KEY,
    DONE,
    KEY_FIELDS,
    KEYS_SHEET,
    LEDGER_SHEET,
    META_SHEET,
    NOT_STARTED,
    PROBLEM,
    PROTECTED,
    PROTECTED_DATES,
    STATUSES,
    ProblemKey,
    item_of,
)

HEADER_SCAN_ROWS = 15
RECHECK_REMAINS = "仍存在"  # the 回头看 result written by `rectify verify`
FILLED_COLUMNS = ("measures", "responsible", "evidence", "reviewer", "opinion")

# Flag kinds, in the order reports list them.
FLAG_KINDS = {
    "overdue": "逾期未整改",
    "not_returned": "未反馈台账的单位",
    "forged": "与评查机构留存的结果不一致",
    "awaiting_bureau": "单位已报整改、待评查机构复核",
    "no_evidence": "已整改但未附佐证材料",
    "tampered": "改动了不应修改的内容",
    "invalid": "无法识别的填写内容",
    "signoff": "销号信息不完整或矛盾",
    "missing_row": "台账中缺少的行",
    "unknown_row": "无法对应到问题的行",
    "conflict": "重复或相互矛盾的行",
    "recheck_remains": "回头看发现问题仍存在",
}


class State(StrEnum):
    """Where a row stands: its 整改状态 plus the reviewer's sign-off."""

    CLOSED = "closed"
    ACCEPTED = "accepted"
    AWAITING_REVIEW = "awaiting_review"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.CLOSED: "已销号",
    State.ACCEPTED: "无法整改（已接受）",
    State.AWAITING_REVIEW: "待复核",
    State.IN_PROGRESS: "整改中",
    State.NOT_STARTED: "未整改",
}


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must look at in a returned ledger, located to its file, sheet and cell."""

    kind: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    problem_id: str = ""
    unit: str = ""
    case_no: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": FLAG_KINDS[self.kind],
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "problem_id": self.problem_id,
            "unit": self.unit,
            "case_no": self.case_no,
            "message": self.message,
        }

    def describe(self) -> str:
        """One Chinese line: where, which problem, what."""
        where = f"{Path(self.file).name}「{self.sheet}」{self.cell}".strip() if self.file else ""
        what = " ".join(p for p in (self.unit, self.case_no, self.problem_id) if p)
        head = "，".join(p for p in (where, what) if p)
        return f"{head}：{self.message}" if head else self.message


@dataclass
class LedgerRow:
    """One returned row: the issuer's key and what the unit and reviewer filled in."""

    file: str
    sheet: str
    row: int
    key: ProblemKey
    columns: dict[str, str]
    text: dict[str, str | None]
    status: str
    closed_on: dt.date | None

    def cell(self, column: str) -> str:
        letter = self.columns.get(column)
        return f"{letter}{self.row}" if letter else f"第{self.row}行"

    @property
    def state(self) -> State:
        """closed (已销号), accepted (无法整改 accepted), awaiting_review, in_progress or not_started.

        A row is signed off when the reviewer filled both 复核意见 and 销号日期 and the
        status is 已整改 or 无法整改（已说明）.
        """
        signed_off = bool(self.text.get("opinion")) and self.closed_on is not None
        if self.status == DONE:
            return State.CLOSED if signed_off else State.AWAITING_REVIEW
        if self.status == CANNOT:
            return State.ACCEPTED if signed_off else State.AWAITING_REVIEW
        return State.IN_PROGRESS if self.status != NOT_STARTED else State.NOT_STARTED

    @property
    def filled(self) -> bool:
        """Whether anyone wrote in the row (used to pick between copies in several files)."""
        return self.status != NOT_STARTED or self.closed_on is not None or any(self.text.values())

    def content(self) -> tuple:
        return (self.status, self.closed_on, *(self.text.get(k) for k in FILLED_COLUMNS))

    def flag(self, kind: str, column: str, message: str) -> Flag:
        return Flag(
            kind,
            message,
            file=self.file,
            sheet=self.sheet,
            cell=self.cell(column),
            problem_id=self.key.id,
            unit=self.key.unit,
            case_no=self.key.case_no,
        )


@dataclass
class LedgerFile:
    """A returned ledger: where its table is, the issuer's keys, its rows and the flags found reading it."""

    path: str
    sheet: str
    header_row: int
    columns: dict[str, str]
    keys: dict[str, ProblemKey] | None  # from the hidden sheet; None when it was lost
    meta: dict[str, str]
    rows: list[LedgerRow]
    flags: list[Flag]


def open_workbook(path: str | Path, *, data_only: bool) -> Workbook:
    """Open an xlsx workbook (all of it, editable) or raise a Chinese EvaltoolError naming the file."""
    return open_checked_workbook(path, read_only=False, data_only=data_only)


_HEADERS = {normalize_header(c.header): c.key for c in COLUMN_BY_KEY.values()}


def locate_table(workbook: Workbook, path: str | Path) -> tuple[Worksheet, int, dict[str, str]]:
    """The sheet, header row and column letters (by column key) of the ledger table."""
    sheets = sorted(
        (s for s in workbook.worksheets if s.sheet_state == "visible"),
        key=lambda s: s.title != LEDGER_SHEET,
    )
    for sheet in sheets:
        for cells in sheet.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS):
            columns: dict[str, str] = {}
            for cell in cells:
                key = _HEADERS.get(normalize_header(cell.value))
                if key and key not in columns:
                    columns[key] = cell.column_letter
            if "status" in columns and ("id" in columns or "key" in columns):
                return sheet, cells[0].row, columns
    raise EvaltoolError(f"{path}：没有找到整改台账（应有含「问题编号」「整改状态」列的表头行）")


def read_ledger(path: str | Path) -> LedgerFile:
    """Read a returned ledger; raises EvaltoolError only when the file is not a ledger at all."""
    workbook = open_workbook(path, data_only=True)
    sheet, header_row, columns = locate_table(workbook, path)
    keys = _read_keys(workbook)
    ledger = LedgerFile(
        path=str(path),
        sheet=sheet.title,
        header_row=header_row,
        columns=columns,
        keys=keys,
        meta=_read_meta(workbook),
        rows=[],
        flags=[],
    )
    ledger.flags.extend(_missing_columns(ledger))
    indexes = {key: column_index_from_string(letter) - 1 for key, letter in columns.items()}
    first_seen: dict[str, int] = {}
    for number, values in enumerate(
        sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        cells = {key: values[i] if i < len(values) else None for key, i in indexes.items()}
        if all(is_blank(v) for v in cells.values()):
            continue
        row = _read_row(ledger, number, cells)
        if row is None:
            continue
        if row.key.id in first_seen:
            ledger.flags.append(
                row.flag(
                    "conflict",
                    "id",
                    f"问题编号 {row.key.id} 在本台账中重复（第{first_seen[row.key.id]}行、"
                    f"第{number}行），只采用第{first_seen[row.key.id]}行",
                )
            )
            continue
        first_seen[row.key.id] = number
        ledger.rows.append(row)
    return ledger


def _read_keys(workbook: Workbook) -> dict[str, ProblemKey] | None:
    if KEYS_SHEET not in workbook.sheetnames:
        return None
    rows = workbook[KEYS_SHEET].iter_rows(values_only=True)
    header = [str(h) for h in next(rows, ())]
    if "id" not in header:
        return None
    keys = {}
    for values in rows:
        data = dict(zip(header, values, strict=False))
        if is_blank(data.get("id")):
            continue
        fields = {name: parse_text(data.get(name)) for name in KEY_FIELDS}
        fields["deadline"] = _iso_date(data.get("deadline"))
        fields["source_row"] = _int(data.get("source_row"))
        key = ProblemKey(**fields)
        keys[key.id] = key
    return keys


def _int(value: Any) -> int | None:
    try:
        return parse_int(value)
    except Unreadable:
        return None


def _iso_date(value: Any) -> dt.date | None:
    try:
        return parse_date(value)
    except Unreadable:
        return None


def _read_meta(workbook: Workbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        return {}
    rows = list(workbook[META_SHEET].iter_rows(min_row=2, values_only=True))
    return {str(r[0]): parse_text(r[1]) for r in rows if r and not is_blank(r[0])}


def _missing_columns(ledger: LedgerFile) -> list[Flag]:
    def flag(message: str) -> Flag:
        return Flag("tampered", message, ledger.path, ledger.sheet, f"第{ledger.header_row}行")

    if ledger.keys is None:
        return [
            flag(
                "台账缺少隐藏的校验工作表，无法核对评查机构填写的内容是否被改动；按表中所见内容统计"
            )
        ]
    return [
        flag(f"删除了「{COLUMN_BY_KEY[key].header}」列")
        for key in (*PROTECTED, *PROTECTED_DATES, "key")
        if key not in ledger.columns
    ]


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


_STATUS_INDEX = {
    **{_fold(s): s for s in STATUSES},
    _fold("已整改（待复核）"): DONE,
    _fold("已销号"): DONE,
}


def _read_row(ledger: LedgerFile, number: int, cells: dict[str, Any]) -> LedgerRow | None:
    """One row with its key, or None (with a flag) when it cannot be matched to a problem."""
    where = {"file": ledger.path, "sheet": ledger.sheet}
    visible_id = parse_text(cells.get("id"))
    number_text = parse_text(cells.get("key")) or visible_id
    if number_text is None:
        letter = ledger.columns.get("id") or ledger.columns["key"]
        ledger.flags.append(
            Flag(
                "unknown_row", "该行没有问题编号，无法对应到问题", cell=f"{letter}{number}", **where
            )
        )
        return None
    if ledger.keys is not None:
        key = ledger.keys.get(number_text)
        if key is None:
            ledger.flags.append(
                Flag(
                    "unknown_row",
                    f"问题编号「{number_text}」不在本台账生成时的问题清单中，未统计",
                    cell=f"{ledger.columns.get('id') or ledger.columns['key']}{number}",
                    problem_id=number_text,
                    **where,
                )
            )
            return None
    else:
        key = _visible_key(number_text, cells)
    row = LedgerRow(
        file=ledger.path,
        sheet=ledger.sheet,
        row=number,
        key=key,
        columns=ledger.columns,
        text={name: parse_text(cells.get(name)) for name in FILLED_COLUMNS},
        status=NOT_STARTED,
        closed_on=None,
    )
    if ledger.keys is not None:
        ledger.flags.extend(_edits(row, cells))
    _read_status(ledger, row, cells.get("status"))
    _read_signoff(ledger, row, cells.get("closed_on"))
    if row.status == DONE and not row.text.get("evidence"):
        ledger.flags.append(
            row.flag("no_evidence", "evidence", "整改状态为已整改，但「佐证材料」为空")
        )
    if row.status == DONE and parse_text(cells.get("recheck")) == RECHECK_REMAINS:
        ledger.flags.append(
            row.flag(
                "recheck_remains",
                "recheck",
                f"整改状态为已整改（{row.state.label}），但回头看发现问题仍存在",
            )
        )
    return row


def _visible_key(number: str, cells: dict[str, Any]) -> ProblemKey:
    """A key rebuilt from the visible cells, for a ledger whose hidden keys were lost."""
    try:
        deadline = parse_date(cells.get("deadline"))
    except Unreadable:
        deadline = None
    return ProblemKey(
        id=number,
        unit=parse_text(cells.get("unit")) or "",
        case_no=parse_text(cells.get("case_no")) or "",
        item_id=item_of(number),
        check=None,
        kind=parse_text(cells.get("kind")) or PROBLEM,
        category=parse_text(cells.get("category")),
        description=parse_text(cells.get("description")) or "",
        basis=parse_text(cells.get("basis")),
        remediation=parse_text(cells.get("remediation")),
        deadline=deadline,
    )


def _edits(row: LedgerRow, cells: dict[str, Any]) -> list[Flag]:
    """Issuer cells whose content differs from what the issuer wrote."""
    flags = []
    expected = row.key.cells()
    for name in (*PROTECTED, *PROTECTED_DATES):
        if name not in row.columns:
            continue
        raw = cells.get(name)
        if name in PROTECTED_DATES:
            try:
                same = parse_date(raw) == expected[name]
            except Unreadable:
                same = False
        else:
            same = parse_text(raw) == parse_text(expected[name])
        if not same:
            was = (
                expected[name].isoformat()
                if isinstance(expected[name], dt.date)
                else expected[name]
            )
            flags.append(
                row.flag(
                    "tampered",
                    name,
                    f"「{COLUMN_BY_KEY[name].header}」被改动：原为「{was or ''}」，"
                    f"现为「{parse_text(raw) or ''}」",
                )
            )
    return flags


def _read_status(ledger: LedgerFile, row: LedgerRow, raw: Any) -> None:
    if is_blank(raw):
        return
    status = _STATUS_INDEX.get(_fold(str(raw)))
    if status is None:
        ledger.flags.append(
            row.flag(
                "invalid",
                "status",
                f"整改状态「{parse_text(raw)}」无法识别，应为 {'、'.join(STATUSES)} 之一；按未整改统计",
            )
        )
        return
    row.status = status


def _read_signoff(ledger: LedgerFile, row: LedgerRow, raw: Any) -> None:
    try:
        row.closed_on = parse_date(raw)
    except Unreadable as exc:
        ledger.flags.append(
            row.flag(
                "invalid",
                "closed_on",
                f"销号日期「{parse_text(raw)}」无法识别（{exc}），未计为已销号",
            )
        )
        return
    if row.closed_on is None:
        return
    if not row.text.get("opinion"):
        ledger.flags.append(
            row.flag("signoff", "opinion", "填写了销号日期但没有复核意见，未计为已销号")
        )
    elif row.status not in (DONE, CANNOT):
        ledger.flags.append(
            row.flag(
                "signoff",
                "status",
                f"已填写复核意见和销号日期，但整改状态为「{row.status}」，未计为已销号",
            )
        )
