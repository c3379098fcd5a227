"""回头看: re-run the automatic checks on the units' corrected registers and mark each ledger row.

Each row gets 已消除 (the check now passes), 待核实 (it passes only because a date or a flag in
the register was edited, or the register as reviewed is not at hand: 佐证材料 must show it),
仍存在 (it still fails) or 无法自动核实 (manual item, suggestion, needs_review, case not
found). Every register cell of the case that changed since the review is shown before and
after. The result goes into a copy of the ledger; the input ledger and registers are never
modified. Closing (销号) needs a named reviewer and 佐证材料 on the row; with the bureau's own
copy (``reference``) only its problems are closed, against the case they belong to.
"""

import datetime as dt
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from evaltool.calendar import Calendar
from evaltool.errors import EvaltoolError
from evaltool.fields import FIELD_BY_KEY, label
from evaltool.model import Case
from evaltool.pipeline import check_registers
from evaltool.plugins import Registry, load_registry
from evaltool.read import read_registers
from evaltool.rectify.ledger import (
    DONE,
    RECHECK_COLUMNS,
    SUGGESTION,
    UNIT_LEVEL,
    Ledger,
    ProblemKey,
    problem_id,
)
from evaltool.rectify.reading import (
    RECHECK_REMAINS,
    LedgerFile,
    LedgerRow,
    State,
    open_workbook,
    read_ledger,
)
from evaltool.render.mask import mask_ids
from evaltool.score.results import standard_of
from evaltool.xlsx import save_workbook, set_value

GONE, PENDING, REMAINS, UNVERIFIABLE = "已消除", "待核实", RECHECK_REMAINS, "无法自动核实"
RESULTS = (GONE, PENDING, REMAINS, UNVERIFIABLE)
CLOSING_OPINION = "回头看：自动检查复核通过，问题已消除"
# Field kinds whose edit alone cannot show a defect was cured: the facts of a closed case are
# its dates and flags, and changing them needs the original documents as 佐证.
FACT_KINDS = ("date", "date_or_bool", "bool")


@dataclass(frozen=True)
class Change:
    """One register value of the case that differs between the register as reviewed and now."""

    field: str
    label: str
    before: str
    after: str
    cells: str

    @property
    def is_fact(self) -> bool:
        return FIELD_BY_KEY[self.field].kind in FACT_KINDS if self.field in FIELD_BY_KEY else False

    def describe(self) -> str:
        where = f"（{self.cells}）" if self.cells else ""
        return f"{self.label}：{self.before or '（空）'} → {self.after or '（空）'}{where}"


@dataclass
class Recheck:
    """The 回头看 result of one ledger row, the register cells that changed, and any refusal."""

    row: LedgerRow
    result: str
    note: str
    closed_now: bool = False
    changes: list[Change] = field(default_factory=list)
    refused: str = ""  # why --close did not close this row
    closable: bool = False  # --close signs it off


@dataclass
class VerifyReport:
    """What 回头看 found, and where the marked copy of the ledger was written."""

    ledger: str
    output: Path
    review_date: dt.date
    registers: int
    rechecks: list[Recheck]
    file_errors: list[str] = field(default_factory=list)

    reviewer: str | None = None

    def count(self, result: str) -> int:
        return sum(r.result == result for r in self.rechecks)


def verify_ledger(
    ledger_path: str | Path,
    registers: Iterable[str | Path],
    *,
    output: str | Path,
    checklist: str | Path | None = None,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    close: bool = False,
    reviewer: str | None = None,
    reviewers: tuple[str, ...] = (),
    reference: Ledger | None = None,
    before: Iterable[str | Path] = (),
    sources_folder: str | Path | None = None,
    calendar: Calendar | None = None,
) -> VerifyReport:
    """Check the corrected registers, mark every ledger row and write the marked copy to ``output``.

    ``before``: the registers as reviewed (default: the files the problems were found in, when
    still there; a relative one is looked for in ``sources_folder``, the folder of the review
    config whose run recorded it, by default the working folder). With ``close``, rows whose
    problem is gone (已消除, not 待核实), that carry 佐证材料 and are not yet signed off get
    整改状态 已整改, ``reviewer`` as 复核人, a 复核意见 and 销号日期 = ``review_date`` in the
    copy; the others are listed with the reason.
    ``calendar`` counts the days (the review config's, with its holiday schedule).
    """
    review_date = review_date or dt.date.today()
    output = Path(output)
    if output.resolve() == Path(ledger_path).resolve():
        raise EvaltoolError(f"{output}：输出文件不能是输入的台账本身，回头看结果写入台账副本")
    if close:
        _check_reviewer(reviewer, reviewers)
    registry = registry or load_registry()
    ledger = read_ledger(ledger_path)
    foreign = _match_reference(ledger, reference) if reference is not None else {}
    results = check_registers(
        registers,
        checklist=checklist or _checklist_of(ledger),
        registry=registry,
        unit=unit,
        review_date=review_date,
        include_pass=True,
        calendar=calendar,
    )
    if not results["inputs"]:
        raise EvaltoolError(
            "没有读取到任何整改后的登记表，未进行回头看"
            + "".join(f"\n{e}" for e in results["file_errors"])
        )
    now = _cases(read_registers(registers, registry.readers, unit=unit, review_date=review_date))
    recorded_in = Path(sources_folder or ".")
    sources = list(before) or sorted(
        {recorded_in / k.source_file for k in _keys(ledger, reference) if k.source_file}
    )
    then = _cases(read_registers([s for s in sources if Path(s).is_file()], registry.readers))
    finder = _CaseFinder(results)
    rechecks = []
    for row in ledger.rows:
        if row.key.id in foreign:
            rechecks.append(Recheck(row, UNVERIFIABLE, foreign[row.key.id]))
            continue
        recheck = Recheck(row, *finder.recheck(row))
        _compare(recheck, then, now)
        rechecks.append(recheck)
    if close:
        for recheck in rechecks:
            _decide_closing(recheck, reviewers, foreign)
    _write_copy(ledger, rechecks, output, review_date, close=close, reviewer=reviewer)
    return VerifyReport(
        ledger=str(ledger_path),
        output=output,
        review_date=review_date,
        registers=len(results["inputs"]),
        rechecks=rechecks,
        file_errors=results["file_errors"],
        reviewer=reviewer,
    )


def _check_reviewer(reviewer: str | None, reviewers: tuple[str, ...]) -> None:
    if not reviewer:
        raise EvaltoolError("销号（--close）须指明复核人：请使用 --reviewer 姓名")
    if reviewers and reviewer not in reviewers:
        raise EvaltoolError(
            f"复核人「{reviewer}」不在评查配置的复核人名单中（reviewers：{'、'.join(reviewers)}），"
            "未销号"
        )


def _keys(ledger: LedgerFile, reference: Ledger | None) -> list[ProblemKey]:
    return reference.keys if reference is not None else [row.key for row in ledger.rows]


def _match_reference(ledger: LedgerFile, reference: Ledger) -> dict[str, str]:
    """Point every row at the bureau's own key; the rows it never issued, with the reason."""
    issued = {key.id: key for key in reference.keys}
    foreign = {}
    for row in ledger.rows:
        key = issued.get(row.key.id)
        if key is None:
            foreign[row.key.id] = "不在评查机构留存的问题清单中（台账中新增的行），不核实、不销号"
        else:
            row.key = key
    return foreign


def _cases(read) -> dict[tuple[str, str], list[Case]]:
    """The cases read, by unit and case number as ledgers carry it (masked)."""
    cases: dict[tuple[str, str], list[Case]] = {}
    for case in read.cases:
        cases.setdefault((case.unit, mask_ids(case.case_no)), []).append(case)
    return cases


def _of_key(cases: dict[tuple[str, str], list[Case]], key: ProblemKey) -> list[Case]:
    """The cases of a ledger row; among case numbers that mask alike, the one of its 问题编号."""
    found = cases.get((key.unit, mask_ids(key.case_no)), [])
    if len({c.case_no for c in found}) > 1:
        base = key.id.split("#")[0]
        found = [c for c in found if problem_id(c.unit, c.case_no, key.item_id, key.kind) == base]
    return found


def _compare(recheck: Recheck, then: dict, now: dict) -> None:
    """Fill in the register cells that changed; a problem gone only through edited dates or flags,
    or without the register as reviewed to compare with, is 待核实."""
    key = recheck.row.key
    before, after = _of_key(then, key), _of_key(now, key)
    if len(before) == 1 and len(after) == 1:
        recheck.changes = _changes(before[0], after[0])
    if recheck.result != GONE:
        return
    if len(before) != 1:
        recheck.result = PENDING
        recheck.note += "；找不到评查时的登记表中的该案卷，无法对比改动，需核对佐证材料后确认"
        return
    facts = [c for c in recheck.changes if c.is_fact]
    if facts:
        recheck.result = PENDING
        edited = "；".join(c.describe() for c in facts)
        recheck.note += (
            f"；问题消失是因为登记表中的日期或标记被修改（{edited}），"
            "需核对佐证材料（原始文书）确认改动属实后，由复核人销号"
        )


def _changes(before: Case, after: Case) -> list[Change]:
    changes = []
    for name in dict.fromkeys([*before.values, *after.values]):
        was, now = _shown(before.values.get(name)), _shown(after.values.get(name))
        if was != now:
            cells = "、".join(after.cells(name))
            changes.append(Change(name, label(name), was, now, cells))
    return changes


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_shown(v) for v in value)
    return mask_ids(str(value))


def _decide_closing(recheck: Recheck, reviewers: tuple[str, ...], foreign: dict[str, str]) -> None:
    """Whether --close signs this row off, or why not (rows still open or unverifiable are
    neither: they were never candidates)."""
    row = recheck.row
    signed = row.state in (State.CLOSED, State.ACCEPTED) and (
        not reviewers or row.text.get("reviewer") in reviewers
    )
    if signed or (recheck.result in (REMAINS, UNVERIFIABLE) and row.key.id not in foreign):
        return
    if row.key.id in foreign:
        recheck.refused = foreign[row.key.id]
    elif recheck.result == PENDING:
        recheck.refused = "回头看结果为待核实：需复核人核对佐证材料后手工销号"
    elif not row.text.get("evidence"):
        recheck.refused = "问题已消除，但单位没有佐证材料，不予销号"
    else:
        recheck.closable = True


def _checklist_of(ledger: LedgerFile) -> str | None:
    """The checklist the ledger was made with: its file when still there, else its id."""
    path = ledger.meta.get("checklist_path")
    if path and Path(path).is_file():
        return path
    return ledger.meta.get("checklist_id")


class _CaseFinder:
    """Finds a ledger row's case and item in the new results and says what became of the problem."""

    def __init__(self, results: dict[str, Any]):
        # ledgers carry case numbers masked (an ID number inside one is personal data)
        self.cases: dict[tuple[str, str], list[dict]] = {}
        for case in results["cases"]:
            self.cases.setdefault((case["unit"], mask_ids(case["case_no"])), []).append(case)
        self.units = {case["unit"] for case in results["cases"]}
        self.skipped = {
            (s["unit"], mask_ids(s["case_no"])): s["reason"] for s in results["skipped"]
        }
        self.results = results
        self.gaps = {
            (g["file"], g["sheet"], g.get("checklist"), g["item_id"]): g
            for g in results["not_assessed"]
        }
        self.issues = {(i["file"], i["sheet"], i["cell"]): i for i in results["data_issues"]}

    def recheck(self, row: LedgerRow) -> tuple[str, str]:
        key = row.key
        if key.kind == SUGGESTION:
            return UNVERIFIABLE, "建议事项不作自动核实，需人工复核"
        if key.case_no == UNIT_LEVEL:
            return UNVERIFIABLE, "单位层面的问题不涉及具体案卷，不作自动核实，需人工复核"
        cases = self.cases.get((key.unit, mask_ids(key.case_no)), [])
        if len({c["case_no"] for c in cases}) > 1:  # case numbers that mask alike
            base = key.id.split("#")[0]
            cases = [
                c
                for c in cases
                if problem_id(c["unit"], c["case_no"], key.item_id, key.kind) == base
            ]
        if not cases:
            return UNVERIFIABLE, self._not_found(key.unit, mask_ids(key.case_no))
        if len(cases) > 1:
            places = "、".join(_where(c["source"]) for c in cases)
            return (
                UNVERIFIABLE,
                f"整改后的登记表中该案号出现 {len(cases)} 次（{places}），无法确定对应的案卷",
            )
        case = cases[0]
        where = _where(case["source"])
        finding = next((f for f in case["findings"] if f["item_id"] == key.item_id), None)
        if finding is None:
            return UNVERIFIABLE, f"{where}：{self._no_finding(key.item_id, case)}"
        outcome, message = finding["outcome"], finding["message"]
        if outcome == "pass":
            return GONE, f"{where}：复查通过（{message}）"
        if outcome == "fail":
            return REMAINS, f"{where}：{message}"
        if outcome == "needs_review":
            return UNVERIFIABLE, f"{where}：需人工核对：{message}{self._issues_at(case, finding)}"
        return UNVERIFIABLE, f"{where}：检查不适用，需人工复核：{message}"

    def _issues_at(self, case: dict[str, Any], finding: dict[str, Any]) -> str:
        """The data issues of the finding's cells: the ledger shows no list of them beside it."""
        source = case["source"]
        found = [
            self.issues[key]
            for cell in finding["cells"]
            if (key := (source["file"], source["sheet"], cell)) in self.issues
        ]
        shown = "；".join(f"{i['cell']} {i['message']}（原值：{i['raw']}）" for i in found)
        return f"（数据问题：{shown}）" if shown else ""

    def _not_found(self, unit: str, case_no: str) -> str:
        if (unit, case_no) in self.skipped:
            return f"整改后的登记表中该案卷未评查：{self.skipped[unit, case_no]}"
        if unit not in self.units:
            return f"整改后的登记表中没有执法单位「{unit}」的案卷（单位名称不同时可用 --unit 指定）"
        return f"整改后的登记表中没有找到案号「{case_no}」"

    def _no_finding(self, item_id: str, case: dict[str, Any]) -> str:
        standard = standard_of(self.results, case)
        item = next((i for i in standard.get("items", []) if i["id"] == item_id), None)
        if item is None:
            return f"评查标准中没有评查项目 {item_id}，需人工复核"
        if not item["check"]:
            return f"{item_id} 是人工评查项目，需人工复核"
        source = case["source"]
        gap = self.gaps.get((source["file"], source["sheet"], case.get("checklist"), item_id))
        return gap["message"] if gap else f"没有评查项目 {item_id} 的检查结果，需人工复核"


def _where(source: dict[str, Any]) -> str:
    return f"{Path(source['file']).name}「{source['sheet']}」第{source['row']}行"


def _write_copy(
    ledger: LedgerFile,
    rechecks: list[Recheck],
    output: Path,
    day: dt.date,
    *,
    close: bool,
    reviewer: str | None,
) -> None:
    workbook = open_workbook(ledger.path, data_only=False)
    sheet = workbook[ledger.sheet]
    columns = dict(ledger.columns)
    model = sheet[f"{columns['status']}{ledger.header_row}"]
    for column in RECHECK_COLUMNS:
        if column.key not in columns:
            letter = get_column_letter(sheet.max_column + 1)
            header = set_value(sheet[f"{letter}{ledger.header_row}"], column.header)
            header.font, header.fill = copy(model.font), copy(model.fill)
            header.alignment = copy(model.alignment)
            sheet.column_dimensions[letter].width = 16 if column.key != "recheck_note" else 50
            columns[column.key] = letter
    for recheck in rechecks:
        row = recheck.row.row
        for key, value in (
            ("recheck", recheck.result),
            ("recheck_note", _note(recheck)),
            ("recheck_on", day),
        ):
            cell = set_value(sheet[f"{columns[key]}{row}"], value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if key == "recheck_on":
                cell.number_format = "yyyy-mm-dd"
        if recheck.closable:
            _close(sheet, columns, recheck, day, reviewer)
    save_workbook(workbook, output)


def _note(recheck: Recheck) -> str:
    """The 回头看说明: the finding, every register value that changed, and why it stays open."""
    note = recheck.note
    if recheck.changes:
        note += "；登记表改动：" + "；".join(c.describe() for c in recheck.changes)
    if recheck.refused:
        note += f"；未销号：{recheck.refused}"
    return note


def _close(sheet, columns: dict[str, str], recheck: Recheck, day: dt.date, reviewer) -> None:
    """Sign the row off in the copy: 已整改, the 复核人, a 复核意见 and today's 销号日期."""
    needed = ("status", "opinion", "closed_on", "reviewer")
    if any(key not in columns for key in needed):
        recheck.refused = "台账缺少「整改状态」「复核人」「复核意见」或「销号日期」列，无法销号"
        recheck.closable = False
        return
    row, text = recheck.row.row, recheck.row.text
    set_value(sheet[f"{columns['status']}{row}"], DONE)
    set_value(sheet[f"{columns['reviewer']}{row}"], reviewer)
    opinion = f"{text['opinion']}；{CLOSING_OPINION}" if text.get("opinion") else CLOSING_OPINION
    set_value(sheet[f"{columns['opinion']}{row}"], opinion)
    set_value(sheet[f"{columns['closed_on']}{row}"], day).number_format = "yyyy-mm-dd"
    recheck.closed_now = True
