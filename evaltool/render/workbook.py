"""评查结果.xlsx from a results document: file scores, unit summary, problem statistics.

The workbook leaves the bureau: ID numbers and mobiles inside case numbers are masked.

Sheets: 案卷得分 (one row per file, each item's deduction; one sheet per standard used, e.g.
案卷得分（简易程序）), 单位汇总 (coverage, scores, grade
counts and rates, vetoes, problems per file, rank), 问题统计 (by category and by item), 单位评查
(the unit-level items of each unit, when the standard has them); with a
review, also 人工改判 (every automatic verdict a reviewer changed: both verdicts, who, why),
评查进度 (files not final) and 豁免 (waivers). Grades are coloured. Figures that are not final
(manual items not assessed, items 待核对, a disagreement decided by rule) say so.
"""

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from evaltool.model import OUTCOME_LABELS
from evaltool.render.mask import mask_ids
from evaltool.score.metrics import county_metrics, problem_stats, unit_metrics
from evaltool.score.results import (
    grade_heading,
    grade_order,
    grade_text,
    mean_name,
    qualifier,
    score_name,
    standard_of,
    standards_of,
)
from evaltool.xlsx import grade_fill, save_workbook, write_table

PERCENT = "0.0%"
OVERRULED = "人工改判"


def write_results_workbook(results: dict[str, Any], path: str | Path) -> Path:
    """Write 评查结果.xlsx for a results document (from ``check`` or ``score``)."""
    workbook = Workbook()
    for n, standard in enumerate(standards_of(results).values()):
        sheet = workbook.active if n == 0 else workbook.create_sheet()
        title = (
            "案卷得分" if n == 0 else f"案卷得分（{'、'.join(standard.get('procedures') or [])}）"
        )
        _case_sheet(sheet, results, standard, title)
    _unit_sheet(workbook.create_sheet("单位汇总"), results)
    _problem_sheet(workbook.create_sheet("问题统计"), results)
    if any(unit.get("unit_items") for unit in results["units"]):
        _unit_items_sheet(workbook.create_sheet("单位评查"), results)
    review = results.get("review")
    if review:
        _overrule_sheet(workbook.create_sheet(OVERRULED), results)
        _progress_sheet(workbook.create_sheet("评查进度"), review)
        if review["waivers"].get("used"):
            _waiver_sheet(workbook.create_sheet("豁免"), review["waivers"])
    return save_workbook(workbook, path)


def _case_sheet(sheet, results, standard: dict[str, Any], title: str) -> None:
    """The files one standard scored, with a column per item of that standard."""
    sheet.title = title[:31]
    grades = standard["grades"]
    items = standard.get("items", [])
    reviewed = "review" in results
    provisional = any(qualifier(case) for case in results["cases"])
    headers = ["执法单位", "案号", "程序类型", "得分", "等次", "否决项"]
    headers += ["评查人", "评查状态"] if reviewed else []
    headers += ["得分说明"] if provisional else []
    fixed = len(headers)
    headers += [f"{item['id']} {item['title']}" for item in items]
    rows = []
    for case in results["cases"]:
        if standard_of(results, case).get("id") != standard.get("id"):
            continue
        by_item = {f["item_id"]: f for f in case["findings"]}
        row = [
            case["unit"],
            mask_ids(case["case_no"]),
            case["procedure"],
            "不再打分" if case["score"] is None else case["score"],
            grade_text(case),
            "、".join(case["veto_items"]),
        ]
        if reviewed:
            row += ["、".join(case.get("reviewers", [])), case.get("review_status")]
        if provisional:
            row.append(score_name(case) if qualifier(case) else "")
        row += [_item_cell(by_item.get(item["id"])) for item in items]
        rows.append(row)
    write_table(sheet, headers, rows, max_width=40)
    _colour_grades(sheet, 5, [case["grade"] for case in results["cases"]], grades)
    for column in range(fixed + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 10
        sheet.cell(row=1, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"


def _item_cell(finding: dict | None):
    """An item's column on the file's row: its deduction, 否决, 豁免 or 待核, a bonus as 「+1」,
    不适用 for an item that does not apply; blank when fine."""
    if finding is not None and finding.get("bonus"):
        return f"+{finding['bonus']:g}"
    if finding is not None and finding["outcome"] == "not_applicable":
        return "不适用"
    if finding is None or finding["outcome"] == "pass":
        return None
    if finding.get("waived"):
        return "豁免"
    if finding["outcome"] == "needs_review":
        return "待核"
    if finding["veto"]:
        return "否决"
    return finding["deduction"]


def _unit_sheet(sheet, results) -> None:
    grades = grade_order(results)
    units = unit_metrics(results)
    ordered = sorted(units, key=lambda u: (u["rank"] is None, u["rank"] or 0))
    headers = ["排名", "执法单位", "在范围案卷数", "评查数", "评查面", mean_name(results)]
    headers += ["最低分", "最高分"]
    rates = {"评查面"}
    for grade in grades:
        shown = grade_heading(results, grade)
        headers += [f"{shown}（件）", f"{shown}率"]
        rates.add(f"{shown}率")
    headers += ["否决（件）", "问题数", "每卷问题数", "豁免数"]
    rows = [_unit_row(u, grades) for u in [*ordered, county_metrics(results, units)]]
    write_table(sheet, headers, rows)
    percent_columns = [n for n, header in enumerate(headers, 1) if header in rates]
    for number in range(2, len(rows) + 2):
        for column in percent_columns:
            sheet.cell(row=number, column=column).number_format = PERCENT


def _unit_row(unit: dict, grades: list[str]) -> list:
    note = unit["note"]
    row = [
        unit["rank"],
        unit["unit"],
        unit["in_scope"],
        unit["cases"],
        unit["coverage"],
        note or unit["mean_score"],
        unit["min_score"],
        unit["max_score"],
    ]
    for grade in grades:
        row += [unit["grades"][grade], unit["rates"][grade]]
    row += [unit["vetoed"], unit["problems"], unit["problems_per_file"], unit["waived"]]
    return row


def _unit_items_sheet(sheet, results) -> None:
    """The unit-level items of every unit: each item's deduction, reason and reviewers, then
    the unit's total (待评查 until every item is marked, never 0)."""
    headers = ["执法单位", "评查项目编号", "评查项目", "分值", "扣分", "得分", "扣分理由", "评查人"]
    rows = []
    for unit in results["units"]:
        entry = unit.get("unit_items")
        if not entry:
            continue
        for item in entry["items"]:
            rule = f"（评分不一致，按{item['rule']}规则）" if item.get("rule") else ""
            rows.append(
                [
                    unit["unit"],
                    item["item_id"],
                    item["title"],
                    item["points"],
                    entry["status"] if item["deduction"] is None else item["deduction"],
                    None,
                    mask_ids(item.get("reason") or "") + rule,
                    "、".join(item.get("reviewers", [])),
                ]
            )
        score = entry["score"]
        lost = None if score is None else round(entry["points"] - score, 2)
        shown = entry["status"] if score is None else score
        rows.append(
            [unit["unit"], "合计", "按单位评查的项目", entry["points"], lost, shown, "", ""]
        )
    write_table(sheet, headers, rows, max_width=50)


def _problem_sheet(sheet, results) -> None:
    by_item, by_category = problem_stats(results)
    last = write_table(
        sheet,
        ["问题类别", "问题数", "涉及案卷数", "涉及单位数", "涉及评查项目数"],
        [[c["category"], c["problems"], c["files"], c["units"], c["items"]] for c in by_category],
    )
    write_table(
        sheet,
        ["评查项目编号", "评查项目", "问题类别", "否决项", "问题数", "涉及案卷数", "涉及单位数"],
        [
            [
                i["item_id"],
                i["title"],
                i["category"],
                "是" if i["veto"] else "",
                i["problems"],
                i["files"],
                i["units"],
            ]
            for i in by_item
        ],
        start_row=last + 3,
        freeze=False,
    )


def _overrule_sheet(sheet, results) -> None:
    """Every finding whose automatic verdict a reviewer changed, with both verdicts."""
    titles = {item["id"]: item["title"] for item in results["checklist"]["items"]}
    rows = [
        [
            case["unit"],
            mask_ids(case["case_no"]),
            finding["item_id"],
            titles.get(finding["item_id"], ""),
            _verdict(finding["automatic"], finding["veto"]),
            _decision(finding),
            finding["reviewer"],
            mask_ids(finding.get("reason") or ""),
            f"按{finding['rule']}规则" if finding.get("rule") else "",
        ]
        for case in results["cases"]
        for finding in case["findings"]
        if finding.get("automatic")
    ]
    headers = ["执法单位", "案号", "评查项目编号", "评查项目", "自动检查结论", "评查人结论"]
    write_table(sheet, [*headers, "评查人", "理由", "分歧处理"], rows, max_width=50)


def _verdict(automatic: dict, veto: bool) -> str:
    """An automatic verdict in words: 符合, 不适用, 待人工核对, 不符合（扣20分）, 不符合（否决）."""
    label = OUTCOME_LABELS[automatic["outcome"]]
    if automatic["outcome"] != "fail":
        return label
    return f"{label}（否决）" if veto else f"{label}（扣{automatic['deduction']:g}分）"


def _decision(finding: dict) -> str:
    """A reviewer's verdict in words: 扣5分, 不扣分, 否决, 不否决."""
    failed = finding["outcome"] == "fail"
    if finding["veto"]:
        return "否决" if failed else "不否决"
    return f"扣{finding['deduction']:g}分" if failed else "不扣分"


def _progress_sheet(sheet, review) -> None:
    rows = [
        [
            p["unit"],
            mask_ids(p["case_no"]),
            p["status"],
            "、".join(p["reviewers"]),
            _pending_note(p),
        ]
        for p in review["pending"]
    ]
    rows += [
        [
            d["unit"],
            mask_ids(d["case_no"]),
            d["status"],
            "、".join(d["reviewers"]),
            _dispute_note(d),
        ]
        for d in review["disputes"]
    ]
    write_table(sheet, ["执法单位", "案号", "评查状态", "评查人", "说明"], rows)


def _dispute_note(dispute: dict) -> str:
    note = "；".join(dispute["reasons"])
    if dispute.get("rule"):
        note += f"；合议前按{dispute['rule']}规则暂定计分（见复核.xlsx）"
    return note


def _pending_note(pending: dict) -> str:
    if pending["missing"]:
        return f"未填写的评查项目：{'、'.join(pending['missing'])}"
    return "评分表中没有任何评分"


def _waiver_sheet(sheet, waivers) -> None:
    rows = [[*_waiver_cells(w), f"已适用 {w['findings']} 处"] for w in waivers["applied"]]
    rows = [row for row in rows if not row[-1].startswith("已适用 0 ")]
    rows += [[*_waiver_cells(w), "未匹配任何问题"] for w in waivers["unmatched"]]
    rows += [[*_waiver_cells(w), "已过期，未适用"] for w in waivers["expired"]]
    write_table(
        sheet, ["执法单位", "案号", "评查项目编号", "豁免理由", "批准人", "有效期至", "情况"], rows
    )


def _waiver_cells(waiver: dict) -> list:
    return [
        waiver["unit"],
        mask_ids(waiver["case_no"]) if waiver["case_no"] else "全部",
        waiver["item_id"],
        waiver["reason"],
        waiver["approved_by"],
        waiver["expires"],
    ]


def _colour_grades(sheet, column: int, shown: list[str], grades: list[str]) -> None:
    """Colour the grade cells of the rows, by the grade each row shows (qualified or not)."""
    for number, grade in enumerate(shown, start=2):
        fill = grade_fill(grade, grades)
        if fill:
            sheet.cell(row=number, column=column).fill = fill
