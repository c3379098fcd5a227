"""Rectification status over the ledgers units sent back: 整改率 per unit and overall, and flags.

- 整改率 = (已销号 + 无法整改（已接受）) ÷ 问题; strict 整改率 = 已销号 ÷ 问题.
- 逾期: a 问题 past its 整改时限 (as of a date) and not closed (已销号 or accepted).
- 建议 rows are counted on their own and never enter a rate.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from evaltool.errors import EvaltoolError
from evaltool.rectify.ledger import PROBLEM, SUGGESTION, ProblemKey
from evaltool.rectify.reading import FLAG_KINDS, Flag, LedgerFile, LedgerRow, State, read_ledger


@dataclass
class Entry:
    """One issued problem or suggestion and the row that reports on it (None when no ledger has it)."""

    key: ProblemKey
    row: LedgerRow | None
    overdue_days: int | None = None  # calendar days past 整改时限, when overdue

    @property
    def state(self) -> State:
        return self.row.state if self.row else State.NOT_STARTED

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

    @property
    def rate(self) -> float | None:
        """整改率: (已销号 + 无法整改（已接受）) ÷ 问题; None without problems."""
        return (self.closed + self.accepted) / self.problems if self.problems else None

    @property
    def strict_rate(self) -> float | None:
        """严格整改率: 已销号 ÷ 问题; None without problems."""
        return self.closed / self.problems if self.problems else None

    def as_dict(self) -> dict[str, Any]:
        rounded = {
            "rate": None if self.rate is None else round(self.rate, 4),
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


def ledger_status(paths, *, as_of: dt.date | None = None) -> StatusReport:
    """Read every ledger (one bad file never stops the others) and compute rates and flags."""
    as_of = as_of or dt.date.today()
    files, errors = [], []
    for path in paths:
        try:
            files.append(read_ledger(path))
        except EvaltoolError as exc:
            errors.append(str(exc))
    if not files and not errors:
        raise EvaltoolError("没有指定整改台账文件")
    flags = [flag for ledger in files for flag in ledger.flags]
    keys: dict[str, ProblemKey] = {}
    copies: dict[str, list[LedgerRow]] = {}
    for ledger in files:
        for key in (ledger.keys or {}).values():
            keys.setdefault(key.id, key)
        for row in ledger.rows:
            keys.setdefault(row.key.id, row.key)
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
        open_problem = key.kind == PROBLEM and entry.state not in (State.CLOSED, State.ACCEPTED)
        if open_problem and key.deadline and as_of > key.deadline:
            entry.overdue_days = (as_of - key.deadline).days
            flags.append(_overdue_flag(entry))
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
    message = (
        f"整改时限 {entry.key.deadline.isoformat()}，已逾期 {entry.overdue_days} 日，"
        f"当前：{entry.state.label}"
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
