"""Metrics of domain.md §4 from a results document: coverage, grade rates, rank, problem counts.

A problem is a failed finding that is not waived; ``needs_review`` is never a problem. Means
are the unit means of the results (vetoed files as the veto effect leaves them: 0 under
``zero``). Rates always come with their counts and denominator (files graded).
"""

from collections.abc import Iterable
from typing import Any

from evaltool.score.results import grade_order, standard_of, standards_of

NO_CASES, NOT_REVIEWED = "无案卷", "未评查"


def is_problem(finding: dict[str, Any]) -> bool:
    return finding["outcome"] == "fail" and not finding.get("waived", False)


def is_failure(finding: dict[str, Any]) -> bool:
    """The findings metrics and comparisons (``evaltool diff``, 同比) read: failures, waived or
    not (``load_results(path, findings=is_failure)``)."""
    return finding["outcome"] == "fail"


def unit_metrics(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per unit: files in scope and graded, coverage, scores, grades, rates, problems, rank.

    Units with files in scope but none graded are included with ``note`` 未评查 (or 无案卷 when
    they have no file in scope) and no mean, never 0.
    """
    grades = grade_order(results)
    cases_by_unit: dict[str, list[dict]] = {}
    for case in results["cases"]:
        cases_by_unit.setdefault(case["unit"], []).append(case)
    coverage = {c["unit"]: c for c in results.get("review", {}).get("coverage", [])}
    names = list(dict.fromkeys([*coverage, *(u["unit"] for u in results["units"])]))
    summaries = {u["unit"]: u for u in results["units"]}
    rows = []
    for name in names:
        summary = summaries.get(name)
        in_scope = coverage[name]["in_scope"] if name in coverage else summary["cases"]
        rows.append(_metrics(name, cases_by_unit.get(name, []), summary, in_scope, grades))
    ranks = rank_units(rows, grades)
    for row in rows:
        row["rank"] = ranks.get(row["unit"])
    return rows


def county_metrics(results: dict[str, Any], units: list[dict[str, Any]]) -> dict[str, Any]:
    """The same metrics over every graded file of the results (the 合计 row)."""
    grades = grade_order(results)
    graded = sum(u["cases"] for u in units)
    in_mean = {u["unit"]: u["cases"] - u.get("unscored", 0) for u in units}
    summary = None
    if graded:
        counted = sum(in_mean.values())
        summary = {
            "cases": graded,
            "mean_score": round(
                sum(u["mean_score"] * in_mean[u["unit"]] for u in units if in_mean[u["unit"]])
                / counted,
                2,
            )
            if counted
            else None,
            "grades": {g: sum(u["grades"][g] for u in units) for g in grades},
            "vetoed": sum(u["vetoed"] for u in units),
        }
    row = _metrics("合计", results["cases"], summary, sum(u["in_scope"] for u in units), grades)
    row["rank"] = None
    return row


def _metrics(name, cases: list[dict], summary, in_scope: int, grades: list[str]) -> dict:
    graded = summary["cases"] if summary else 0
    problems = sum(is_problem(f) for c in cases for f in c["findings"])
    scores = [c["score"] for c in cases if c["score"] is not None]
    row = {
        "unit": name,
        "in_scope": in_scope,
        "cases": graded,
        "coverage": round(graded / in_scope, 4) if in_scope else None,
        "mean_score": summary["mean_score"] if summary else None,
        "min_score": min(scores) if scores else None,
        "max_score": max(scores) if scores else None,
        "grades": summary["grades"] if summary else dict.fromkeys(grades, 0),
        "rates": {g: round(summary["grades"][g] / graded, 4) if graded else None for g in grades},
        "vetoed": summary["vetoed"] if summary else 0,
        "unscored": sum(c["score"] is None for c in cases),
        "problems": problems,
        "waived": sum(f.get("waived", False) for c in cases for f in c["findings"]),
        "problems_per_file": round(problems / graded, 2) if graded else None,
        "note": "" if graded else (NOT_REVIEWED if in_scope else NO_CASES),
    }
    return row


def rank_units(rows: Iterable[dict[str, Any]], grades: list[str]) -> dict[str, int]:
    """Rank by mean score; ties broken by fewer failing files, more top-grade files, more files.

    Units equal on all four share a rank (1, 2, 2, 4); units with no graded file are unranked.
    """

    def key(row):
        return (
            -row["mean_score"],
            row["grades"][grades[-1]],
            -row["grades"][grades[0]],
            -row["cases"],
        )

    ranked = sorted((r for r in rows if r["cases"] and r["mean_score"] is not None), key=key)
    ranks: dict[str, int] = {}
    for position, row in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        same = previous is not None and key(previous) == key(row)
        ranks[row["unit"]] = ranks[previous["unit"]] if same else position
    return ranks


def problem_stats(results: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """Problems by checklist item (of each standard used) and by reporting category, with files
    and units affected."""
    standards = standards_of(results)
    items = {(c, item["id"]): item for c, s in standards.items() for item in s.get("items", [])}
    by_item: dict[tuple[str, str], dict[str, Any]] = {}
    for case in results["cases"]:
        standard = standard_of(results, case).get("id")
        for finding in filter(is_problem, case["findings"]):
            entry = by_item.setdefault(
                (standard, finding["item_id"]), {"problems": 0, "files": set(), "units": set()}
            )
            entry["problems"] += 1
            entry["files"].add((case["unit"], case["case_no"]))
            entry["units"].add(case["unit"])
    order = {key: n for n, key in enumerate(items)}
    several = len(standards) > 1
    item_rows = [
        {
            "item_id": key[1],
            "checklist": key[0],
            "title": _title(items.get(key, {}), standards[key[0]] if several else None),
            "category": items.get(key, {}).get("category") or "未分类",
            "veto": items.get(key, {}).get("veto", False),
            "problems": entry["problems"],
            "files": len(entry["files"]),
            "units": len(entry["units"]),
            "_files": entry["files"],
            "_units": entry["units"],
        }
        for key, entry in sorted(
            by_item.items(), key=lambda pair: (-pair[1]["problems"], order.get(pair[0], 0))
        )
    ]
    categories: dict[str, dict[str, Any]] = {}
    for row in item_rows:
        entry = categories.setdefault(
            row["category"], {"problems": 0, "files": set(), "units": set(), "items": 0}
        )
        entry["problems"] += row["problems"]
        entry["files"] |= row["_files"]
        entry["units"] |= row["_units"]
        entry["items"] += 1
    category_rows = [
        {
            "category": name,
            "problems": entry["problems"],
            "files": len(entry["files"]),
            "units": len(entry["units"]),
            "items": entry["items"],
        }
        for name, entry in sorted(categories.items(), key=lambda pair: -pair[1]["problems"])
    ]
    for row in item_rows:
        del row["_files"], row["_units"]
    return item_rows, category_rows


def _title(item: dict[str, Any], standard: dict[str, Any] | None) -> str:
    """An item's title; with several standards, which one it belongs to (e.g. 简易程序)."""
    title = item.get("title", "")
    if standard is None:
        return title
    procedures = "、".join(standard.get("procedures") or []) or standard["title"]
    return f"{title}（{procedures}）"
