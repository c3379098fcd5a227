"""The results document (docs/results.md): built from a run, written as JSON, read back."""

import datetime as dt
from pathlib import Path
from typing import Any

import evaltool
from evaltool.errors import EvaltoolError
from evaltool.output import write_atomic
from evaltool.text import dump_json_file, json_text, read_json

SCHEMA_VERSION = 1


def case_entry(result, *, include_pass: bool) -> dict[str, Any]:
    """One case file's entry: identity, location, score, grade, veto and findings."""
    case = result.case
    findings = [f for f in result.findings if include_pass or f.outcome != "pass"]
    return {
        "unit": case.unit,
        "case_no": case.case_no,
        "decision_no": case.get("decision_no"),
        "party": case.get("party"),
        "party_type": case.get("party_type"),
        "officers": case.get("officers"),
        "procedure": case.get("procedure"),
        "decided_on": _date(case.get("decided_on")),
        "source": case.source.as_dict(),
        "score": result.score,
        "grade": result.grade,
        "vetoed": result.vetoed,
        "veto_items": result.veto_items,
        "findings": [f.as_dict() for f in findings],
    }


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def item_entry(item) -> dict[str, Any]:
    """A checklist item as documents need it: title, category, points, veto, basis, remediation."""
    return {
        "id": item.id,
        "group": item.group,
        "title": item.title,
        "requirement": item.requirement,
        "category": item.category,
        "points": item.points,
        "deduction_rule": item.deduction.describe(item.points),
        "veto": item.veto,
        "basis": item.basis,
        "remediation": item.remediation,
        "check": item.check,
        "manual": item.manual,
    }


def unit_entry(summary) -> dict[str, Any]:
    return {
        "unit": summary.unit,
        "cases": summary.cases,
        "mean_score": summary.mean_score,
        "grades": summary.grades,
        "vetoed": summary.vetoed,
        "problems": summary.problems,
        "needs_review": summary.needs_review,
    }


def to_json(results: dict[str, Any]) -> str:
    return json_text(results)


def dump_json(results: dict[str, Any], path: str | Path) -> None:
    """Write ``to_json(results)`` to ``path`` piece by piece, never holding the whole text.

    For ``write_atomic(path, lambda tmp: dump_json(results, tmp))``: the results of a
    large register are over 100 MB of JSON.
    """
    dump_json_file(results, path)


def load_results(path: str | Path) -> dict[str, Any]:
    """Read a results file written by evaltool, checking its schema version."""
    data = read_json(path, "评查结果文件")
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise EvaltoolError(
            f"{path}：不是本版本 evaltool 的评查结果文件（schema_version 应为 {SCHEMA_VERSION}）"
        )
    return data


def tool_info() -> dict[str, str]:
    return {"name": "evaltool", "version": evaltool.__version__}


def write_results(results: dict[str, Any], path: str | Path) -> Path:
    """Write the results file atomically, streamed (see ``dump_json``)."""
    return write_atomic(path, lambda tmp: dump_json(results, tmp))
