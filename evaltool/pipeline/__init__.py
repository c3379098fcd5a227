"""The whole automatic job as a library call: read → check → score → results document.

``check_registers`` does it all; the review workflow (``evaltool.review``) uses the steps:
``run_automatic`` (cases and automatic findings), ``score_cases`` and ``build_results``.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltool import collector
from evaltool.calendar import Calendar
from evaltool.checklist.model import Checklist
from evaltool.model import Case, Finding
from evaltool.pipeline.engine import CheckRun, run_checks
from evaltool.pipeline.standards import Standards, StandardsRef, load_standards
from evaltool.plugins import Registry, load_registry
from evaltool.read import ReadResult, input_entry, read_registers
from evaltool.read.documents import read_case_documents
from evaltool.score.case import (
    CaseResult,
    Layout,
    UnitMark,
    score_case,
    score_unit_items,
    summarize_units,
)
from evaltool.score.results import (
    AUTOMATIC,
    SCHEMA_VERSION,
    Assessments,
    case_entry,
    checklist_entry,
    skipped_entry,
    tool_info,
    unit_entry,
)


@dataclass
class AutomaticRun:
    """What the automatic part of a run produced, before scoring: cases, their standards and findings."""

    standards: Standards
    read: ReadResult
    checks: CheckRun
    calendar: Calendar
    review_date: dt.date
    documents: dict[str, Any] | None = (
        None  # the results' ``documents`` section, when 文书 were read
    )

    @property
    def checklist(self) -> Checklist:
        """The main standard (the only one, for a run without companions)."""
        return self.standards.main

    @property
    def checklists(self) -> list[Checklist]:
        """The standard of each case, by position in ``cases``."""
        return self.checks.checklists

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
    checklist: StandardsRef = None,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    keep_passes: bool = True,
    companions: bool = True,
    documents: Iterable[str | Path] | None = None,
    calendar: Calendar | None = None,
) -> AutomaticRun:
    """Read registers and run each case's standard's automatic checks on it.

    ``checklist`` is one standard (with the companions it names for other procedure
    types, unless ``companions`` is False) or a mapping from procedure type to standard
    (see ``evaltool.pipeline.standards``). ``keep_passes=False`` leaves the passed items
    out of the findings (see ``run_checks``). ``documents``: folders of case-file documents
    (文书); without them a 文书 folder beside each register is used when there is one.
    ``calendar`` counts the days (the review config's, with its holiday schedule).
    """
    registry = registry or load_registry()
    review_date = review_date or dt.date.today()
    standards = load_standards(checklist, registry, companions=companions)
    read = read_registers(inputs, registry.readers, unit=unit, review_date=review_date)
    found = read_case_documents(read.registers, documents)
    # While checking creates findings, the cyclic garbage collector need not walk the cases
    # again at every collection (3 of 24 CPU s on 10^5 cases).
    with collector.frozen():
        calendar = calendar or Calendar()
        run = check_by_standard(
            read.cases,
            standards,
            registry,
            calendar=calendar,
            review_date=review_date,
            keep_passes=keep_passes,
        )
    entry = None
    if found:
        from evaltool.read.documents.match import matching_entry  # only with 文书

        entry = matching_entry(found[1], found[0])
    return AutomaticRun(standards, read, run, calendar, review_date, entry)


def check_by_standard(
    cases: list[Case],
    standards: Standards,
    registry: Registry,
    *,
    calendar: Calendar,
    review_date: dt.date,
    keep_passes: bool,
) -> CheckRun:
    """Run every case through its own standard; cases no standard covers are ``skipped``.

    Each standard sees every case read (cross-case rules such as duplicate case
    numbers cover the whole unit); the merged run keeps register order.
    """
    chosen = [standards.for_case(case) for case in cases]
    runs = [
        run_checks(
            cases,
            checklist,
            registry.checks,
            calendar=calendar,
            review_date=review_date,
            keep_passes=keep_passes,
            scored=[case for case, c in zip(cases, chosen, strict=True) if c is checklist],
        )
        for checklist in standards.all
    ]
    by_case = {
        id(case): (findings, checklist)
        for run in runs
        for case, findings, checklist in zip(run.cases, run.findings, run.checklists, strict=True)
    }
    scored = [case for case in cases if id(case) in by_case]
    reasons = {key: reason for run in runs for key, reason in run.skip_reasons.items()}
    return CheckRun(
        cases=scored,
        findings=[by_case[id(case)][0] for case in scored],
        not_assessed=[gap for run in runs for gap in run.not_assessed],
        skipped=[case for case in cases if id(case) not in by_case],
        document_items={item for run in runs for item in run.document_items},
        checklists=[by_case[id(case)][1] for case in scored],
        skip_reasons=reasons,
    )


def score_cases(
    cases: list[Case],
    findings: list[list[Finding]],
    checklist: Checklist | list[Checklist],
    registry: Registry,
) -> list[CaseResult]:
    """Score each case from its findings by its standard (one for all, or one per case),
    telling plugins about every scored case."""
    standards = checklist if isinstance(checklist, list) else [checklist] * len(cases)
    layouts: dict[int, Layout] = {}
    scored = registry.hook.evaltool_case_scored
    listened = bool(scored.get_hookimpls())  # no plugin listens: no call per file
    results = []
    for case, case_findings, standard in zip(cases, findings, standards, strict=True):
        layout = layouts.get(id(standard)) or layouts.setdefault(id(standard), Layout.of(standard))
        result = score_case(case, case_findings, standard, layout)
        if listened:
            scored(case_result=result, checklist=standard)
        results.append(result)
    return results


def build_results(
    run: AutomaticRun,
    case_results: list[CaseResult],
    *,
    include_pass: bool = False,
    unit_marks: dict[str, dict[str, UnitMark]] | None = None,
) -> dict[str, Any]:
    """The results document (docs/results.md) for scored cases of an automatic run; ``scope``
    ``automatic`` (the caller changes it when reviewers' marks decided the files).

    ``unit_marks``: unit → item id → the reviewers' marks on the unit-level items.
    """
    # builds a dict per file and per finding kept (millions with passes), none in a cycle
    with collector.paused(settle=True):
        return _results(run, case_results, include_pass, unit_marks or {})


def _results(
    run: AutomaticRun,
    case_results: list[CaseResult],
    include_pass: bool,
    unit_marks: dict[str, dict[str, UnitMark]],
) -> dict[str, Any]:
    standards = run.standards
    scored = Counter(r.checklist.id for r in case_results)
    used = [c for c in standards.all if scored[c.id]] or [standards.main]
    missing: dict[tuple[str, str, str], set[str]] = {}
    for gap in run.checks.not_assessed:
        if not gap.partial:
            missing.setdefault((gap.file, gap.sheet, gap.checklist), set()).add(gap.item_id)
    gaps = {key: frozenset(items) for key, items in missing.items()}
    case_items: dict[int, list] = {}  # by standard, one list each for the whole run
    for r in case_results:
        if id(r.checklist) not in case_items:
            case_items[id(r.checklist)] = r.checklist.case_items
    assess = Assessments()
    cases = [
        case_entry(
            r,
            include_pass=include_pass,
            items=case_items[id(r.checklist)],
            missing=gaps.get(
                (r.case.register.file, r.case.register.sheet, r.checklist.id), frozenset()
            ),
            assess=assess,
        )
        for r in case_results
    ]
    main = standards.main
    return {
        "schema_version": SCHEMA_VERSION,
        "scope": AUTOMATIC,
        "tool": tool_info(),
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "review_date": run.review_date.isoformat(),
        "checklist": checklist_entry(used[0]),
        "checklists": [
            checklist_entry(c, procedures=standards.procedures(c), cases=scored[c.id]) for c in used
        ],
        "inputs": [input_entry(r) for r in run.read.registers],
        "file_errors": run.read.file_errors,
        "read_notes": run.read.notes,
        "calendar": {"fallback_years": sorted(run.calendar.fallback_years)},
        "units": [
            unit_entry(s, score_unit_items(main, unit_marks.get(s.unit)))
            for s in summarize_units(case_results, main)
        ],
        "cases": cases,
        "skipped": [
            skipped_entry(c, run.checks.skip_reasons.get(id(c))) for c in run.checks.skipped
        ],
        "not_assessed": [gap.as_dict() for gap in run.checks.not_assessed],
        "data_issues": [i.as_dict() for r in run.read.registers for i in r.issues],
        **({"documents": run.documents} if run.documents else {}),
    }


def check_registers(
    inputs: Iterable[str | Path],
    *,
    checklist: StandardsRef = None,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    include_pass: bool = False,
    documents: Iterable[str | Path] | None = None,
    calendar: Calendar | None = None,
) -> dict[str, Any]:
    """Check and score registers, each case by its procedure's standard; return the results
    document (docs/results.md).

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
        calendar=calendar,
    )
    with collector.frozen():  # the cases and their findings, while scoring adds results
        case_results = score_cases(run.cases, run.findings, run.checklists, registry)
        results = build_results(run, case_results, include_pass=include_pass)
    registry.hook.evaltool_run_finished(results=results)
    return results
