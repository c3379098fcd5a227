"""The whole automatic job as a library call: read → check → score → results document.

``check_registers`` does it all; the review workflow (``evaltool.review``) uses the steps:
``run_automatic`` (cases and automatic findings), ``score_cases`` and ``build_results``.
"""

import datetime as dt
import gc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltool.calendar import Calendar
from evaltool.checklist.load import load_checklist
from evaltool.checklist.model import Checklist
from evaltool.model import Case, Finding
from evaltool.pipeline.engine import CheckRun, run_checks
from evaltool.plugins import Registry, load_registry
from evaltool.read import ReadResult, input_entry, read_registers
from evaltool.read.documents import read_case_documents
from evaltool.read.documents.match import matching_entry
from evaltool.score.case import CaseResult, score_case, score_unit_items, summarize_units
from evaltool.score.results import (
    AUTOMATIC,
    SCHEMA_VERSION,
    case_entry,
    item_entry,
    tool_info,
    unit_entry,
)


@dataclass
class AutomaticRun:
    """What the automatic part of a run produced, before scoring: cases and their findings."""

    checklist: Checklist
    read: ReadResult
    checks: CheckRun
    calendar: Calendar
    review_date: dt.date
    documents: dict[str, Any] | None = (
        None  # the results' ``documents`` section, when 文书 were read
    )

    @property
    def cases(self) -> list[Case]:
        """The cases the checklist applies to, in register order."""
        return self.checks.cases

    @property
    def findings(self) -> list[list[Finding]]:
        """The automatic findings of each case, by position in ``cases``."""
        return self.checks.findings


def run_automatic(
    inputs: Iterable[str | Path],
    *,
    checklist: str | Path | None = None,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    keep_passes: bool = True,
    documents: Iterable[str | Path] | None = None,
) -> AutomaticRun:
    """Read registers and run the checklist's automatic checks on every case in scope.

    ``keep_passes=False`` leaves the passed items out of the findings (see ``run_checks``).
    ``documents``: folders of case-file documents (文书); without them a 文书 folder beside
    each register is used when there is one.
    """
    registry = registry or load_registry()
    review_date = review_date or dt.date.today()
    standard = load_checklist(checklist, registry.checks, checklists=registry.checklists)
    read = read_registers(inputs, registry.readers, unit=unit, review_date=review_date)
    found = read_case_documents(read.registers, documents)
    # While checking creates findings, the cyclic garbage collector need not walk the cases
    # again at every collection (3 of 24 CPU s on 10^5 cases); unfrozen afterwards, so that a
    # process calling this repeatedly can still free them.
    gc.freeze()
    try:
        calendar = Calendar()
        run = run_checks(
            read.cases,
            standard,
            registry.checks,
            calendar=calendar,
            review_date=review_date,
            keep_passes=keep_passes,
        )
    finally:
        gc.unfreeze()
    entry = matching_entry(found[1], found[0]) if found else None
    return AutomaticRun(standard, read, run, calendar, review_date, entry)


def score_cases(
    cases: list[Case],
    findings: list[list[Finding]],
    checklist: Checklist,
    registry: Registry,
) -> list[CaseResult]:
    """Score each case from its findings, telling plugins about every scored case."""
    results = []
    for case, case_findings in zip(cases, findings, strict=True):
        result = score_case(case, case_findings, checklist)
        registry.hook.evaltool_case_scored(case_result=result, checklist=checklist)
        results.append(result)
    return results


def build_results(
    run: AutomaticRun, case_results: list[CaseResult], *, include_pass: bool = False
) -> dict[str, Any]:
    """The results document (docs/results.md) for scored cases of an automatic run; ``scope``
    ``automatic`` (the caller changes it when reviewers' marks decided the files)."""
    standard = run.checklist
    missing: dict[tuple[str, str], set[str]] = {}
    for gap in run.checks.not_assessed:
        if not gap.partial:
            missing.setdefault((gap.file, gap.sheet), set()).add(gap.item_id)
    cases = [
        case_entry(
            r,
            include_pass=include_pass,
            items=standard.case_items,
            missing=missing.get((r.case.register.file, r.case.register.sheet), frozenset()),
        )
        for r in case_results
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "scope": AUTOMATIC,
        "tool": tool_info(),
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "review_date": run.review_date.isoformat(),
        "checklist": {
            "id": standard.id,
            "title": standard.title,
            "version": standard.version,
            "path": standard.path,
            "total": standard.scoring.total,
            "grades": [g.name for g in standard.scoring.grades],
            "veto_effect": standard.scoring.veto_effect,
            "veto_rule": standard.scoring.describe_veto(),
            "extends": standard.extends,
            "items": [item_entry(item, standard) for item in standard.items],
            "bonus_cap": standard.scoring.bonus_cap,
            "rescale": standard.scoring.rescale,
        },
        "inputs": [input_entry(r) for r in run.read.registers],
        "file_errors": run.read.file_errors,
        "read_notes": run.read.notes,
        "calendar": {"fallback_years": sorted(run.calendar.fallback_years)},
        "units": [
            unit_entry(s, score_unit_items(standard))
            for s in summarize_units(case_results, standard)
        ],
        "cases": cases,
        "skipped": [
            {
                "unit": c.unit,
                "case_no": c.case_no,
                "source": c.source.as_dict(),
                "reason": standard.skip_reason(c),
            }
            for c in run.checks.skipped
        ],
        "not_assessed": [gap.as_dict() for gap in run.checks.not_assessed],
        "data_issues": [i.as_dict() for r in run.read.registers for i in r.issues],
        **({"documents": run.documents} if run.documents else {}),
    }


def check_registers(
    inputs: Iterable[str | Path],
    *,
    checklist: str | Path | None = None,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    include_pass: bool = False,
    documents: Iterable[str | Path] | None = None,
) -> dict[str, Any]:
    """Check and score registers against a checklist; return the results document (docs/results.md).

    Without ``include_pass`` the passed items are not kept at all: neither the results
    nor the ``CaseResult`` findings given to ``evaltool_case_scored`` list them.
    """
    registry = registry or load_registry()
    run = run_automatic(
        inputs,
        checklist=checklist,
        registry=registry,
        unit=unit,
        review_date=review_date,
        keep_passes=include_pass,
        documents=documents,
    )
    case_results = score_cases(run.cases, run.findings, run.checklist, registry)
    results = build_results(run, case_results, include_pass=include_pass)
    registry.hook.evaltool_run_finished(results=results)
    return results
