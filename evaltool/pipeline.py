"""The whole automatic job as a library call: read → check → score → results document."""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pluggy

from evaltool.check.days import Calendar
from evaltool.check.engine import run_checks
from evaltool.checklist.load import load_checklist
from evaltool.plugins import build_registry, get_plugin_manager
from evaltool.read import input_entry, read_registers
from evaltool.results import SCHEMA_VERSION, case_entry, item_entry, tool_info, unit_entry
from evaltool.score import score_case, summarize_units


def check_registers(
    inputs: Iterable[str | Path],
    *,
    checklist: str | Path | None = None,
    pm: pluggy.PluginManager | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    include_pass: bool = False,
) -> dict[str, Any]:
    """Check and score registers against a checklist; return the results document (docs/results.md)."""
    pm = pm or get_plugin_manager()
    registry = build_registry(pm)
    review_date = review_date or dt.date.today()
    standard = load_checklist(checklist, registry.checks, checklists=registry.checklists)
    read = read_registers(inputs, registry.readers, unit=unit, review_date=review_date)
    calendar = Calendar()
    run = run_checks(
        read.cases, standard, registry.checks, calendar=calendar, review_date=review_date
    )
    case_results = []
    for case, findings in zip(run.cases, run.findings, strict=True):
        result = score_case(case, findings, standard)
        pm.hook.evaltool_case_scored(case_result=result, checklist=standard)
        case_results.append(result)
    results = {
        "schema_version": SCHEMA_VERSION,
        "tool": tool_info(),
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "review_date": review_date.isoformat(),
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
            "items": [item_entry(item) for item in standard.items],
        },
        "inputs": [input_entry(r) for r in read.registers],
        "file_errors": read.file_errors,
        "read_notes": read.notes,
        "calendar": {"fallback_years": sorted(calendar.fallback_years)},
        "units": [unit_entry(s) for s in summarize_units(case_results, standard)],
        "cases": [case_entry(r, include_pass=include_pass) for r in case_results],
        "skipped": [
            {
                "unit": c.unit,
                "case_no": c.case_no,
                "source": c.source.as_dict(),
                "reason": f"程序类型为「{c.get('procedure')}」，不在本评查标准适用范围内",
            }
            for c in run.skipped
        ],
        "not_assessed": [gap.as_dict() for gap in run.not_assessed],
        "data_issues": [i.as_dict() for r in read.registers for i in r.issues],
    }
    pm.hook.evaltool_run_finished(results=results)
    return results
