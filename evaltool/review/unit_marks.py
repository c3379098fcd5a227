"""Reading the 单位评查 sheets back: the reviewers' marks on unit-level items, merged per unit.

A bad entry (unknown unit or item, text in a number cell, a deduction above the item, a mark
without reviewer, a deduction without reason, two different marks by one reviewer) is reported
with file, sheet and cell and left out; the scoring goes on and the unit stays 待评查 until it
is corrected. Reviewers who differ on a unit's item are decided by the disagreement rule
(从严: the larger deduction; 从宽: the smaller), as on the files' rows, never by their mean.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evaltool.checklist.model import Checklist
from evaltool.errors import EvaltoolError
from evaltool.review.inputs import CellRef, TableRow, find_header, open_workbook, table_rows
from evaltool.review.marks import input_value
from evaltool.review.merge import RULE_TEXT, RULES
from evaltool.review.sheet import COVER, DEDUCT, ITEM, REASON, REVIEWER, UNIT
from evaltool.review.unit_sheet import SECTION
from evaltool.score.case import UnitMark

REQUIRED_HEADERS = (UNIT, ITEM, SECTION, DEDUCT, REASON, REVIEWER)


@dataclass(frozen=True)
class UnitEntry:
    """One reviewer's deduction on one unit-level item of one unit."""

    unit: str
    item_id: str
    reviewer: str
    deduction: float
    reason: str
    where: CellRef


@dataclass
class UnitMarks:
    """The merged marks (unit → item id → ``UnitMark``), the entries left out and why, and the
    items reviewers differed on."""

    marks: dict[str, dict[str, UnitMark]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    disputes: list[dict] = field(default_factory=list)


def read_unit_marks(
    paths: Sequence[str | Path], units: Collection[str], checklist: Checklist, rule: str
) -> UnitMarks:
    """Read the 单位评查 sheet of every workbook; ``units`` are the units the registers name."""
    if not checklist.unit_items:
        return UnitMarks()
    entries: list[UnitEntry] = []
    problems: list[str] = []
    for path in paths:
        try:
            problems += _read_workbook(path, units, checklist, entries)
        except EvaltoolError as exc:
            problems.append(str(exc))
    return merge_unit_entries(entries, checklist, rule, problems)


def merge_unit_entries(
    entries: Sequence[UnitEntry], checklist: Checklist, rule: str, problems: Sequence[str] = ()
) -> UnitMarks:
    """The entries as one mark per unit and item, whatever their order: one reviewer's copies
    count once (a different second value is a problem), reviewers who differ are decided by
    ``rule``."""
    problems = list(problems)
    chosen: dict[tuple[str, str, str], UnitEntry] = {}
    for entry in sorted(entries, key=lambda e: (str(e.where), e.deduction)):
        first = chosen.setdefault((entry.unit, entry.item_id, entry.reviewer), entry)
        if first.deduction != entry.deduction:
            problems.append(
                f"{entry.where}：评查人「{entry.reviewer}」对「{entry.unit}」评查项目 "
                f"{entry.item_id} 已在 {first.where} 给出不同的评分，以 {first.where} 为准"
            )
    result = UnitMarks(problems=problems)
    by_item: dict[tuple[str, str], list[UnitEntry]] = {}
    for entry in chosen.values():
        by_item.setdefault((entry.unit, entry.item_id), []).append(entry)
    order = {item.id: n for n, item in enumerate(checklist.unit_items)}
    for unit, item_id in sorted(by_item, key=lambda key: (key[0], order[key[1]])):
        decided = by_item[(unit, item_id)]
        result.marks.setdefault(unit, {})[item_id] = _merged(unit, item_id, decided, rule, result)
    return result


def _merged(unit: str, item_id: str, entries: list[UnitEntry], rule: str, result) -> UnitMark:
    """The reviewers' entries on one item as one mark; differing ones decided by ``rule``."""
    entries = sorted(entries, key=lambda e: e.reviewer)
    values = {e.deduction for e in entries}
    decided_by = None
    if len(values) > 1:
        chosen = RULES[rule](values)
        result.disputes.append(
            {
                "unit": unit,
                "item_id": item_id,
                "rule": rule,
                "opinions": [
                    {"reviewer": e.reviewer, "deduction": e.deduction, "reason": e.reason}
                    for e in entries
                ],
            }
        )
        entries = [e for e in entries if e.deduction == chosen]
        decided_by = rule
    reason = "；".join(dict.fromkeys(e.reason for e in entries if e.reason))
    return UnitMark(entries[0].deduction, reason, tuple(e.reviewer for e in entries), decided_by)


def _read_workbook(path, units, checklist: Checklist, entries: list[UnitEntry]) -> list[str]:
    problems = []
    items = {item.id: item for item in checklist.unit_items}
    workbook = open_workbook(path)
    try:
        for sheet in workbook.worksheets:
            header_row = find_header(sheet, REQUIRED_HEADERS) if sheet.title != COVER else None
            if header_row is None:
                continue
            for trow in table_rows(path, sheet, header_row):
                if trow.is_blank(DEDUCT):
                    continue
                entry, row_problems = _read_row(trow, units, items)
                problems += row_problems
                if entry is not None:
                    entries.append(entry)
    finally:
        workbook.close()
    return problems


def _read_row(trow: TableRow, units, items: dict) -> tuple[UnitEntry | None, list[str]]:
    """The entry on one filled row (None when it has a problem) and its problems."""
    unit, item_id = trow.text(UNIT), trow.text(ITEM)
    if unit not in units:
        return None, [f"{trow.ref(UNIT)}：未知单位「{unit}」（登记表中没有该执法单位）"]
    if item_id not in items:
        return None, [f"{trow.ref(ITEM)}：「{item_id}」不是按单位评查的项目"]
    try:
        deduction = input_value(trow, DEDUCT, items[item_id])["deduction"]
    except ValueError as exc:
        return None, [f"{trow.ref(DEDUCT)}：{exc}"]
    reviewer, reason = trow.text(REVIEWER), trow.text(REASON)
    problems = []
    if not reviewer:
        problems.append(f"{trow.ref(REVIEWER)}：已填写评分，但未填写评查人")
    if deduction and not reason:
        problems.append(f"{trow.ref(REASON)}：扣分时须填写扣分理由")
    if problems:
        return None, problems
    return UnitEntry(unit, item_id, reviewer, deduction, reason, trow.ref(DEDUCT)), []


def unit_review(checklist: Checklist, units: UnitMarks, listed: Collection[str]) -> dict:
    """The results' ``review`` keys on unit-level items (none when the standard has none);
    ``listed``: the units the results list (those with scored files)."""
    if not checklist.unit_items:
        return {}
    unlisted = [
        f"{unit}：该单位还没有计分的案卷，按单位评查的项目的评分暂未列入单位结果"
        for unit in units.marks
        if unit not in listed
    ]
    return {"unit_problems": [*units.problems, *unlisted], "unit_disputes": units.disputes}


def open_unit_items(results: dict) -> list[str]:
    """What keeps the unit-level items from being complete: entries not used, units 待评查."""
    review = results.get("review", {})
    lines = [f"单位评查未采用：{problem}" for problem in review.get("unit_problems", [])]
    for unit in results["units"]:
        entry = unit.get("unit_items")
        if entry and entry["score"] is None:
            missing = "、".join(i["item_id"] for i in entry["items"] if i["deduction"] is None)
            lines.append(f"{entry['status']}：{unit['unit']} 按单位评查的项目（未填：{missing}）")
    return lines


def unit_item_report(results: dict) -> list[str]:
    """The units' scores on the unit-level items, and the items reviewers differed on with the
    rule that decided each."""
    scored = [
        f"{unit['unit']} {entry['score']:g}/{entry['points']:g}分"
        for unit in results["units"]
        if (entry := unit.get("unit_items")) and entry["score"] is not None
    ]
    lines = [f"按单位评查的项目：{'，'.join(scored)}"] if scored else []
    return lines + [
        f"单位评查：{d['unit']} {d['item_id']} 评分不一致（"
        + "，".join(f"{o['reviewer']}扣{o['deduction']:g}分" for o in d["opinions"])
        + f"），按{d['rule']}规则（{RULE_TEXT[d['rule']]}）确定"
        for d in results.get("review", {}).get("unit_disputes", [])
    ]
