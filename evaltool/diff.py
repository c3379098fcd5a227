"""Comparing two results documents: year over year, or before and after rectification.

Per unit: mean score and problems per file, better or worse. Per checklist item: problems per
file graded. New problems: a (unit, item) with problems now and none before; fixed problems:
the reverse. Problems are failed findings that are not waived (``report.metrics.is_problem``).
"""

from typing import Any

from evaltool.score.metrics import is_problem, unit_metrics
from evaltool.score.results import standard_of, standards_of
from evaltool.text import natural_key, text_table

BETTER, WORSE, SAME, ADDED, REMOVED, UNGRADED = (
    "better",
    "worse",
    "same",
    "added",
    "removed",
    "ungraded",
)
TREND_LABELS = {
    BETTER: "好转",
    WORSE: "退步",
    SAME: "持平",
    ADDED: "新增单位",
    REMOVED: "本次没有",
    UNGRADED: "无法比较",
}
EPSILON = 0.005


def diff_results(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The differences between two results documents, as a JSON-ready dict."""
    old_units = {u["unit"]: u for u in unit_metrics(old)}
    new_units = {u["unit"]: u for u in unit_metrics(new)}
    units = [
        _unit_change(name, old_units.get(name), new_units.get(name))
        for name in dict.fromkeys([*old_units, *new_units])
    ]
    old_problems, new_problems = _problems(old), _problems(new)
    titles = _titles(old)
    titles.update(_titles(new))
    old_files, new_files = len(old["cases"]), len(new["cases"])
    items = [
        _item_change(item_id, titles[item_id], old_problems, new_problems, old_files, new_files)
        for item_id in titles
    ]
    pairs_old = {key[:2] for key in old_problems}
    pairs_new = {key[:2] for key in new_problems}
    return {
        "old": _identity(old),
        "new": _identity(new),
        "same_checklist": _checklist_id(old) == _checklist_id(new),
        "units": units,
        "items": [i for i in items if i["old"]["problems"] or i["new"]["problems"]],
        "new_problems": [
            _pair(pair, titles, new_problems) for pair in sorted(pairs_new - pairs_old)
        ],
        "fixed_problems": [
            _pair(pair, titles, old_problems) for pair in sorted(pairs_old - pairs_new)
        ],
        "summary": {
            trend: sum(u["trend"] == trend for u in units) for trend in (BETTER, WORSE, SAME)
        },
    }


def _identity(results: dict[str, Any]) -> dict[str, Any]:
    return {
        "generated_at": results.get("generated_at"),
        "review_date": results.get("review_date"),
        "checklist": _checklist_id(results),
        "cases": len(results["cases"]),
    }


def _checklist_id(results: dict[str, Any]) -> str:
    return "、".join(f"{c['id']} {c['version']}" for c in standards_of(results).values())


def _item_key(results: dict[str, Any], standard: dict[str, Any], item_id: str) -> str:
    """An item's id, qualified by its procedure types when it is not the main standard's."""
    if standard.get("id") == results["checklist"].get("id"):
        return item_id
    return f"{item_id}（{'、'.join(standard.get('procedures') or [standard['id']])}）"


def _titles(results: dict[str, Any]) -> dict[str, str]:
    return {
        _item_key(results, standard, item["id"]): item["title"]
        for standard in standards_of(results).values()
        for item in standard.get("items", [])
    }


def _side(unit: dict | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    keys = ("cases", "mean_score", "problems", "problems_per_file", "vetoed", "grades")
    return {key: unit[key] for key in keys}


def _unit_change(name: str, old: dict | None, new: dict | None) -> dict[str, Any]:
    change = None
    if old is None:
        trend = ADDED
    elif new is None:
        trend = REMOVED
    elif not old["cases"] or not new["cases"]:
        trend = UNGRADED
    else:
        change = round(new["mean_score"] - old["mean_score"], 2)
        rate_change = new["problems_per_file"] - old["problems_per_file"]
        if abs(change) >= EPSILON:
            trend = BETTER if change > 0 else WORSE
        elif abs(rate_change) >= EPSILON:
            trend = BETTER if rate_change < 0 else WORSE
        else:
            trend = SAME
    return {"unit": name, "old": _side(old), "new": _side(new), "change": change, "trend": trend}


def _problems(results: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    """Problems per (unit, item, 案号)."""
    counts: dict[tuple[str, str, str], int] = {}
    for case in results["cases"]:
        standard = standard_of(results, case)
        for finding in filter(is_problem, case["findings"]):
            key = (case["unit"], _item_key(results, standard, finding["item_id"]), case["case_no"])
            counts[key] = counts.get(key, 0) + 1
    return counts


def _item_change(item_id, title, old_problems, new_problems, old_files, new_files):
    def side(problems, files):
        count = sum(n for (_, item, _), n in problems.items() if item == item_id)
        units = len({unit for (unit, item, _) in problems if item == item_id})
        return {
            "problems": count,
            "units": units,
            "per_file": round(count / files, 4) if files else None,
        }

    old, new = side(old_problems, old_files), side(new_problems, new_files)
    if old["per_file"] is None or new["per_file"] is None:
        trend = UNGRADED
    elif new["per_file"] < old["per_file"]:
        trend = BETTER
    elif new["per_file"] > old["per_file"]:
        trend = WORSE
    else:
        trend = SAME
    return {"item_id": item_id, "title": title, "old": old, "new": new, "trend": trend}


def _pair(pair: tuple[str, str], titles: dict[str, str], problems) -> dict[str, Any]:
    unit, item_id = pair
    cases = sorted({case for (u, i, case) in problems if (u, i) == pair}, key=natural_key)
    return {
        "unit": unit,
        "item_id": item_id,
        "title": titles.get(item_id, ""),
        "problems": sum(n for (u, i, _), n in problems.items() if (u, i) == pair),
        "cases": cases,
    }


def has_regressions(diff: dict[str, Any]) -> bool:
    """Whether a unit got worse or a new problem appeared (``evaltool diff`` exits 1)."""
    return bool(diff["summary"][WORSE] or diff["new_problems"])


def render_diff(diff: dict[str, Any]) -> str:
    """The differences as text tables for the terminal."""
    lines = [
        f"原结果：{diff['old']['checklist']}，评查日期 {diff['old']['review_date']}，"
        f"{diff['old']['cases']} 件",
        f"新结果：{diff['new']['checklist']}，评查日期 {diff['new']['review_date']}，"
        f"{diff['new']['cases']} 件",
    ]
    if not diff["same_checklist"]:
        lines.append("注意：两次使用的评查标准不同，评查项目的比较仅供参考")
    rows = [["执法单位", "原平均分", "新平均分", "变化", "原每卷问题", "新每卷问题", "趋势"]]
    for unit in diff["units"]:
        old, new = unit["old"] or {}, unit["new"] or {}
        rows.append(
            [
                unit["unit"],
                _num(old.get("mean_score")),
                _num(new.get("mean_score")),
                "" if unit["change"] is None else f"{unit['change']:+g}",
                _num(old.get("problems_per_file")),
                _num(new.get("problems_per_file")),
                TREND_LABELS[unit["trend"]],
            ]
        )
    lines += ["", "【单位】", *text_table(rows)]
    rows = [["评查项目", "原问题数", "新问题数", "原每卷", "新每卷", "趋势"]]
    for item in diff["items"]:
        rows.append(
            [
                f"{item['item_id']} {item['title']}",
                str(item["old"]["problems"]),
                str(item["new"]["problems"]),
                _num(item["old"]["per_file"]),
                _num(item["new"]["per_file"]),
                TREND_LABELS[item["trend"]],
            ]
        )
    lines += ["", "【评查项目】", *(text_table(rows) if len(rows) > 1 else ["两次均无问题。"])]
    for title, entries in (
        ("新出现的问题", diff["new_problems"]),
        ("已消除的问题", diff["fixed_problems"]),
    ):
        lines += ["", f"【{title}】"]
        lines += [
            f"{e['unit']} {e['item_id']} {e['title']}：{e['problems']} 处（{'、'.join(e['cases'])}）"
            for e in entries
        ] or ["无。"]
    summary = diff["summary"]
    lines += [
        "",
        f"好转 {summary[BETTER]} 个单位，退步 {summary[WORSE]} 个，持平 {summary[SAME]} 个；"
        f"新出现问题 {len(diff['new_problems'])} 类，已消除 {len(diff['fixed_problems'])} 类。",
    ]
    return "\n".join(lines) + "\n"


def _num(value) -> str:
    return "—" if value is None else f"{value:g}"


# --- year over year, as a bureau's 通报 states it ---------------------------------------------

YOY_TOP_PROBLEMS = 5
YOY_MOVERS = 3


def year_over_year(previous: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The year-over-year change of files reviewed, mean score, grade shares, veto files and the
    most frequent problems, and the units that improved or fell most (by mean score), with the
    sentences a 通报 states them in."""
    diff = diff_results(previous, current)
    old, new = _totals(previous), _totals(current)
    grades = list(dict.fromkeys([*current["checklist"].get("grades", []), *old["grades"]]))
    shares = [
        {
            "grade": grade,
            "old": _share(old["grades"].get(grade, 0), old["files"]),
            "new": _share(new["grades"].get(grade, 0), new["files"]),
        }
        for grade in grades
    ]
    top = sorted(diff["items"], key=lambda i: (-i["new"]["problems"], i["item_id"]))
    problems = [
        {
            "item_id": i["item_id"],
            "title": i["title"],
            "old": i["old"]["problems"],
            "new": i["new"]["problems"],
        }
        for i in top[:YOY_TOP_PROBLEMS]
        if i["new"]["problems"]
    ]
    compared = [u for u in diff["units"] if u["change"] is not None]
    improved = sorted((u for u in compared if u["change"] > 0), key=lambda u: -u["change"])
    fell = sorted((u for u in compared if u["change"] < 0), key=lambda u: u["change"])
    yoy = {
        "previous": diff["old"],
        "same_checklist": diff["same_checklist"],
        "files": {"old": old["files"], "new": new["files"], "change": _growth(old, new)},
        "mean_score": {
            "old": old["mean"],
            "new": new["mean"],
            "change": None
            if old["mean"] is None or new["mean"] is None
            else round(new["mean"] - old["mean"], 2),
        },
        "grades": shares,
        "vetoed": {"old": old["vetoed"], "new": new["vetoed"]},
        "problems": problems,
        "improved": [_mover(u) for u in improved[:YOY_MOVERS]],
        "fell": [_mover(u) for u in fell[:YOY_MOVERS]],
    }
    yoy["sentences"] = _yoy_sentences(yoy)
    return yoy


def _totals(results: dict[str, Any]) -> dict[str, Any]:
    cases = results["cases"]
    grades: dict[str, int] = {}
    for case in cases:
        if case.get("grade"):
            grades[case["grade"]] = grades.get(case["grade"], 0) + 1
    return {
        "files": len(cases),
        "mean": round(sum(c["score"] for c in cases) / len(cases), 2) if cases else None,
        "grades": grades,
        "vetoed": sum(bool(c["vetoed"]) for c in cases),
    }


def _share(count: int, files: int) -> float | None:
    return round(100 * count / files, 1) if files else None


def _growth(old: dict[str, Any], new: dict[str, Any]) -> float | None:
    if not old["files"]:
        return None
    return round(100 * (new["files"] - old["files"]) / old["files"], 1)


def _mover(unit: dict[str, Any]) -> dict[str, Any]:
    return {
        "unit": unit["unit"],
        "old": unit["old"]["mean_score"],
        "new": unit["new"]["mean_score"],
        "change": unit["change"],
        "files": unit["new"]["cases"],
    }


def _yoy_sentences(yoy: dict[str, Any]) -> list[str]:
    files, mean = yoy["files"], yoy["mean_score"]
    sentences = []
    if files["change"] is not None:
        direction = "上升" if files["change"] > 0 else "下降" if files["change"] < 0 else "持平"
        amount = f"{abs(files['change']):g}%" if files["change"] else ""
        sentences.append(
            f"评查案件数量同比{direction}{amount}（{files['old']}件→{files['new']}件）"
        )
    if mean["change"] is not None:
        sentences.append(
            f"案卷平均分{_moved(mean['change'], '分')}（{mean['old']:g}分→{mean['new']:g}分）"
        )
    grades = [
        f"{g['grade']}率{_moved(round(g['new'] - g['old'], 1), '个百分点')}"
        f"（{g['old']:g}%→{g['new']:g}%）"
        for g in yoy["grades"]
        if g["old"] is not None and g["new"] is not None
    ]
    if grades:
        sentences.append("；".join(grades))
    vetoed = yoy["vetoed"]
    sentences.append(f"存在否决项的案卷由{vetoed['old']}件变为{vetoed['new']}件")
    if yoy["problems"]:
        listed = "、".join(
            f"{p['title']}（{p['new']}个，上年{p['old']}个）" for p in yoy["problems"]
        )
        sentences.append(f"出现最多的问题依次为{listed}")
    for key, word in (("improved", "提升"), ("fell", "下降")):
        if yoy[key]:
            listed = "、".join(
                f"{m['unit']}（{m['files']}件，{m['old']:g}分→{m['new']:g}分）" for m in yoy[key]
            )
            sentences.append(f"平均分{word}最多的单位为{listed}")
    if not yoy["same_checklist"]:
        sentences.append("两年使用的评查标准不同，部分变化来自评查标准本身")
    return sentences


def _moved(change: float, unit: str) -> str:
    if not change:
        return "持平"
    return f"{'上升' if change > 0 else '下降'}{abs(change):g}{unit}"
