"""Check step: run each checklist item's automatic check on each case and record findings."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaltool.calendar import Calendar
from evaltool.check.params import CaseParams, ParamsByDate
from evaltool.check.spec import Check, CheckContext, NeedsReview
from evaltool.checklist.model import Checklist, Item
from evaltool.fields import label
from evaltool.model import Case, Finding, Outcome, Verdict, needs_review


@dataclass
class NotAssessed:
    """An item whose check could not run on a whole register because columns are missing.

    ``partial``: the check ran, but without these columns it assessed only part of its rule.
    """

    file: str
    sheet: str
    item_id: str
    check: str
    missing: list[str]
    partial: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "item_id": self.item_id,
            "check": self.check,
            "missing": self.missing,
            "partial": self.partial,
            "message": self.message,
        }

    @property
    def message(self) -> str:
        columns = "、".join(f"「{label(k)}」" for k in self.missing)
        if self.partial:
            return (
                f"登记表缺少{columns}列，评查项目 {self.item_id}（{self.check}）"
                "只按其余各列评估，涉及这些列的部分需人工评查"
            )
        return f"登记表缺少{columns}列，评查项目 {self.item_id}（{self.check}）未评估，需人工评查"


@dataclass
class CheckRun:
    """Findings per case (by position in ``cases``) and the register-level gaps."""

    cases: list[Case]
    findings: list[list[Finding]]
    not_assessed: list[NotAssessed] = field(default_factory=list)
    skipped: list[Case] = field(default_factory=list)


def run_checks(
    cases: list[Case],
    checklist: Checklist,
    checks: dict[str, Check],
    *,
    calendar: Calendar,
    review_date: dt.date,
    keep_passes: bool = True,
) -> CheckRun:
    """Run the checklist's automatic items on every case the checklist applies to.

    Checks see every case read (``ctx.cases``), scored or not, so that cross-case
    rules such as duplicate case numbers cover the whole unit. With ``keep_passes``
    False the passed items leave no finding (they deduct nothing, and results
    without ``--include-pass`` do not list them), which keeps large runs lean.
    """
    scored = [case for case in cases if checklist.applies(case.get("procedure"))]
    run = CheckRun(
        cases=scored,
        findings=[],
        skipped=[case for case in cases if not checklist.applies(case.get("procedure"))],
    )
    ctx = CheckContext(calendar=calendar, cases=cases, review_date=review_date)
    automatic = [item for item in checklist.items if item.check]
    registers = {id(c.register): c.register for c in scored}
    gaps = _register_gaps(registers.values(), automatic, checks)
    run.not_assessed = [gap for per_register in gaps.values() for gap in per_register.values()]
    params = {item.id: ParamsByDate(item.params) for item in automatic}
    runnable = {}  # per register, the items it has the columns for (all of them, or in part)
    for key in registers:
        missing = gaps.get(key, {})
        runnable[key] = [
            (item, checks[item.check], params[item.id])
            for item in automatic
            if item.id not in missing or missing[item.id].partial
        ]
    for case in scored:
        findings = []
        for item, check, item_params in runnable[id(case.register)]:
            verdict = evaluate(item, check, case, ctx, item_params.for_case(case))
            if keep_passes or verdict.outcome is not Outcome.PASS:
                findings.append(_finding(item, check, case, verdict))
        run.findings.append(findings)
    return run


def _register_gaps(registers, items: list[Item], checks: dict[str, Check]):
    """Per register, the items whose check lacks columns: not assessed, or assessed in part."""
    gaps: dict[int, dict[str, NotAssessed]] = {}
    for register in registers:
        for item in items:
            check = checks[item.check]
            missing = [
                k for k in check.info.required_columns(item.params) if not register.has_column(k)
            ]
            partial = not missing
            if partial:
                missing = [
                    k
                    for k in check.info.optional_columns(item.params)
                    if not register.has_column(k)
                ]
            if missing:
                gap = NotAssessed(
                    register.file, register.sheet, item.id, check.id, missing, partial
                )
                gaps.setdefault(id(register), {})[item.id] = gap
    return gaps


def evaluate(
    item: Item, check: Check, case: Case, ctx: CheckContext, params: CaseParams | None = None
) -> Verdict:
    """The check's verdict, or ``needs_review`` when a value it reads could not be read.

    The reading problem itself (raw text, why) is a data issue, reported once at its cell;
    the checks that need the value only say that it awaits a reviewer (待核对).

    Dated params are resolved by the case's decision date (``params``, by default
    ``CaseParams(item.params, case)``); a check that cannot decide raises ``NeedsReview``.
    """
    unreadable = case.issues and [case.issues[k] for k in check.info.reads if k in case.issues]
    if unreadable:
        details = "、".join(f"{label(i.field)}（{i.cell}）" for i in unreadable)
        return needs_review(f"{details}待核对（见数据问题）", *(i.field for i in unreadable))
    if params is None:
        params = CaseParams(item.params, case)
    try:
        return check(case, params, ctx)
    except NeedsReview as undecided:
        return needs_review(undecided.message, *undecided.fields)
    except Exception as exc:  # a plugin bug on one odd value must not stop the run
        return needs_review(f"自动检查 {check.id} 出错（{type(exc).__name__}: {exc}），需人工核对")


def _finding(item: Item, check: Check, case: Case, verdict: Verdict) -> Finding:
    return Finding(
        item_id=item.id,
        check=check.id,
        outcome=verdict.outcome,
        deduction=item.deduction_for(verdict),
        message=verdict.message,
        cells=case.cells(*verdict.fields),
        basis=item.basis or check.info.basis,
        veto=item.veto,
    )
