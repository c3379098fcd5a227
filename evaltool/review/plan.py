"""The review plan: one row per (case file, checklist item), and which rows need a reviewer.

A row needs the reviewer's input (a deduction, or 是/否 for a veto item) when no automatic
check decided it: a manual item, a check that said ``needs_review``, or a check that could not
run on the register. Every automatic verdict (符合, 不适用, 不符合) is prefilled and may be
overruled; an automatic failure can also be confirmed or rejected. On a veto item the failure
is only *proposed* until a reviewer confirms it, so that confirmation is required.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from evaltool.checklist.model import Checklist, Item
from evaltool.model import Case, Finding, Outcome
from evaltool.pipeline import AutomaticRun
from evaltool.pipeline.engine import DOCUMENTS

MANUAL_STATUS = "人工评查"
NOT_ASSESSED_STATUS = "未自动评估"
# The per-file row of the scoring workbook: 「本卷其余项目无问题」.
FILE_ITEM, FILE_STATUS = "本卷", "本卷确认"


@dataclass(frozen=True)
class Row:
    """One checklist item on one case file, with the automatic finding if a check produced one."""

    item: Item
    finding: Finding | None
    without_documents: bool = (
        False  # a document check with no 文书 given: the reviewer's, as before
    )

    @property
    def status(self) -> str:
        """What the automatic check says, as the scoring sheet shows it."""
        if self.finding is None:
            automatic = self.item.check and not self.without_documents
            return NOT_ASSESSED_STATUS if automatic else MANUAL_STATUS
        return Outcome(self.finding.outcome).label

    @property
    def needs_input(self) -> bool:
        """Whether only a reviewer can decide this row."""
        return self.finding is None or self.finding.outcome is Outcome.NEEDS_REVIEW

    @property
    def confirmable(self) -> bool:
        """Whether the row is an automatic failure a reviewer may confirm or reject."""
        return self.finding is not None and self.finding.outcome is Outcome.FAIL

    @property
    def prefilled(self) -> tuple[float, bool] | None:
        """The automatic (deduction, veto hit) the workbook shows, or None on an input row."""
        if self.needs_input:
            return None
        failed = self.finding.outcome is Outcome.FAIL
        return (self.finding.deduction, failed and self.item.veto)

    @property
    def required(self) -> bool:
        """Whether a complete review must mark this row."""
        return self.needs_input or (self.confirmable and self.item.veto)


@dataclass
class CasePlan:
    """A case file in the review: its key in the workbooks, the standard that scores it (its
    procedure's) and its rows in that standard's order."""

    case: Case
    key: str
    rows: list[Row]
    checklist: Checklist

    @property
    def unit(self) -> str:
        return self.case.unit

    @property
    def ident(self) -> tuple[str, str]:
        """(unit, key): how workbooks name the file."""
        return (self.case.unit, self.key)

    def row(self, item_id: str) -> Row | None:
        return next((row for row in self.rows if row.item.id == item_id), None)


def case_keys(cases: list[Case]) -> list[str]:
    """The 案号 that names each case in workbooks; a number used twice in a unit gets its row."""
    counts = Counter((case.unit, case.case_no) for case in cases)
    return [
        case.case_no
        if counts[(case.unit, case.case_no)] == 1
        else f"{case.case_no}（{Path(case.register.file).name}「{case.register.sheet}」第{case.row}行）"
        for case in cases
    ]


def plan_review(run: AutomaticRun) -> list[CasePlan]:
    """Every case in scope with one row per item of its own standard, in that standard's order."""
    every_case = run.read.cases  # keys as ``sample`` gives them, out-of-scope cases included
    keys = {id(case): key for case, key in zip(every_case, case_keys(every_case), strict=True)}
    no_documents = {
        (gap.file, gap.sheet, gap.checklist, gap.item_id)
        for gap in run.checks.not_assessed
        if gap.missing == [DOCUMENTS]
    }
    plans = []
    for case, findings, checklist in zip(run.cases, run.findings, run.checklists, strict=True):
        by_item = {finding.item_id: finding for finding in findings}
        where = (case.register.file, case.register.sheet)
        rows = [
            Row(
                item,
                by_item.get(item.id),
                (*where, checklist.id, item.id) in no_documents
                or (item.id in run.checks.document_items and not case.documents),
            )
            for item in checklist.case_items
        ]
        plans.append(CasePlan(case, keys[id(case)], rows, checklist))
    return plans
