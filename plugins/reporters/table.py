"""``--format table``: a plain-text summary for the terminal, per unit, then each problem with its cell."""

from pathlib import Path

import evaltool
from evaltool.fields import label
from evaltool.model import OUTCOME_LABELS
from evaltool.score.results import grade_order, skipped_lines, standards_of
from evaltool.text import text_table


def standards_lines(results: dict) -> list[str]:
    """Which standard scored how many files of which procedure type."""
    standards = list(standards_of(results).values())
    if len(standards) == 1 and "cases" not in standards[0]:
        return [f"评查标准：{standards[0]['title']}（{standards[0]['version']}）"]
    return [
        f"评查标准：{c['title']}（{c['version']}）：{'、'.join(c.get('procedures') or ['全部'])}"
        f"案卷 {c['cases']} 件"
        for c in standards
    ]


def render(results: dict) -> str:
    lines = [*standards_lines(results), ""]
    grades = grade_order(results)
    rows = [["执法单位", "案卷数", "平均分", *grades, "否决", "问题", "待核对"]]
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
        lines += [
            "",
            f"{case['unit']} {case['case_no']}（{where}）得分 {case['score']:g}，"
            f"{case['grade']}{veto}",
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
        *(f"未评查：{line}" for line in skipped_lines(results["skipped"])),
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
