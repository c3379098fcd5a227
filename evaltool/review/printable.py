"""Printable 评分表 per case file, for reviewers who work on paper.

Each file gets its own standard's printable sheet (its procedure's) (``render/checklist_sheet.py``, the standard's
layout) with its unit, 案号 and review date in the header, and what the automatic checks found
in the 扣分 and 备注 cells: a reviewer writes only what the checks could not decide or got wrong.
"""

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from evaltool.checklist.model import fmt_points
from evaltool.model import Outcome
from evaltool.output import safe_filename, write_atomic
from evaltool.render.checklist_sheet import Prefill, render_html
from evaltool.review.plan import CasePlan, Row

SUFFIX = "-评分表.html"


def prefill(row: Row) -> Prefill | None:
    """The automatic verdict of a row as the printed sheet shows it; None on a reviewer's row."""
    if row.needs_input:
        note = f"待核对：{row.finding.message}" if row.finding else ""
        return Prefill("", note) if note else None
    outcome = Outcome(row.finding.outcome)
    deduction = fmt_points(row.finding.deduction) if not row.item.veto else ""
    note = f"自动检查：{outcome.label}"
    if outcome is Outcome.FAIL:
        note += f"（{row.finding.message}）"
    return Prefill(deduction, note)


def write_printable_sheets(
    plans: Sequence[CasePlan],
    folder: str | Path,
    *,
    review_date: dt.date,
    env,
    reviewers: dict[tuple[str, str], str] | None = None,
) -> list[Path]:
    """One HTML 评分表 per file, named 单位-案号-评分表.html; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    reviewers = reviewers or {}
    written, taken = [], set()
    for plan in plans:
        header = {
            "被评查单位": plan.unit,
            "案号": plan.key,
            "评查人": reviewers.get(plan.ident, ""),
            "日期": f"{review_date.year}年{review_date.month}月{review_date.day}日",
        }
        filled = {row.item.id: given for row in plan.rows if (given := prefill(row))}
        html = render_html(plan.checklist, header, env, prefill=filled)
        name = safe_filename(f"{plan.unit}-{plan.key}")
        while name in taken:
            name += "_"
        taken.add(name)
        written.append(write_atomic(folder / f"{name}{SUFFIX}", html))
    return written
