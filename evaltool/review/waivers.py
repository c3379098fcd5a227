"""Waivers (豁免): accepted exceptions for a unit's files on one checklist item.

A waived failure keeps its outcome and is shown as waived, but deducts nothing and is not
counted as a problem. Waivers that have expired by the review date are not applied; they are
reported, as are waivers that matched nothing. Veto items cannot be waived: a reviewer
confirms or rejects a veto finding in the scoring workbook instead.

A run may score files by several standards (one per procedure type) whose item ids overlap:
a waiver belongs to one standard, the one it names (``checklist``), else the main standard
when the item is one of its, else the only standard that has the item.

File format (docs/workflow.md): YAML, a list under ``waivers:`` with ``unit`` (or 全部),
``case`` (a 案号, or 全部), ``item``, ``checklist`` (optional), ``reason``, ``approved_by``,
``expires``; or an xlsx sheet with the columns 执法单位, 案号, 评查项目编号, 评查标准, 豁免理由,
批准人, 有效期至.
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evaltool.checklist.model import Checklist
from evaltool.errors import EvaltoolError
from evaltool.model import Case, Finding, Outcome
from evaltool.read.values import Unreadable, parse_date, parse_text
from evaltool.review.inputs import InputProblems, find_header, open_workbook, table_rows
from evaltool.yamlfile import read_yaml

ALL = "全部"
KEYS = {
    "unit": "执法单位",
    "case": "案号",
    "item": "评查项目编号",
    "checklist": "评查标准",
    "reason": "豁免理由",
    "approved_by": "批准人",
    "expires": "有效期至",
}
REQUIRED = ("unit", "item", "reason", "approved_by")


@dataclass(frozen=True)
class Waiver:
    """One accepted exception, with where it is written (for messages)."""

    unit: str  # a unit, or 全部
    case: str | None  # a 案号, or None: every file of the unit
    item_id: str
    reason: str
    approved_by: str
    expires: dt.date | None
    where: str
    checklist: str = ""  # the id of the standard whose item it waives

    def matches(self, case: Case, item_id: str, checklist: str) -> bool:
        return (
            self.item_id == item_id
            and self.checklist == checklist
            and self.unit in (ALL, case.unit)
            and self.case in (None, case.case_no)
        )

    def describe(self) -> str:
        until = f"，有效期至 {self.expires.isoformat()}" if self.expires else ""
        return f"{self.reason}（批准人：{self.approved_by}{until}）"

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "case_no": self.case,
            "item_id": self.item_id,
            "checklist": self.checklist,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat() if self.expires else None,
            "where": self.where,
        }


class Waivers:
    """The waivers of a run: applies the active ones and counts what each matched."""

    def __init__(self, waivers: list[Waiver], review_date: dt.date, file: str | None = None):
        self.file = file
        self.active = [w for w in waivers if w.expires is None or w.expires >= review_date]
        self.expired = [w for w in waivers if w not in self.active]
        self.matched: Counter[Waiver] = Counter()

    def __call__(
        self, case: Case, findings: list[Finding], *, checklist: str, record: bool = False
    ):
        """The findings of a case scored by standard ``checklist`` (its id) with waived failures
        deducting nothing; ``record`` counts the matches."""
        waived = []
        for finding in findings:
            waiver = self._waiver_for(case, finding, checklist)
            if waiver is None:
                waived.append(finding)
                continue
            if record:
                self.matched[waiver] += 1
            waived.append(replace(finding, deduction=0.0, waived=True, waiver=waiver.describe()))
        return waived

    def _waiver_for(self, case: Case, finding: Finding, checklist: str) -> Waiver | None:
        if finding.outcome is not Outcome.FAIL or finding.veto:
            return None
        return next((w for w in self.active if w.matches(case, finding.item_id, checklist)), None)

    def report(self) -> dict[str, Any]:
        """For results.json: which waivers applied (and how often), expired, matched nothing."""
        return {
            "file": self.file,
            "applied": [{**w.as_dict(), "findings": self.matched[w]} for w in self.active],
            "expired": [w.as_dict() for w in self.expired],
            "unmatched": [w.as_dict() for w in self.active if not self.matched[w]],
        }


def load_waivers(path: str | Path, standards: Sequence[Checklist]) -> list[Waiver]:
    """Read a YAML or xlsx waiver file for a run scored by ``standards`` (the main one first);
    raise ``InputProblems`` listing every invalid entry."""
    path = Path(path)
    if not path.is_file():
        raise EvaltoolError(f"{path}：豁免文件不存在")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        entries = _xlsx_entries(path)
    elif path.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(path)
    else:
        raise EvaltoolError(f"{path}：豁免文件应为 .yaml 或 .xlsx")
    waivers, problems = [], []
    for where, entry in entries:
        missing = [KEYS[key] for key in REQUIRED if not _text_of(entry.get(key))]
        if missing:
            problems.append(f"{where}：缺少{'、'.join(missing)}")
            continue
        item_id = _text_of(entry["item"])
        try:
            checklist = _standard_of(item_id, _text_of(entry.get("checklist")), standards)
        except ValueError as exc:
            problems.append(f"{where}：{exc}")
            continue
        if checklist.item(item_id).veto:
            problems.append(
                f"{where}：评查项目 {item_id} 是否决项，不能豁免（请评查人在评分表中确认或否定）"
            )
            continue
        try:
            expires = parse_date(entry.get("expires"))
        except Unreadable as exc:
            problems.append(f"{where}：有效期至「{entry.get('expires')}」无法识别：{exc}")
            continue
        case = _text_of(entry.get("case"))
        waivers.append(
            Waiver(
                unit=_text_of(entry["unit"]),
                case=None if case in ("", ALL) else case,
                item_id=item_id,
                reason=_text_of(entry["reason"]),
                approved_by=_text_of(entry["approved_by"]),
                expires=expires,
                where=where,
                checklist=checklist.id,
            )
        )
    if problems:
        raise InputProblems(problems)
    return waivers


def _standard_of(item_id: str, named: str, standards: Sequence[Checklist]) -> Checklist:
    """The standard a waiver of ``item_id`` belongs to: the one ``named``, else the main one
    when it has the item, else the only one that has it; ValueError with a message."""
    if named:
        chosen = [c for c in standards if c.id == named]
        if not chosen:
            known = "、".join(c.id for c in standards)
            raise ValueError(f"评查标准「{named}」不是本次使用的评查标准（{known}）")
    else:
        chosen = list(standards)
    having = [c for c in chosen if any(item.id == item_id for item in c.items)]
    if not having:
        where = f"评查标准「{named}」中" if named else ""
        raise ValueError(f"{where}未知评查项目「{item_id}」")
    if having[0] is standards[0] or len(having) == 1:
        return having[0]
    raise ValueError(
        f"评查项目 {item_id} 见于多个评查标准（{'、'.join(c.id for c in having)}），"
        f"请用「{KEYS['checklist']}」（checklist）写明属于哪一个"
    )


def _text_of(value: Any) -> str:
    return parse_text(value) or ""


def _yaml_entries(path: Path) -> list[tuple[str, dict]]:
    data = read_yaml(path, error=InputProblems, what="豁免文件")
    entries = data.get("waivers") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise EvaltoolError(f"{path}：豁免文件应为 waivers: 下的列表（格式见 docs/workflow.md）")
    result = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path} 第 {number} 条豁免"
        if not isinstance(entry, dict):
            raise EvaltoolError(f"{where}：应为键值映射（unit、case、item、reason…）")
        unknown = sorted(set(map(str, entry)) - set(KEYS))
        if unknown:
            raise EvaltoolError(
                f"{where}：未知的键「{'、'.join(unknown)}」（允许：{'、'.join(KEYS)}）"
            )
        result.append((where, entry))
    return result


def _xlsx_entries(path: Path) -> list[tuple[str, dict]]:
    headers = {header: key for key, header in KEYS.items()}
    workbook = open_workbook(path)
    try:
        sheet = workbook.worksheets[0]
        header_row = find_header(sheet, [KEYS[key] for key in REQUIRED])
        if header_row is None:
            required = "、".join(KEYS[key] for key in REQUIRED)
            raise EvaltoolError(f"{path}「{sheet.title}」：找不到表头（应含 {required}）")
        return [
            (
                f"{path.name}「{row.sheet}」第{row.row}行",
                {key: row.values.get(header) for header, key in headers.items()},
            )
            for row in table_rows(path, sheet, header_row)
        ]
    finally:
        workbook.close()
