"""Check step: run each checklist item's automatic check on each case and record findings."""

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import and_, not_
from typing import Any

from evaltool import collector
from evaltool.calendar import Calendar
from evaltool.check.params import DECISION_FIELD, CaseParams, ParamsByDate
from evaltool.check.spec import Batch, Check, CheckContext, NeedsReview
from evaltool.checklist.model import Checklist, Condition, Item
from evaltool.fields import label
from evaltool.model import Case, DataIssue, Finding, Outcome, Verdict, needs_review

DOCUMENTS = "documents"  # the "column" a document check misses when no 文书 were read
# Set to 1 to run every check case by case, without the fast forms (``clear_passes``): the
# differential test compares both, and a plugin author can rule the fast form out.
PER_CASE_ENV = "EVALTOOL_PER_CASE"


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
    checklist: str = ""  # the id of the standard the item belongs to

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "checklist": self.checklist,
            "item_id": self.item_id,
            "check": self.check,
            "missing": self.missing,
            "partial": self.partial,
            "message": self.message,
        }

    @property
    def message(self) -> str:
        if self.missing == [DOCUMENTS]:
            return (
                f"未提供案卷文书（--documents 或登记表旁的「文书」文件夹），评查项目 {self.item_id}"
                f"（{self.check}）未自动评估，需人工评查"
            )
        columns = "、".join(f"「{label(k)}」" for k in self.missing)
        if self.partial:
            return (
                f"登记表缺少{columns}列，评查项目 {self.item_id}（{self.check}）"
                "只按其余各列评估，涉及这些列的部分需人工评查"
            )
        return f"登记表缺少{columns}列，评查项目 {self.item_id}（{self.check}）未评估，需人工评查"


@dataclass
class CheckRun:
    """Findings per case (by position in ``cases``), the standard of each, and the register-level gaps."""

    cases: list[Case]
    findings: list[list[Finding]]
    not_assessed: list[NotAssessed] = field(default_factory=list)
    skipped: list[Case] = field(default_factory=list)
    document_items: set[str] = field(default_factory=set)  # items whose check reads 文书
    checklists: list[Checklist] = field(default_factory=list)
    skip_reasons: dict[int, str] = field(default_factory=dict)  # id(case) -> why not scored


def run_checks(
    cases: list[Case],
    checklist: Checklist,
    checks: dict[str, Check],
    *,
    calendar: Calendar,
    review_date: dt.date,
    keep_passes: bool = True,
    scored: list[Case] | None = None,
) -> CheckRun:
    """Run the checklist's automatic items on every case the checklist applies to
    (or on those of ``scored``, the cases a run gave this checklist, that it applies to).

    Checks see every case read (``ctx.cases``), scored or not, so that cross-case
    rules such as duplicate case numbers cover the whole unit. With ``keep_passes``
    False the passed items leave no finding (they deduct nothing, and results
    without ``--include-pass`` do not list them), which keeps large runs lean.
    """
    # Findings and verdicts form no cycles: the collector would only walk them again and again
    # while checking (0.15–0.4 of 3.3 CPU s on 10^5 cases, measured with and without the pause);
    # what was built is kept long-lived and unscanned (see evaltool.collector).
    with collector.paused(settle=True):
        return _run_checks(cases, checklist, checks, calendar, review_date, keep_passes, scored)


def _run_checks(cases, checklist, checks, calendar, review_date, keep_passes, scored) -> CheckRun:
    offered = cases if scored is None else scored
    reasons = {id(case): checklist.skip_reason(case) for case in offered}
    scored = [case for case in cases if reasons.get(id(case), "") is None]
    run = CheckRun(
        cases=scored,
        findings=[],
        skipped=[case for case in cases if reasons.get(id(case)) is not None],
        checklists=[checklist] * len(scored),
        skip_reasons={key: reason for key, reason in reasons.items() if reason is not None},
    )
    ctx = CheckContext(calendar=calendar, cases=cases, review_date=review_date)
    per_case = checklist.case_items
    automatic = [item for item in per_case if item.check]
    registers = {id(c.register): c.register for c in scored}
    gaps = _register_gaps(registers.values(), automatic, checks, checklist.id)
    run.not_assessed = [gap for per_register in gaps.values() for gap in per_register.values()]
    params = {
        (item.id, check_id): ParamsByDate(item_params)
        for item in automatic
        for check_id, item_params in item.checks
    }
    fast = not keep_passes and os.environ.get(PER_CASE_ENV, "") in ("", "0")
    positions_of: dict[int, list[int]] = {key: [] for key in registers}
    for position, case in enumerate(scored):
        positions_of[id(case.register)].append(position)
    # per case (by position in ``scored``), the items its register has the columns for (all of
    # them, or in part), but for those it clearly passes (by the checks' fast forms: its pass
    # would not be kept anyway)
    runnable: list[Sequence] = [()] * len(scored)
    for key, positions in positions_of.items():
        missing = gaps.get(key, {})
        whole = RegisterBatch([scored[p] for p in positions])
        entries = []
        for item in automatic:
            if item.id in missing and not missing[item.id].partial:
                continue
            item_checks = [(checks[c], params[(item.id, c)]) for c, _ in item.checks]
            clear = clear_passes(item_checks, whole, ctx) if fast and not item.bonus else None
            left = positions if clear is None else list(compress(positions, map(not_, clear)))
            entries.append(((item, item_checks), left))
        if all(left is positions for _, left in entries):  # nothing clear: one tuple for all
            shared = tuple(entry for entry, _ in entries)
            for position in positions:
                runnable[position] = shared
            continue
        for entry, left in entries:  # in item order
            for position in left:
                if runnable[position]:
                    runnable[position].append(entry)
                else:
                    runnable[position] = [entry]
    run.document_items = {
        item.id for item in automatic if any(checks[c].info.documents for c, _ in item.checks)
    }
    order = checklist.order
    document_items = run.document_items
    conditional = [(item, checklist.conditions_of(item)) for item in per_case]
    conditional = [(item, conditions) for item, conditions in conditional if conditions]
    for case, case_entries in zip(scored, runnable, strict=True):
        findings = []
        outside = {}
        for item, conditions in conditional:
            unmet = next((c for c in conditions if c.applies(case) is False), None)
            if unmet is not None:
                outside[item.id] = not_applicable_finding(item, unmet)
        for item, item_checks in case_entries:
            if outside and item.id in outside:
                continue
            if not case.documents and item.id in document_items:
                continue  # no 文书 for this case: the item stays the reviewer's
            verdicts = [
                (check, evaluate(item, check, case, ctx, item_params.for_case(case)))
                for check, item_params in item_checks
            ]
            # a passed bonus item earns its points
            if keep_passes or item.bonus or any(v.outcome is not PASS for _, v in verdicts):
                findings.append(_finding(item, case, verdicts))
        if outside:
            findings += outside.values()
            findings.sort(key=lambda f: order[f.item_id])
        run.findings.append(findings)
    return run


class RegisterBatch(Batch):
    """The cases of one register as the fast forms of every item see them: besides the columns,
    the positions of the cases with an unreadable value, and the positions by decision date."""

    def __init__(self, cases: Sequence[Case]):
        super().__init__(cases)
        self.flagged = [p for p, case in enumerate(cases) if case.issues]
        self._by_day: dict[Any, list[int]] | None = None

    def by_day(self, unreadable: set[int]) -> dict[Any, list[int]]:
        """The positions of the cases by decision date, but for the ``unreadable`` ones."""
        if self._by_day is None:
            self._by_day = {}
            for position, day in enumerate(self[DECISION_FIELD]):
                self._by_day.setdefault(day, []).append(position)
        if not unreadable:
            return self._by_day
        kept = {day: [p for p in ps if p not in unreadable] for day, ps in self._by_day.items()}
        return {day: ps for day, ps in kept.items() if ps}


def clear_passes(
    item_checks: list[tuple[Check, ParamsByDate]], whole: RegisterBatch, ctx: CheckContext
) -> list[bool] | None:
    """Per case of ``whole`` (one register), whether every check of an item clearly passes it, by
    the checks' fast forms; None unless every check of the item has one.

    A case with an unreadable value the check reads, or whose params cannot be resolved, is left
    to the check itself; so is every case of a fast form that fails.
    """
    if not all(check.info.clear_passes for check, _ in item_checks):
        return None
    clear: list[bool] | None = None
    size = len(whole)
    for check, item_params in item_checks:
        reads = check.info.reads
        unreadable = {p for p in whole.flagged if any(k in whole.cases[p].issues for k in reads)}
        readable = [p for p in range(size) if p not in unreadable] if unreadable else range(size)
        by_day = whole.by_day(unreadable) if item_params.dated else {}
        passing = [False] * size
        for values, members in item_params.grouped(whole.cases, readable, by_day):
            members = members if len(members) == size else sorted(members)
            batch = whole if len(members) == size else whole.take(members)
            try:
                verdicts = list(map(bool, check.info.clear_passes(batch, values, ctx)))
            except Exception:  # a faulty fast form leaves its cases to the check itself
                continue
            if len(verdicts) != len(members):  # nor can an answer of the wrong length be used
                continue
            if batch is whole:
                passing = verdicts
            else:
                for position in compress(members, verdicts):
                    passing[position] = True
        clear = passing if clear is None else list(map(and_, clear, passing))
    return clear


def not_applicable_finding(item: Item, condition: Condition) -> Finding:
    """An item outside its ``applies_to``: 不适用, out of the file's total, never a deduction."""
    return Finding(
        item_id=item.id,
        check=item.check,
        outcome=Outcome.NOT_APPLICABLE,
        deduction=0.0,
        message=f"本项仅适用于{condition.describe()}的案卷，本案卷不适用",
        cells=[],
        basis=item.basis,
        veto=item.veto,
    )


def _register_gaps(registers, items: list[Item], checks: dict[str, Check], checklist: str):
    """Per register, the items whose check lacks columns: not assessed, or assessed in part."""
    gaps: dict[int, dict[str, NotAssessed]] = {}
    for register in registers:
        for item in items:
            infos = [(check_id, checks[check_id].info) for check_id, _ in item.checks]
            if any(info.documents for _, info in infos) and not register.documents_given:
                check_ids = "+".join(c for c, _ in item.checks)
                gap = NotAssessed(
                    register.file, register.sheet, item.id, check_ids, [DOCUMENTS], False, checklist
                )
                gaps.setdefault(id(register), {})[item.id] = gap
                continue
            required, optional = [], []
            for check_id, item_params in item.checks:
                info = checks[check_id].info
                required += info.required_columns(item_params)
                optional += info.optional_columns(item_params)
            missing = [k for k in dict.fromkeys(required) if not register.has_column(k)]
            partial = not missing
            if partial:
                missing = [k for k in dict.fromkeys(optional) if not register.has_column(k)]
            if missing:
                check_ids = "+".join(c for c, _ in item.checks)
                gap = NotAssessed(
                    register.file, register.sheet, item.id, check_ids, missing, partial, checklist
                )
                gaps.setdefault(id(register), {})[item.id] = gap
    return gaps


def evaluate(
    item: Item, check: Check, case: Case, ctx: CheckContext, params: CaseParams | None = None
) -> Verdict:
    """The check's verdict, or ``needs_review`` when a value it needs could not be read.

    The reading problem itself (raw text, why) is a data issue, reported once at its cell;
    the checks that need the value only say that it awaits a reviewer (待核对).

    Dated params are resolved by the case's decision date (``params``, by default
    ``CaseParams(item.params, case)``); a check that cannot decide raises ``NeedsReview``.
    An unreadable value among the check's ``reads`` sends the case to a reviewer only
    when the check asks for it: a check that decides from readable fields is not spoilt
    by an unreadable field it would only have used as a fallback.
    """
    unreadable = case.issues and {k: case.issues[k] for k in check.info.reads if k in case.issues}
    if unreadable:
        case = GuardedCase(case, unreadable)
        if DECISION_FIELD in unreadable:
            params = None  # resolve dated params through the guard, inside the try below
    try:
        if params is None:
            params = CaseParams(item.params, case)
        return check.func(case, params, ctx)
    except NeedsReview as undecided:
        return needs_review(undecided.message, *undecided.fields)
    except Exception as exc:  # a plugin bug on one odd value must not stop the run
        return needs_review(f"自动检查 {check.id} 出错（{type(exc).__name__}: {exc}），需人工核对")


class GuardedCase:
    """A case whose unreadable fields raise ``NeedsReview`` when a check asks for their value."""

    def __init__(self, case: Case, unreadable: dict[str, DataIssue]):
        self._case = case
        self._unreadable = unreadable

    def get(self, key: str, default: Any = None) -> Any:
        issue = self._unreadable.get(key)
        if issue is not None:
            # the reading problem itself (raw text, why) is a data issue, reported once at its cell
            raise NeedsReview(
                f"{label(issue.field)}（{issue.cell}）待核对（见数据问题）", issue.field
            )
        return self._case.get(key, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._case, name)


def _finding(item: Item, case: Case, verdicts: list[tuple[Check, Verdict]]) -> Finding:
    """One finding per item: with several checks, 符合 only when every check passes, and each
    failing check deducts under the item's rule (together never more than the item's points)."""
    if len(verdicts) == 1:
        ((check, verdict),) = verdicts
        return Finding(
            item_id=item.id,
            check=check.id,
            outcome=verdict.outcome,
            deduction=item.deduction_for(verdict),
            message=verdict.message,
            cells=case.cells(*verdict.fields),
            basis=item.basis or check.info.basis,
            veto=item.veto,
            bonus=item.points if item.bonus and verdict.outcome is Outcome.PASS else 0.0,
        )
    check, verdict = _deciding(verdicts)
    failing = [(c, v) for c, v in verdicts if v.outcome is Outcome.FAIL]
    shown = failing or [(check, verdict)]
    deduction = min(
        sum(item.deduction_for(v) for _, v in failing) if failing else item.deduction_for(verdict),
        item.points,
    )
    fields = [f for _, v in shown for f in v.fields]
    return Finding(
        item_id=item.id,
        check="+".join(c.id for c, _ in shown),
        outcome=verdict.outcome,
        deduction=deduction,
        message="；".join(dict.fromkeys(v.message for _, v in shown)),
        cells=case.cells(*dict.fromkeys(fields)),
        basis=item.basis or check.info.basis,
        veto=item.veto,
        bonus=item.points if item.bonus and verdict.outcome is Outcome.PASS else 0.0,
    )


PASS = Outcome.PASS

# Which outcome of several checks stands for the item: a failure, else an open question, else
# a pass; 不适用 only when every check says so.
_PRECEDENCE = (Outcome.FAIL, Outcome.NEEDS_REVIEW, Outcome.PASS, Outcome.NOT_APPLICABLE)


def _deciding(verdicts: list[tuple[Check, Verdict]]) -> tuple[Check, Verdict]:
    return min(verdicts, key=lambda pair: _PRECEDENCE.index(pair[1].outcome))
