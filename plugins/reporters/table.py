"""``--format table``: a plain-text summary for the terminal, per unit, then each problem with its cell.

Figures that are not final (manual items not assessed, items 待核对, a disagreement decided by
rule) are named for what they are, e.g. 自动检查平均分 and 优秀（暂定：…）.
"""

from pathlib import Path

import evaltool
from evaltool.fields import label
from evaltool.model import OUTCOME_LABELS
from evaltool.score.results import (
    AUTOMATIC,
    grade_heading,
    grade_text,
    qualifier,
    results_qualifier,
)
from evaltool.text import text_table


def render(results: dict) -> str:
    lines = [f"评查标准：{results['checklist']['title']}（{results['checklist']['version']}）", ""]
    why = results_qualifier(results)
    kind = "" if not why else "自动检查" if results.get("scope") == AUTOMATIC else "暂定"
    if why:
        lines += [f"注意：以下是{kind}得分和暂定等次（{why}），不是最终评查结论。", ""]
    grades = results["checklist"]["grades"]
    headings = [grade_heading(results, grade) for grade in grades]
    rows = [["执法单位", "案卷数", f"{kind}平均分", *headings, "否决", "问题", "待核对"]]
    for unit in results["units"]:
        rows.append(
            [
                unit["unit"],
                str(unit["cases"]),
                f"{unit['mean_score']:.2f}",
                *(str(unit["grades"][g]) for g in grades),
                str(unit["vetoed"]),
                str(unit["problems"]),
                str(unit["needs_review"]),
            ]
        )
    lines += text_table(rows) if results["units"] else ["没有可评查的案卷。"]
    for case in results["cases"]:
        shown = [f for f in case["findings"] if f["outcome"] in ("fail", "needs_review")]
        if not shown:
            continue
        where = f"{Path(case['source']['file']).name}「{case['source']['sheet']}」第{case['source']['row']}行"
        veto = "，否决" if case["vetoed"] else ""
        score = f"{kind}得分" if qualifier(case) else "得分"
        lines += [
            "",
            f"{case['unit']} {case['case_no']}（{where}）{score} {case['score']:g}，"
            f"{grade_text(case)}{veto}",
        ]
        for f in shown:
            cells = f"［{'、'.join(f['cells'])}］" if f["cells"] else ""
            deduction = f" 扣{f['deduction']:g}分" if f["deduction"] else ""
            veto_mark = "【否决项】" if f["veto"] and f["outcome"] == "fail" else ""
            lines.append(
                f"  {veto_mark}{f['item_id']} {OUTCOME_LABELS[f['outcome']]}{deduction}："
                f"{f['message']}{cells}"
            )
    notes = [
        *(f"无法读取：{e}" for e in results["file_errors"]),
        *(f"注意：{n}" for n in results.get("read_notes", ())),
        *(
            f"{'部分评估' if n.get('partial') else '未评估'}：{Path(n['file']).name}「{n['sheet']}」"
            f"{n['message']}"
            for n in results["not_assessed"]
        ),
        *(
            f"数据问题：{Path(i['file']).name}「{i['sheet']}」{i['cell']} {label(i['field'])}："
            f"{i['message']}（原值：{i['raw']}）"
            for i in results["data_issues"]
        ),
        *(f"未评查：{s['unit']} {s['case_no']}，{s['reason']}" for s in results["skipped"]),
    ]
    years = results["calendar"]["fallback_years"]
    if years:
        notes.append(
            f"注意：{'、'.join(map(str, years))}年没有法定节假日数据，按周一至周五计算工作日，"
            "请更新 chinesecalendar 后复核"
        )
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


@evaltool.hookimpl
def evaltool_register_reporters(register):
    register("table", render, suffix=".txt")
