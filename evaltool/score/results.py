"""The results document (docs/results.md): built from a run, written as JSON, read back."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import evaltool
from evaltool.errors import EvaltoolError
from evaltool.output import write_atomic
from evaltool.text import JSON_STYLE, json_text, read_json

SCHEMA_VERSION = 2


def checklist_entry(checklist, **extra: Any) -> dict[str, Any]:
    """A standard as the results document names it, with its items (``extra``: e.g. procedures, cases)."""
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "path": checklist.path,
        "total": checklist.scoring.total,
        "grades": [g.name for g in checklist.scoring.grades],
        "veto_effect": checklist.scoring.veto_effect,
        "veto_rule": checklist.scoring.describe_veto(),
        "extends": checklist.extends,
        **extra,
        "items": [item_entry(item) for item in checklist.items],
    }


def skipped_entry(case) -> dict[str, Any]:
    """A case no standard of the run covers."""
    procedure = case.get("procedure")
    return {
        "unit": case.unit,
        "case_no": case.case_no,
        "procedure": procedure,
        "source": case.source.as_dict(),
        "reason": f"程序类型为「{procedure}」，本次评查没有适用于{procedure}的评查标准",
    }


def skipped_lines(skipped: list[dict[str, Any]]) -> list[str]:
    """Unscored files (``skipped_entry``) once per register sheet and procedure type, not once per file."""
    groups: dict[tuple, list[dict]] = {}
    for entry in skipped:
        key = (entry["source"]["file"], entry["source"]["sheet"], entry.get("procedure"))
        groups.setdefault(key, []).append(entry)
    lines = []
    for (file, sheet, procedure), entries in groups.items():
        shown = "、".join(e["case_no"] for e in entries[:5])
        more = f"等 {len(entries)} 件" if len(entries) > 5 else ""
        lines.append(
            f"{Path(file).name}「{sheet}」中{len(entries)}件{procedure or ''}案卷"
            f"（{shown}{more}）：{entries[0]['reason']}"
        )
    return lines


def standards_of(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The standards a results document used, by id (``checklists``; ``checklist`` alone in a
    document built by hand)."""
    return {c.get("id"): c for c in results.get("checklists") or [results["checklist"]]}


def standard_of(results: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """The standard a case of a results document was scored by."""
    return standards_of(results).get(case.get("checklist"), results["checklist"])


def grade_order(results: dict[str, Any]) -> list[str]:
    """Every grade name of the standards used, each once, the main standard's order first."""
    standards = standards_of(results).values()
    return list(dict.fromkeys(g for c in standards for g in c.get("grades", [])))


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
        "checklist": result.checklist.id if result.checklist else None,
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
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(results, handle, **JSON_STYLE)
        handle.write("\n")


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
