"""The index over several reviews (years, or before and after rectification), built on ``evaltool diff``.

Each review's index is computed with the same index configuration. Consecutive reviews are
compared with ``diff_results`` (mean score and problems per file, new and fixed problems), and
so are the first and the last: the biggest movers are the units whose index changed most
between them, each with the parts that moved it.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from evaltool.diff import TREND_LABELS, diff_results
from evaltool.index.config import IndexConfig

TREND_FORMAT = "evaltool-trend/1"
MOVERS = 5
DRIVERS = 2


@dataclass(frozen=True)
class Period:
    """One review in a trend: its label (e.g. 2023), results document and index document."""

    label: str
    results: dict[str, Any]
    index: dict[str, Any]


AUTOMATIC_MARK = "（仅自动检查）"


def is_reviewed(results: dict[str, Any]) -> bool:
    """Whether reviewers' marks were merged (``evaltool score``), not automatic checks only."""
    return "review" in results


def mixed_note(periods: list[Period]) -> str:
    """The warning for a trend that mixes reviewed and automatic-only results."""
    automatic = "、".join(p.label for p in periods if not is_reviewed(p.results))
    return (
        f"{automatic}的结果只有自动检查、没有评查人评分，其他各次经人工评查：两者的平均分和指数"
        "口径不同（自动检查不评人工项目），其间的变化不能看作执法质量的变化"
    )


def change(values: list[float | None]) -> float | None:
    """Last minus first, when both are known."""
    if not values or values[0] is None or values[-1] is None:
        return None
    return round(values[-1] - values[0], 2)


def default_labels(results: list[dict[str, Any]]) -> list[str]:
    """The review years when they differ, else the review dates, else 第1次, 第2次 …"""
    dates = [r.get("review_date") or "" for r in results]
    years = [d[:4] for d in dates]
    for labels in (years, dates):
        if all(labels) and len(set(labels)) == len(labels):
            return labels
    return [f"第{n}次" for n in range(1, len(results) + 1)]


def compute_trend(periods: list[Period], config: IndexConfig) -> dict[str, Any]:
    """The trend document (docs/index.md#trends) of two or more periods, oldest first.

    When reviewed results (reviewers' marks merged) and automatic-only ones are mixed, the
    automatic-only periods are marked in their label and a note says the figures differ in kind.
    """
    mixed = len({is_reviewed(p.results) for p in periods}) > 1
    periods = [
        replace(p, label=f"{p.label}{AUTOMATIC_MARK}")
        if mixed and not is_reviewed(p.results)
        else p
        for p in periods
    ]
    labels = [p.label for p in periods]
    steps = [diff_results(a.results, b.results) for a, b in pairwise(periods)]
    overall = diff_results(periods[0].results, periods[-1].results)
    units = _units(periods, steps)
    indicators = [{"id": i.id, "title": i.title} for i in config.indicators]
    groups = list(dict.fromkeys(g["group"] for p in periods for g in p.index["groups"]))
    notes = [mixed_note(periods)] if mixed else []
    if any(not step["same_checklist"] for step in steps):
        notes.append("各次评查使用的评查标准不同，指数的变化部分来自评查标准的变化，比较时请注意")
    return {
        "format": TREND_FORMAT,
        "title": config.title,
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "config": {"id": config.id, "version": config.version, "shipped": config.shipped},
        "labels": labels,
        "periods": [
            {
                "label": p.label,
                "review_date": p.results.get("review_date"),
                "reviewed": is_reviewed(p.results),
                "checklist": p.index["results"]["checklist"],
                "cases": len(p.results["cases"]),
                "index": p.index["county"]["index"],
                "notes": p.index["notes"],
            }
            for p in periods
        ],
        "indicators": indicators,
        "county": {
            "index": [p.index["county"]["index"] for p in periods],
            "parts": {
                i["id"]: [p.index["county"]["parts"].get(i["id"]) for p in periods]
                for i in indicators
            },
        },
        "groups": [
            {
                "group": name,
                "index": [
                    next((g["index"] for g in p.index["groups"] if g["group"] == name), None)
                    for p in periods
                ],
            }
            for name in groups
        ],
        "units": units,
        "steps": [
            _step(a.label, b.label, diff)
            for a, b, diff in zip(periods, periods[1:], steps, strict=False)
        ],
        "movers": _movers(units, overall, indicators),
        "mixed_review": mixed,
        "notes": notes,
    }


def _units(periods: list[Period], steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    count = len(periods)
    for position, period in enumerate(periods):
        for unit in period.index["units"]:
            entry = entries.setdefault(
                unit["unit"],
                {
                    "unit": unit["unit"],
                    "full_name": unit["full_name"],
                    "group": unit["group"],
                    "index": [None] * count,
                    "rank": [None] * count,
                    "note": [""] * count,
                    "parts": {},
                    "points": {},
                    "mean_score": [None] * count,
                    "problems_per_file": [None] * count,
                },
            )
            entry["index"][position] = unit["index"]
            entry["rank"][position] = unit["rank"]
            entry["note"][position] = unit["note"]
            for part in unit["parts"]:
                entry["parts"].setdefault(part["id"], [None] * count)[position] = part["normalised"]
                entry["points"].setdefault(part["id"], [None] * count)[position] = part["points"]
    for position, step in enumerate(steps):
        for compared in step["units"]:
            entry = entries.get(compared["unit"])
            if entry is None:
                continue
            for side, at in (("old", position), ("new", position + 1)):
                if compared[side]:
                    entry["mean_score"][at] = compared[side]["mean_score"]
                    entry["problems_per_file"][at] = compared[side]["problems_per_file"]
    for entry in entries.values():
        entry["change"] = change(entry["index"])
    return list(entries.values())


def _step(old: str, new: str, diff: dict[str, Any]) -> dict[str, Any]:
    return {
        "from": old,
        "to": new,
        "same_checklist": diff["same_checklist"],
        "summary": diff["summary"],
        "new_problems": len(diff["new_problems"]),
        "fixed_problems": len(diff["fixed_problems"]),
        "units": {
            u["unit"]: {"trend": TREND_LABELS[u["trend"]], "score_change": u["change"]}
            for u in diff["units"]
        },
    }


def _movers(units, overall, indicators) -> dict[str, list[dict[str, Any]]]:
    """The units whose index rose and fell most from the first period to the last."""
    titles = {i["id"]: i["title"] for i in indicators}
    diffs = {u["unit"]: u for u in overall["units"]}
    new_problems = Counter(p["unit"] for p in overall["new_problems"])
    fixed_problems = Counter(p["unit"] for p in overall["fixed_problems"])
    moved = []
    for unit in units:
        if not unit["change"]:
            continue
        # a part without data adds nothing to the index of its period
        drivers = [
            (key, round((points[-1] or 0) - (points[0] or 0), 2))
            for key, points in unit["points"].items()
        ]
        drivers.sort(key=lambda pair: -abs(pair[1]))
        diff = diffs.get(unit["unit"], {})
        moved.append(
            {
                "unit": unit["unit"],
                "full_name": unit["full_name"],
                "first": unit["index"][0],
                "last": unit["index"][-1],
                "change": unit["change"],
                "drivers": [
                    {"id": key, "title": titles.get(key, key), "points": points}
                    for key, points in drivers[:DRIVERS]
                    if points
                ],
                "score_change": diff.get("change"),
                "score_trend": TREND_LABELS[diff["trend"]] if diff else "",
                "new_problems": new_problems[unit["unit"]],
                "fixed_problems": fixed_problems[unit["unit"]],
            }
        )
    up = sorted((m for m in moved if m["change"] > 0), key=lambda m: -m["change"])
    down = sorted((m for m in moved if m["change"] < 0), key=lambda m: m["change"])
    return {"up": up[:MOVERS], "down": down[:MOVERS]}
