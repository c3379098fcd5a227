"""The results document (docs/results.md): built from a run, written as JSON, read back.

Also the words for figures that are not final: a file whose manual items were not assessed,
whose items await 核对, or whose reviewers' disagreement a rule decided until 合议, never shows
a bare score or 等次 (``grade_text``, ``score_name``, ``mean_name``).
"""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import evaltool
from evaltool.errors import EvaltoolError
from evaltool.model import Outcome
from evaltool.output import write_atomic
from evaltool.text import dump_json_file, json_text, read_json

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 files are upgraded on reading (``upgrade``)
AUTOMATIC, REVIEW = "automatic", "review"  # the ``scope`` of a results document


def shown_path(path: str | Path | None) -> str | None:
    """A path as outputs record it: relative to the working folder when it lies below it, else
    the file name alone — nothing the tool writes holds an absolute path of the machine."""
    if path is None:
        return None
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return path.name


def shown_extends(checklist) -> list[str]:
    """The standards ``checklist`` extends as outputs name them: 「id（path）」, the path as
    ``shown_path`` records it."""
    shown = []
    for base in checklist.extends:
        name, _, path = base.partition("（")
        shown.append(f"{name}（{shown_path(path.removesuffix('）'))}）" if path else base)
    return shown


def checklist_entry(checklist, **extra: Any) -> dict[str, Any]:
    """A standard as the results document names it, with its items (``extra``: e.g. procedures, cases)."""
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "path": shown_path(checklist.path),
        "total": checklist.scoring.total,
        "grades": [g.name for g in checklist.scoring.grades],
        "veto_effect": checklist.scoring.veto_effect,
        "veto_rule": checklist.scoring.describe_veto(),
        "extends": shown_extends(checklist),
        **extra,
        "items": [item_entry(item, checklist) for item in checklist.items],
        "bonus_cap": checklist.scoring.bonus_cap,
        "rescale": checklist.scoring.rescale,
    }


def skipped_entry(case, reason: str | None = None) -> dict[str, Any]:
    """A case not scored: no standard of the run covers its procedure, or (``reason``) the
    standard chosen for it does not apply to it (e.g. decided outside its effective period)."""
    procedure = case.get("procedure")
    return {
        "unit": case.unit,
        "case_no": case.case_no,
        "procedure": procedure,
        "source": case.source.as_dict(),
        "reason": reason or f"程序类型为「{procedure}」，本次评查没有适用于{procedure}的评查标准",
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


def standards_lines(results: dict[str, Any]) -> list[str]:
    """Which standard scored how many files of which procedure type, a line each."""
    standards = list(standards_of(results).values())
    if len(standards) == 1 and "cases" not in standards[0]:
        return [f"评查标准：{standards[0]['title']}（{standards[0]['version']}）"]
    return [
        f"评查标准：{c['title']}（{c['version']}）：{'、'.join(c.get('procedures') or ['全部'])}"
        f"案卷 {c['cases']} 件"
        for c in standards
    ]


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


def assessment(items, findings, missing=frozenset()) -> dict[str, Any]:
    """What of a file was assessed: points assessed and not, items not assessed, items 待核对.

    An item is assessed when a finding decides it (a reviewer's mark, or an automatic verdict
    other than 待核对), or when its check ran and passed (passes may be left out of the
    findings); ``missing`` are the items whose check could not run on the file's register.
    """
    by_item = {finding.item_id: finding for finding in findings}
    points = {"assessed": 0.0, "not_assessed": 0.0}
    not_assessed = needs_review = 0
    for item in items:
        finding = by_item.get(item.id)
        if finding is not None and finding.outcome == Outcome.NEEDS_REVIEW:
            needs_review += 1
            done = False
        elif finding is not None:
            done = True
        else:
            done = bool(item.check) and item.id not in missing
            not_assessed += not done
        points["assessed" if done else "not_assessed"] += item.points
    return {
        "points_assessed": round(points["assessed"], 2),
        "points_not_assessed": round(points["not_assessed"], 2),
        "items_not_assessed": not_assessed,
        "needs_review": needs_review,
        "final": not not_assessed and not needs_review,
    }


class Assessments:
    """``assessment`` of many files, worked out once per distinct pattern: what decides it is
    the items, those whose check could not run, and each finding's item and whether it is
    待核对 — files of one register share a few patterns. The items (a list) are told apart by
    identity: give each standard's items as one list for the whole run (each list seen is held,
    so that no other list takes its identity meanwhile)."""

    LIMIT = 10_000  # patterns remembered; beyond, the rest are worked out file by file

    def __init__(self) -> None:
        self._seen: dict[tuple, dict[str, Any]] = {}
        self._held: dict[int, Any] = {}

    def __call__(self, items, findings, missing: frozenset = frozenset()) -> dict[str, Any]:
        pending = Outcome.NEEDS_REVIEW
        key = (
            id(items),
            missing,
            tuple(part for f in findings for part in (f.item_id, f.outcome is pending)),
        )
        known = self._seen.get(key)
        if known is None:
            known = assessment(items, findings, missing)
            if len(self._seen) < self.LIMIT:
                self._held.setdefault(id(items), items)
                self._seen[key] = known
        return known


def case_entry(
    result, *, include_pass: bool, items=(), missing=frozenset(), assess=assessment
) -> dict[str, Any]:
    """One case file's entry: identity, location, score, grade, veto, what was assessed, and
    findings (passes only with ``include_pass``, or where a reviewer overruled the check).

    ``assess``: how what was assessed is worked out (``Assessments`` for a whole run).
    """
    case = result.case
    findings = result.findings
    if not include_pass:
        findings = [f for f in findings if f.outcome != "pass" or f.automatic]
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
        "veto_effect": result.veto_effect,
        "possible_points": result.possible,
        "bonus": result.bonus,
        **assess(items, result.findings, missing),
        "findings": [f.as_dict() for f in findings],
    }


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def item_entry(item, checklist=None) -> dict[str, Any]:
    """A checklist item as documents need it: title, category, points, rules, veto, basis,
    remediation. A veto item's rule is its veto effect (never 「扣0分」); a bonus item's is
    what it adds."""
    if item.veto and checklist is not None:
        rule = checklist.scoring.describe_veto(item=True, effect=item.veto_effect)
    elif item.veto:
        rule = "否决项"
    elif item.bonus:
        rule = f"符合的，加{item.points:g}分"
    else:
        rule = item.describe_rules()
    conditions = checklist.conditions_of(item) if checklist is not None else []
    return {
        "id": item.id,
        "group": item.group,
        "title": item.title,
        "requirement": item.requirement,
        "category": item.category,
        "points": item.points if item.own_points else None,
        "deduction_rule": rule,
        "rules": [] if item.veto or item.bonus else [r.describe(item.points) for r in item.rules],
        "veto": item.veto,
        "veto_effect": item.veto_effect,
        "bonus": item.bonus,
        "level": item.level,
        "applies_to": "；".join(c.describe() for c in conditions) or None,
        "basis": item.basis,
        "remediation": item.remediation,
        "check": item.check,
        "checks": [check_id for check_id, _ in item.checks],
        "manual": item.manual,
    }


def unit_entry(summary, unit_items: dict[str, Any] | None = None) -> dict[str, Any]:
    """A unit's summary; ``unit_items`` (``score_unit_items``) when the checklist has unit-level
    items, scored once for the unit and never part of a file's score."""
    entry = {
        "unit": summary.unit,
        "cases": summary.cases,
        "mean_score": summary.mean_score,
        "grades": summary.grades,
        "vetoed": summary.vetoed,
        "problems": summary.problems,
        "needs_review": summary.needs_review,
        "unscored": summary.unscored,
    }
    if unit_items is not None:
        entry["unit_items"] = unit_items
    return entry


def to_json(results: dict[str, Any]) -> str:
    return json_text(results)


def dump_json(results: dict[str, Any], path: str | Path) -> None:
    """Write ``to_json(results)`` to ``path`` piece by piece, never holding the whole text.

    For ``write_atomic(path, lambda tmp: dump_json(results, tmp))``: the results of a
    large register are over 100 MB of JSON.
    """
    dump_json_file(results, path)


# Values that repeat from file to file; a results file read holds each once (a million files).
_SHARED_CASE_KEYS = ("unit", "party_type", "procedure", "decided_on", "checklist", "grade")
_SHARED_FINDING_KEYS = ("item_id", "check", "outcome", "basis", "source", "reviewer")


def load_results(
    path: str | Path, *, findings: Callable[[dict[str, Any]], bool] | None = None
) -> dict[str, Any]:
    """Read a results file written by evaltool, checking its schema version; a version 1
    file is upgraded to the current shape (``upgrade``).

    The file is read a case at a time. ``findings``, for a command that reads only some
    findings (e.g. the failures): each case keeps only the findings for which it holds, the
    others are dropped as the case is read. Such a document is for reading, never for writing
    back as results.
    """
    shared: dict[str, str] = {}
    filtered = False

    def take(document: dict[str, Any], key: str, item: Any) -> bool:
        nonlocal filtered
        if key == "cases" and isinstance(item, dict):
            if findings is not None and document.get("schema_version") == SCHEMA_VERSION:
                item["findings"] = _kept(item.get("findings"), findings)
                filtered = True
            _share(item, _SHARED_CASE_KEYS, shared)
            _share(item.get("source"), ("file", "sheet"), shared)
            for finding in item.get("findings") or ():
                _share(finding, _SHARED_FINDING_KEYS, shared)
        return True

    data = read_json(path, "评查结果文件", take)
    if not isinstance(data, dict) or data.get("schema_version") not in READABLE_VERSIONS:
        versions = "、".join(map(str, READABLE_VERSIONS))
        raise EvaltoolError(
            f"{path}：不是本版本 evaltool 的评查结果文件（schema_version 应为 {versions}）"
        )
    data = upgrade(data)
    if findings is not None and not filtered:  # version 1: upgraded from all its findings
        for case in data["cases"]:
            case["findings"] = _kept(case["findings"], findings)
    return data


def _kept(findings: Any, keep: Callable[[dict[str, Any]], bool]) -> Any:
    return [f for f in findings if keep(f)] if isinstance(findings, list) else findings


def _share(entry: Any, keys: tuple[str, ...], shared: dict[str, str]) -> None:
    """Replace the text of ``keys`` in ``entry`` by the one equal text already held."""
    if isinstance(entry, dict):
        for key in keys:
            value = entry.get(key)
            if isinstance(value, str):
                entry[key] = shared.setdefault(value, value)


def upgrade(results: dict[str, Any]) -> dict[str, Any]:
    """A version 1 document in the version 2 shape: ``scope`` and each case's assessment.

    Version 1 files did not record what was assessed: a ``score`` file (with ``review``) only
    held files whose every item a reviewer settled; a ``check`` file is taken to have assessed
    the automatic items that left no 待核对 finding, and none of the manual ones.
    """
    if results.get("schema_version") != 1:
        return results
    reviewed = "review" in results
    items = results["checklist"]["items"]
    for case in results["cases"]:
        if reviewed:
            case.setdefault("decided_by_rule", None)
        for finding in case["findings"]:
            for key in ("reason", "automatic", "rule"):
                finding.setdefault(key, None)
        if reviewed:
            total = sum(item["points"] or 0 for item in items)
            case.update(points_assessed=total, points_not_assessed=0, items_not_assessed=0)
            case.update(needs_review=0, final=True)
            continue
        pending = {f["item_id"] for f in case["findings"] if f["outcome"] == "needs_review"}
        open_items = [i for i in items if i["id"] in pending or not i["check"]]
        not_assessed = sum(1 for i in items if not i["check"])
        case.update(
            points_assessed=sum(i["points"] or 0 for i in items if i not in open_items),
            points_not_assessed=sum(i["points"] or 0 for i in open_items),
            items_not_assessed=not_assessed,
            needs_review=len(pending),
            final=not open_items,
        )
    results["scope"] = REVIEW if reviewed else AUTOMATIC
    results["schema_version"] = SCHEMA_VERSION
    return results


def _not_final(manual: int, pending: int, rules: list[str]) -> str:
    """Manual items not assessed, items 待核对 and disagreement rules that decided, in words."""
    parts = []
    if manual:
        parts.append(f"人工评查项目 {manual} 项未评")
    if pending:
        parts.append(f"{pending} 项待核对")
    if rules:
        parts.append(f"评查人意见不一致处按{'、'.join(rules)}规则暂定")
    return "、".join(parts)


def qualifier(case: dict[str, Any]) -> str:
    """Why a file's score and grade are not final, in words; empty when they are."""
    rule = case.get("decided_by_rule")
    return _not_final(
        case.get("items_not_assessed", 0), case.get("needs_review", 0), [rule] if rule else []
    )


def score_name(case: dict[str, Any]) -> str:
    """What a file's score is: 得分, or e.g. 自动检查得分（人工评查项目 41 项未评）."""
    why = qualifier(case)
    if not why:
        return "得分"
    automatic = case.get("items_not_assessed") or case.get("needs_review")
    return f"{'自动检查得分' if automatic else '暂定得分'}（{why}）"


def grade_text(case: dict[str, Any]) -> str:
    """A file's 等次 as it may be shown: bare only when final, else e.g. 优秀（暂定：…）."""
    why = qualifier(case)
    return f"{case['grade']}（暂定：{why}）" if why else case["grade"]


def results_qualifier(results: dict[str, Any]) -> str:
    """Why the figures of a results document are not final, in words; empty when they are."""
    cases = results["cases"]
    return _not_final(
        max((c.get("items_not_assessed", 0) for c in cases), default=0),
        sum(c.get("needs_review", 0) for c in cases),
        sorted({c["decided_by_rule"] for c in cases if c.get("decided_by_rule")}),
    )


def mean_name(results: dict[str, Any]) -> str:
    """What a mean of the results is: 平均分, or e.g. 自动检查平均分（人工评查项目 41 项未评）."""
    why = results_qualifier(results)
    if not why:
        return "平均分"
    automatic = results.get("scope") == AUTOMATIC or "待核对" in why or "未评" in why
    return f"{'自动检查平均分' if automatic else '暂定平均分'}（{why}）"


def grade_heading(results: dict[str, Any], grade: str) -> str:
    """A grade as a column heading or count label: bare only when every figure is final."""
    return f"{grade}（暂定）" if results_qualifier(results) else grade


def tool_info() -> dict[str, str]:
    return {"name": "evaltool", "version": evaltool.__version__}


def write_results(results: dict[str, Any], path: str | Path) -> Path:
    """Write the results file atomically, streamed (see ``dump_json``)."""
    return write_atomic(path, lambda tmp: dump_json(results, tmp))
