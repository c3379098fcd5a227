"""Check step: run each checklist item's automatic check on each case and record findings."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaltool.check.days import Calendar
from evaltool.check.spec import Check, CheckContext
from evaltool.checklist.model import Checklist, Item
from evaltool.fields import label
from evaltool.model import Case, Finding, Verdict, needs_review


@dataclass
class NotAssessed:
    """An item whose check could not run on a whole register because columns are missing."""

    file: str
    sheet: str
    item_id: str
    check: str
    missing: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "item_id": self.item_id,
            "check": self.check,
            "missing": self.missing,
            "message": self.message,
        }

    @property
    def message(self) -> str:
        columns = "、".join(f"「{label(k)}」" for k in self.missing)
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
) -> CheckRun:
    """Run the checklist's automatic items on every case the checklist applies to."""
    scored = [case for case in cases if checklist.applies(case.get("procedure"))]
    run = CheckRun(
        cases=scored,
        findings=[],
        skipped=[case for case in cases if not checklist.applies(case.get("procedure"))],
    )
    ctx = CheckContext(calendar=calendar, cases=scored, review_date=review_date)
    automatic = [item for item in checklist.items if item.check]
    gaps = _register_gaps({id(c.register): c.register for c in scored}.values(), automatic, checks)
    run.not_assessed = [gap for per_register in gaps.values() for gap in per_register.values()]
    for case in scored:
        missing = gaps.get(id(case.register), {})
        run.findings.append(
            [
                _finding(item, checks[item.check], case, ctx)
                for item in automatic
                if item.id not in missing
            ]
        )
    return run


def _register_gaps(registers, items: list[Item], checks: dict[str, Check]):
    gaps: dict[int, dict[str, NotAssessed]] = {}
    for register in registers:
        for item in items:
            check = checks[item.check]
            missing = [key for key in check.info.requires if not register.has_column(key)]
            if missing:
                gap = NotAssessed(register.file, register.sheet, item.id, check.id, missing)
                gaps.setdefault(id(register), {})[item.id] = gap
    return gaps


def evaluate(item: Item, check: Check, case: Case, ctx: CheckContext) -> Verdict:
    """The check's verdict, or ``needs_review`` when a value it reads could not be read."""
    unreadable = [case.issues[key] for key in check.info.reads if key in case.issues]
    if unreadable:
        details = "；".join(f"{label(i.field)}（{i.cell}）无法识别：{i.raw}" for i in unreadable)
        return needs_review(f"{details}，需人工核对", *(i.field for i in unreadable))
    try:
        return check(case, item.params, ctx)
    except Exception as exc:  # a plugin bug on one odd value must not stop the run
        return needs_review(f"自动检查 {check.id} 出错（{type(exc).__name__}: {exc}），需人工核对")


def _finding(item: Item, check: Check, case: Case, ctx: CheckContext) -> Finding:
    verdict = evaluate(item, check, case, ctx)
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
