"""Reading filled scoring workbooks: reviewers' marks, each checked against the review plan.

Every invalid entry is reported (not only the first) with file, sheet and cell: a deduction
above the item's points, text in a number cell, an unknown case or item, a mark without a
reviewer, an objection or overruled automatic verdict without a reason, two different marks
by one reviewer for one row. A prefilled automatic value left as it is, or cleared, is no mark:
the automatic verdict stands. 「本卷其余项目无问题」 rows are read as per-file confirmations.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evaltool.checklist.model import Item
from evaltool.errors import EvaltoolError
from evaltool.pipeline.standards import Standards
from evaltool.read.values import ENUMS
from evaltool.review.inputs import (
    CellRef,
    InputProblems,
    TableRow,
    find_header,
    open_workbook,
    read_number,
    read_yes_no,
    table_rows,
)
from evaltool.review.plan import FILE_ITEM, FILE_STATUS, CasePlan, Row
from evaltool.review.sheet import (
    CASE_NO,
    CHECKLIST_ID,
    CHECKLIST_PATH,
    CHECKLIST_VERSION,
    CONFIRM,
    COVER,
    DEDUCT,
    ITEM,
    REASON,
    REVIEW_DATE,
    REVIEWER,
    RULE_NUMBERS,
    STATUS,
    UNIT,
)

REQUIRED_HEADERS = (UNIT, CASE_NO, ITEM, STATUS, CONFIRM, DEDUCT, REASON, REVIEWER)


@dataclass(frozen=True)
class Mark:
    """One reviewer's entry on one row: a deduction, a veto 是/否, or a confirmation."""

    ident: tuple[str, str]  # (unit, 案号 as in the workbook)
    item_id: str
    reviewer: str
    where: CellRef
    deduction: float | None = None  # typed on a points item that needs input
    hit: bool | None = None  # 是/否 typed on a veto item that needs input
    confirmed: bool | None = None  # 是/否 on an automatic failure
    reason: str = ""

    @property
    def value(self) -> tuple:
        return (self.deduction, self.hit, self.confirmed)


@dataclass(frozen=True)
class StandardRef:
    """A standard as a cover records it: id, version and file (shown relative)."""

    id: str
    version: str
    path: str

    def describe(self) -> str:
        return f"「{self.id}」（版本 {self.version}）"


@dataclass(frozen=True)
class Cover:
    """The facts a scoring workbook's cover records about how it was made: the main standard,
    the standard of each other procedure type (none in a workbook made before standards were
    chosen per procedure type), the review date."""

    file: str
    checklist_id: str
    checklist_version: str
    checklist_path: str
    review_date: dt.date | None
    by_procedure: dict[str, StandardRef] = field(default_factory=dict)

    @property
    def main(self) -> StandardRef:
        return StandardRef(self.checklist_id, self.checklist_version, self.checklist_path)

    def mismatches(self, standards: Standards, what: str = "评分表") -> list[str]:
        """How the standards of this run differ from the ones the workbook (``what``) was made with."""
        wanted = [("", self.main, standards.main)]
        wanted += [
            (f"的{procedure}案卷", ref, standards.by_procedure.get(procedure))
            for procedure, ref in self.by_procedure.items()
        ]
        return [
            f"{what}{whose}按评查标准{ref.describe()}生成，本次使用"
            + (f"「{used.id}」（版本 {used.version}）" if used else "的评查标准不含该程序类型")
            for whose, ref, used in wanted
            if used is None or (ref.id, ref.version) != (used.id, used.version)
        ]


@dataclass
class MarkSet:
    """All marks read, and every file (unit, 案号) the workbooks list, marked or not."""

    marks: list[Mark] = field(default_factory=list)
    listed: set[tuple[str, str]] = field(default_factory=set)
    # (file, reviewer) → where that reviewer confirmed 「本卷其余项目无问题」
    files_ok: dict[tuple[tuple[str, str], str], CellRef] = field(default_factory=dict)


def read_cover(path: str | Path) -> Cover:
    """The cover facts of a scoring workbook; a Chinese error when it is not one."""
    workbook = open_workbook(path)
    try:
        if COVER not in workbook.sheetnames:
            raise InputProblems(
                [f"{path}：缺少「{COVER}」工作表，不是 evaltool sheet 生成的评分表"]
            )
        facts = {
            str(row[0]).strip(): row[1]
            for row in workbook[COVER].iter_rows(max_col=2, values_only=True)
            if row and row[0] is not None and len(row) > 1
        }
    finally:
        workbook.close()
    try:
        review_date = dt.date.fromisoformat(str(facts.get(REVIEW_DATE)))
    except ValueError:
        review_date = None

    def standard(prefix: str) -> StandardRef:
        keys = (CHECKLIST_ID, CHECKLIST_VERSION, CHECKLIST_PATH)
        return StandardRef(*(str(facts.get(f"{prefix}{key}") or "") for key in keys))

    main = standard("")
    others = {
        procedure: standard(procedure)
        for procedure in dict.fromkeys(ENUMS["procedure"].values())
        if facts.get(f"{procedure}{CHECKLIST_ID}")
    }
    return Cover(str(path), main.id, main.version, main.path, review_date, others)


def read_marks(
    paths: Sequence[str | Path], plans: Sequence[CasePlan], standards: Standards
) -> MarkSet:
    """Read every workbook, each file's rows against its own standard (``CasePlan.checklist``);
    raise ``InputProblems`` listing every invalid entry."""
    by_ident = {plan.ident: plan for plan in plans}
    result, problems = MarkSet(), []
    for path in paths:
        try:
            mismatches = read_cover(path).mismatches(standards)
            if mismatches:
                problems.append(
                    f"{path}：{'；'.join(mismatches)}。请使用生成评分表时的评查标准"
                    "（score 的 -c，或评查配置的 checklist），或按本次的评查标准重新生成评分表"
                )
                continue
            problems += _read_workbook(path, by_ident, result)
        except InputProblems as exc:  # one unreadable workbook: the others are still checked
            problems += exc.problems
        except EvaltoolError as exc:
            problems.append(str(exc))
    problems += _conflicts(result)
    if problems:
        raise InputProblems(problems)
    return result


def _read_workbook(path, by_ident, result: MarkSet) -> list[str]:
    problems = []
    workbook = open_workbook(path)
    try:
        sheets = 0
        for sheet in workbook.worksheets:
            header_row = find_header(sheet, REQUIRED_HEADERS) if sheet.title != COVER else None
            if header_row is None:
                continue
            sheets += 1
            for trow in table_rows(path, sheet, header_row):
                ident = (trow.text(UNIT), trow.text(CASE_NO))
                plan = by_ident.get(ident)
                if plan is None:
                    problems.append(
                        f"{trow.ref(CASE_NO)}：未知案卷「{ident[0]}」「{ident[1]}」"
                        "（登记表中没有，或不在评查标准适用范围内）"
                    )
                    continue
                item_id = trow.text(ITEM)
                if item_id == FILE_ITEM:
                    result.listed.add(ident)
                    problems += _read_file_row(trow, ident, result)
                    continue
                row = plan.row(item_id)
                if row is None:
                    problems.append(
                        f"{trow.ref(ITEM)}：未知评查项目「{item_id}」"
                        f"（本案卷按评查标准「{plan.checklist.id}」评查）"
                    )
                    continue
                result.listed.add(ident)
                mark, row_problems = _read_row(trow, ident, row)
                problems += row_problems
                if mark and not row_problems:
                    result.marks.append(mark)
    finally:
        workbook.close()
    if not sheets:
        problems.append(f"{path}：没有找到评分工作表（表头应含 {'、'.join(REQUIRED_HEADERS)}）")
    return problems


def _read_file_row(trow: TableRow, ident, result: MarkSet) -> list[str]:
    """A 「本卷其余项目无问题」 row: 是 with a reviewer confirms the file's unmarked rows."""
    if trow.text(STATUS) != FILE_STATUS:
        return [
            f"{trow.ref(STATUS)}：「{FILE_ITEM}」行的「{STATUS}」应为「{FILE_STATUS}」，请勿修改"
        ]
    if trow.is_blank(CONFIRM):
        return []
    try:
        confirmed = read_yes_no(trow, CONFIRM)
    except ValueError as exc:
        return [f"{trow.ref(CONFIRM)}：{exc}"]
    reviewer = trow.text(REVIEWER)
    if not reviewer:
        return [f"{trow.ref(REVIEWER)}：已确认本卷其余项目无问题，但未填写评查人"]
    if confirmed:
        result.files_ok.setdefault((ident, reviewer), trow.ref(CONFIRM))
    return []


def _read_row(trow: TableRow, ident, row: Row) -> tuple[Mark | None, list[str]]:
    """The mark on one row (None when it holds none) and the problems found on it."""
    problems = []
    if trow.text(STATUS) != row.status:
        return None, [
            f"{trow.ref(STATUS)}：自动检查结果已变化（评分表为「{trow.text(STATUS)}」，"
            f"现为「{row.status}」），登记表、评查标准或评查日期可能已改变，请重新生成评分表"
        ]
    values: dict = {}
    if not trow.is_blank(DEDUCT):
        try:
            typed = input_value(trow, DEDUCT, row.item)
        except ValueError as exc:
            problems.append(f"{trow.ref(DEDUCT)}：{exc}")
        else:
            if row.prefilled is None or _overrules(typed, row):
                values = typed
    values, cited = _rules_cited(trow, row.item, values)
    problems += cited
    if not trow.is_blank(CONFIRM):
        if not row.confirmable:
            problems.append(f"{trow.ref(CONFIRM)}：只有自动检查「不符合」的行需要确认")
        elif values:
            problems.append(
                f"{trow.ref(CONFIRM)}：已改填「{DEDUCT}」，不必再填「{CONFIRM}」（两处只填一处）"
            )
        else:
            try:
                values = {"confirmed": read_yes_no(trow, CONFIRM)}
            except ValueError as exc:
                problems.append(f"{trow.ref(CONFIRM)}：{exc}")
    if not values:
        return None, problems
    reviewer, reason = trow.text(REVIEWER), trow.text(REASON)
    if not reviewer:
        problems.append(f"{trow.ref(REVIEWER)}：已填写评分，但未填写评查人")
    overrule = row.prefilled is not None and "confirmed" not in values
    objection = values.get("deduction") or values.get("hit") or values.get("confirmed") is False
    if overrule and not reason:
        problems.append(f"{trow.ref(REASON)}：改变自动检查结论时须填写扣分理由")
    elif objection and not reason:
        problems.append(f"{trow.ref(REASON)}：扣分、否决或不认可自动检查结果时须填写扣分理由")
    where = trow.ref(CONFIRM) if "confirmed" in values else trow.ref(DEDUCT)
    mark = Mark(ident, row.item.id, reviewer, where, reason=reason, **values)
    return mark, problems


# 「②×3」「③x2」「①」 in 说明: a rule of the item (numbered on the sheet) and how often it applied.
_CITED = re.compile(rf"([{RULE_NUMBERS}])\s*(?:[×xX*]\s*(\d+))?")


def _rules_cited(trow: TableRow, item: Item, values: dict) -> tuple[dict, list[str]]:
    """The deduction of a row whose 说明 names the rules that applied (``②×3、③×2``): computed
    from them when 扣分 is blank, checked against them when it is filled."""
    if item.veto or len(item.rules) < 2:
        return values, []
    applied: dict[int, int] = {}
    for mark, times in _CITED.findall(trow.text(REASON)):
        number = RULE_NUMBERS.index(mark) + 1
        if number > len(item.rules):
            return values, [
                f"{trow.ref(REASON)}：评查项目 {item.id} 只有 {len(item.rules)} 条扣分规则，"
                f"没有「{mark}」"
            ]
        applied[number] = applied.get(number, 0) + int(times or 1)
    if not applied:
        return values, []
    computed = item.deduct_by_rules(applied)
    if "deduction" not in values:
        return {"deduction": computed}, []
    if abs(values["deduction"] - computed) > 1e-9:
        cited = "、".join(f"{RULE_NUMBERS[n - 1]}×{t}" for n, t in applied.items())
        return values, [
            f"{trow.ref(DEDUCT)}：扣分 {values['deduction']:g} 与说明中所写的规则 {cited} "
            f"计算的 {computed:g} 分不一致"
        ]
    return values, []


def _overrules(typed: dict, row: Row) -> bool:
    """Whether a value typed over a prefilled automatic one changes the verdict."""
    deduction, hit = row.prefilled
    if row.item.veto:
        return typed["hit"] != hit
    return typed["deduction"] != deduction


def input_value(trow: TableRow, header: str, item: Item) -> dict:
    """A typed input: ``{"hit": bool}`` for a veto item, else ``{"deduction": float}`` in range."""
    if item.veto:
        return {"hit": read_yes_no(trow, header)}
    deduction = read_number(trow, header)
    if not 0 <= deduction <= item.points:
        raise ValueError(
            f"扣分 {deduction:g} 超出范围：评查项目 {item.id} 的分值为 {item.points:g}，"
            f"扣分应在 0 至 {item.points:g} 之间"
        )
    return {"deduction": deduction}


def _conflicts(result: MarkSet) -> list[str]:
    """One reviewer's marks on one row must agree; identical repeats (copies) count once."""
    chosen: dict[tuple, Mark] = {}
    problems = []
    for mark in sorted(result.marks, key=lambda m: str(m.where)):
        key = (mark.ident, mark.item_id, mark.reviewer)
        first = chosen.setdefault(key, mark)
        if first.value != mark.value:
            problems.append(
                f"{mark.where}：评查人「{mark.reviewer}」对案卷「{mark.ident[1]}」评查项目 "
                f"{mark.item_id} 已在 {first.where} 给出不同的评分"
            )
    result.marks = list(chosen.values())
    return problems
