"""Rectification status over the ledgers units sent back: 整改率 per unit and overall, and flags.

- 整改率 = (已销号 + 无法整改（已接受）) ÷ 问题; strict 整改率 = 已销号 ÷ 问题.
- 单位整改率 adds the problems a unit reported 已整改 with 佐证材料 that wait for the bureau.
- 逾期: a 问题 past its 整改时限 (as of a date), not closed and not reported 已整改 with 佐证材料;
  a reported one past its 整改时限 is the bureau's backlog (``awaiting_bureau``), not the unit's.
- 建议 rows are counted on their own and never enter a rate.
- With a ``reference`` (the bureau's own ledger, built from its results) the issued problems and
  their deadlines come from it; returned rows and hidden keys are compared with it.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from evaltool.errors import EvaltoolError
from evaltool.rectify.ledger import (
    COLUMN_BY_KEY,
    KEY_FIELDS,
    PROBLEM,
    SUGGESTION,
    Ledger,
    ProblemKey,
)
from evaltool.rectify.reading import FLAG_KINDS, Flag, LedgerFile, LedgerRow, State, read_ledger


@dataclass
class Entry:
    """One issued problem or suggestion and the row that reports on it (None when no ledger has it)."""

    key: ProblemKey
    row: LedgerRow | None
    overdue_days: int | None = None  # calendar days past 整改时限, when overdue (the unit's)
    refused_signoff: bool = False  # signed off by someone the review config does not name
    backlog_days: int | None = None  # days past 整改时限 while reported and awaiting the bureau

    @property
    def state(self) -> State:
        state = self.row.state if self.row else State.NOT_STARTED
        if self.refused_signoff and state in (State.CLOSED, State.ACCEPTED):
            return State.AWAITING_REVIEW
        return state

    @property
    def reported(self) -> bool:
        """Reported done by the unit with 佐证材料 and waiting for the bureau's sign-off."""
        return (
            self.state is State.AWAITING_REVIEW
            and self.row is not None
            and bool(self.row.text.get("evidence"))
        )

    def as_dict(self) -> dict[str, Any]:
        key = asdict(self.key)
        key["deadline"] = self.key.deadline.isoformat() if self.key.deadline else None
        return {
            **key,
            "state": self.state,
            "state_label": self.state.label,
            "status": self.row.status if self.row else None,
            "closed_on": self.row.closed_on.isoformat()
            if self.row and self.row.closed_on
            else None,
            "evidence": self.row.text.get("evidence") if self.row else None,
            "overdue_days": self.overdue_days,
            "reported": self.reported,
            "backlog_days": self.backlog_days,
            "ledger": (
                {"file": self.row.file, "sheet": self.row.sheet, "row": self.row.row}
                if self.row
                else None
            ),
        }


@dataclass
class Tally:
    """Counts for one unit (or all): suggestions apart; problems by state; overdue problems."""

    unit: str
    suggestions: int = 0
    problems: int = 0
    closed: int = 0
    accepted: int = 0
    awaiting_review: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    reported: int = 0  # awaiting_review with 佐证材料: the unit's part done, pending the bureau
    backlog: int = 0  # of those, past 整改时限: the bureau's own backlog
    returned: bool = True

    def add(self, entry: Entry) -> None:
        if entry.key.kind == SUGGESTION:
            self.suggestions += 1
            return
        self.problems += 1
        state = entry.state
        self.closed += state is State.CLOSED
        self.accepted += state is State.ACCEPTED
        self.awaiting_review += state is State.AWAITING_REVIEW
        self.in_progress += state is State.IN_PROGRESS
        self.not_started += state is State.NOT_STARTED
        self.overdue += entry.overdue_days is not None
        self.reported += entry.reported
        self.backlog += entry.backlog_days is not None

    @property
    def rate(self) -> float | None:
        """整改率: (已销号 + 无法整改（已接受）) ÷ 问题; None without problems."""
        return (self.closed + self.accepted) / self.problems if self.problems else None

    @property
    def unit_rate(self) -> float | None:
        """单位整改率: (已销号 + 无法整改（已接受） + 已报整改待复核) ÷ 问题; None without problems."""
        if not self.problems:
            return None
        return (self.closed + self.accepted + self.reported) / self.problems

    @property
    def strict_rate(self) -> float | None:
        """严格整改率: 已销号 ÷ 问题; None without problems."""
        return self.closed / self.problems if self.problems else None

    def as_dict(self) -> dict[str, Any]:
        rounded = {
            "rate": None if self.rate is None else round(self.rate, 4),
            "unit_rate": None if self.unit_rate is None else round(self.unit_rate, 4),
            "strict_rate": None if self.strict_rate is None else round(self.strict_rate, 4),
        }
        return {**asdict(self), **rounded}


@dataclass
class StatusReport:
    """The status of all returned ledgers as of a date."""

    as_of: dt.date
    files: list[LedgerFile]
    errors: list[str]
    entries: list[Entry]
    units: list[Tally]
    total: Tally
    flags: list[Flag] = field(default_factory=list)

    def has_flags(self, *kinds: str) -> bool:
        """Whether any flag (of these kinds, when given) was raised."""
        return any(not kinds or f.kind in kinds for f in self.flags)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "files": [
                {"file": f.path, "sheet": f.sheet, "rows": len(f.rows), "keys": f.keys is not None}
                for f in self.files
            ],
            "errors": self.errors,
            "total": self.total.as_dict(),
            "units": [t.as_dict() for t in self.units],
            "flags": [f.as_dict() for f in self.flags],
            "entries": [e.as_dict() for e in self.entries],
        }


def ledger_status(
    paths,
    *,
    as_of: dt.date | None = None,
    reference: Ledger | None = None,
    reviewers: tuple[str, ...] = (),
) -> StatusReport:
    """Read every ledger (one bad file never stops the others) and compute rates and flags.

    ``reference``: the bureau's own ledger (``build_ledger`` of its results): the problems,
    their cases and deadlines are taken from it, never from what came back. ``reviewers``: the
    names the review config allows to sign off; others' sign-offs are not counted.
    """
    files, errors = read_ledgers(paths)
    return status_of(files, errors, as_of=as_of, reference=reference, reviewers=reviewers)


def read_ledgers(paths) -> tuple[list[LedgerFile], list[str]]:
    """The ledgers that could be read, and a Chinese message for each that could not."""
    files, errors = [], []
    for path in paths:
        try:
            files.append(read_ledger(path))
        except EvaltoolError as exc:
            errors.append(str(exc))
    return files, errors


def status_of(
    files: list[LedgerFile],
    errors: list[str],
    *,
    as_of: dt.date | None = None,
    reference: Ledger | None = None,
    reviewers: tuple[str, ...] = (),
) -> StatusReport:
    """Rates and flags of ledgers already read (``read_ledgers``); as ``ledger_status``."""
    as_of = as_of or dt.date.today()
    if not files and not errors:
        raise EvaltoolError("没有指定整改台账文件")
    flags = [flag for ledger in files for flag in ledger.flags]
    keys: dict[str, ProblemKey] = {}
    copies: dict[str, list[LedgerRow]] = {}
    if reference is not None:
        keys = {key.id: key for key in reference.keys}
        flags += _forgeries(files, keys)
    for ledger in files:
        for key in (ledger.keys or {}).values():
            if reference is None:
                keys.setdefault(key.id, key)
        for row in ledger.rows:
            if reference is None:
                keys.setdefault(row.key.id, row.key)
            if row.key.id in keys:
                copies.setdefault(row.key.id, []).append(row)
    returned = {keys[number].unit for number in copies}
    entries = []
    for key in keys.values():
        row = _choose(copies[key.id], flags) if key.id in copies else None
        if row is None and key.unit in returned:
            flags.append(
                Flag(
                    "missing_row",
                    "台账中没有这一行（该单位的其他行已反馈），按未整改统计",
                    problem_id=key.id,
                    unit=key.unit,
                    case_no=key.case_no,
                )
            )
        entry = Entry(key, row)
        if row is not None and row.state in (State.CLOSED, State.ACCEPTED):
            entry.refused_signoff = _refuse_signoff(row, reviewers, flags)
        _due(entry, as_of, flags)
        entries.append(entry)
    units = {key.unit: Tally(key.unit, returned=key.unit in returned) for key in keys.values()}
    total = Tally("合计")
    for entry in entries:
        units[entry.key.unit].add(entry)
        total.add(entry)
    for tally in units.values():
        if not tally.returned:
            flags.append(
                Flag(
                    "not_returned",
                    f"没有收到该单位反馈的台账（问题 {tally.problems} 个、建议 {tally.suggestions} 条），"
                    "按未整改统计",
                    unit=tally.unit,
                )
            )
    order = list(FLAG_KINDS)
    flags.sort(key=lambda f: order.index(f.kind))
    return StatusReport(as_of, files, errors, entries, list(units.values()), total, flags)


def _due(entry: Entry, as_of: dt.date, flags: list[Flag]) -> None:
    """Past its 整改时限: the unit's overdue, or the bureau's backlog when reported with 佐证材料."""
    key = entry.key
    if key.kind != PROBLEM or entry.state in (State.CLOSED, State.ACCEPTED):
        return
    if not key.deadline or as_of <= key.deadline:
        return
    days = (as_of - key.deadline).days
    if entry.reported:
        entry.backlog_days = days
        flags.append(
            entry.row.flag(
                "awaiting_bureau",
                "opinion",
                f"单位已报已整改并附佐证材料（{entry.row.text['evidence']}），尚待评查机构复核销号；"
                f"整改时限 {key.deadline.isoformat()} 已过 {days} 日，属评查机构待办，"
                "不计为单位逾期",
            )
        )
        return
    entry.overdue_days = days
    flags.append(_overdue_flag(entry))


def _refuse_signoff(row: LedgerRow, reviewers: tuple[str, ...], flags: list[Flag]) -> bool:
    """Whether a sign-off is not counted: its 复核人 is empty, or not one the config names."""
    if not reviewers:
        return False
    reviewer = row.text.get("reviewer")
    if reviewer in reviewers:
        return False
    who = f"复核人「{reviewer}」不在评查配置的复核人名单中" if reviewer else "没有填写复核人"
    flags.append(
        row.flag(
            "signoff",
            "reviewer",
            f"{who}（名单：{'、'.join(reviewers)}），该销号不予认可，按待复核统计",
        )
    )
    return True


COMPARED_FIELDS = tuple(name for name in KEY_FIELDS if name not in ("id",))


def _forgeries(files: list[LedgerFile], reference: dict[str, ProblemKey]) -> list[Flag]:
    """Rows and hidden keys of returned ledgers that differ from the bureau's own copy."""
    flags = []
    for ledger in files:
        where = {"file": ledger.path, "sheet": ledger.sheet}
        for key in (ledger.keys or {}).values():
            if key.id not in reference:
                flags.append(
                    Flag(
                        "forged",
                        f"隐藏校验表中有评查机构未印发的问题编号「{key.id}」"
                        f"（{key.unit} {key.case_no}），未统计",
                        problem_id=key.id,
                        **where,
                    )
                )
        for row in ledger.rows:
            issued = reference.get(row.key.id)
            if issued is None:
                flags.append(
                    row.flag(
                        "forged",
                        "id",
                        f"问题编号「{row.key.id}」不在评查机构留存的问题清单中（新增的行），未统计",
                    )
                )
                continue
            changes = _changes(issued, row.key)
            if changes:
                flags.append(
                    row.flag(
                        "forged",
                        "id",
                        f"与评查机构留存的内容不一致：{'；'.join(changes)}；按留存内容统计",
                    )
                )
            row.key = issued
    return flags


def _changes(issued: ProblemKey, returned: ProblemKey) -> list[str]:
    """What differs between the issued key and the one a ledger came back with, in Chinese."""
    changes = []
    for name in COMPARED_FIELDS:
        was, now = getattr(issued, name), getattr(returned, name)
        if name.startswith("source_") or (name == "check" and now is None):
            continue
        if (was or None) != (now or None):
            label = COLUMN_BY_KEY[name].header if name in COLUMN_BY_KEY else _FIELD_LABELS[name]
            changes.append(f"{label}原为「{_text(was)}」，现为「{_text(now)}」")
    return changes


_FIELD_LABELS = {"item_id": "评查项目", "check": "检查"}


def _text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def _choose(rows: list[LedgerRow], flags: list[Flag]) -> LedgerRow:
    """The copy of a row to count when several ledgers hold it: the last one filled in."""
    filled = [row for row in rows if row.filled]
    if not filled:
        return rows[0]
    chosen = filled[-1]
    if len({row.content() for row in filled}) > 1:
        names = "、".join(Path(row.file).name for row in filled)
        flags.append(
            chosen.flag(
                "conflict",
                "status",
                f"该问题在 {names} 中的填写内容不一致，采用 {Path(chosen.file).name} 的内容",
            )
        )
    return chosen


def _overdue_flag(entry: Entry) -> Flag:
    unbacked = (
        "（已报整改但未附佐证材料，仍计为单位逾期）" if entry.state is State.AWAITING_REVIEW else ""
    )
    message = (
        f"整改时限 {entry.key.deadline.isoformat()}，已逾期 {entry.overdue_days} 日，"
        f"当前：{entry.state.label}{unbacked}"
    )
    if entry.row:
        return entry.row.flag("overdue", "deadline", message)
    return Flag(
        "overdue",
        message,
        problem_id=entry.key.id,
        unit=entry.key.unit,
        case_no=entry.key.case_no,
    )
