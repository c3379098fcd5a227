"""``--format table``: a terminal summary bounded at any scale — the table per unit, the most frequent
problems, each problem with its cell while they are few, and where the full list is.
``--format details`` lists every problem of every file. Figures that are not final (manual items
not assessed, items 待核对, a disagreement decided by rule) are named for what they are, e.g.
自动检查平均分 and 优秀（暂定：…）."""

from collections import Counter
from functools import partial
from pathlib import Path

import evaltool
from evaltool.fields import label
from evaltool.model import OUTCOME_LABELS
from evaltool.score.results import (
    AUTOMATIC,
    grade_heading,
    grade_order,
    grade_text,
    qualifier,
    results_qualifier,
    skipped_lines,
    standard_of,
    standards_lines,
    standards_of,
)
from evaltool.text import text_table

FINDINGS_SHOWN = 60  # problems listed file by file; beyond that, the most frequent ones
NOTES_SHOWN = 20  # lines of each kind of note (data issues, files left out, …)
TOP_PROBLEMS = 10
FULL_LIST = "完整清单：evaltool check … --format details，或 --format json -o results.json"


def render(results: dict, limit: int | None = FINDINGS_SHOWN) -> str:
    """The summary; with ``limit=None`` every problem of every file."""
    lines = [*standards_lines(results), ""]
    why = results_qualifier(results)
    kind = "" if not why else "自动检查" if results.get("scope") == AUTOMATIC else "暂定"
    if why:
        lines += [f"注意：以下是{kind}得分和暂定等次（{why}），不是最终评查结论。", ""]
    grades = grade_order(results)
    headings = [grade_heading(results, grade) for grade in grades]
    rows = [["执法单位", "案卷数", f"{kind}平均分", *headings, "否决", "问题", "待核对"]]
    for unit in results["units"]:
        rows.append(
            [
                unit["unit"],
                str(unit["cases"]),
                "—" if unit["mean_score"] is None else f"{unit['mean_score']:.2f}",
                *(str(unit["grades"][g]) for g in grades),
                str(unit["vetoed"]),
                str(unit["problems"]),
                str(unit["needs_review"]),
            ]
        )
    lines += text_table(rows) if results["units"] else ["没有可评查的案卷。"]
    listed = [
        (
            case,
            [
                f
                for f in case["findings"]
                if f["outcome"] in ("fail", "needs_review") or f.get("bonus")
            ],
        )
        for case in results["cases"]
    ]
    listed = [(case, shown) for case, shown in listed if shown]
    if limit is not None and sum(len(shown) for _, shown in listed) > limit:
        lines += _top_problems(listed, results)
        listed = []
    for case, shown in listed:
        where = f"{Path(case['source']['file']).name}「{case['source']['sheet']}」第{case['source']['row']}行"
        veto = "，否决" if case["vetoed"] else ""
        score_name = f"{kind}得分" if qualifier(case) else "得分"
        score = "不再打分" if case["score"] is None else f"{score_name} {case['score']:g}"
        bonus = f"（含加分 {case['bonus']:g} 分）" if case.get("bonus") else ""
        lines += [
            "",
            f"{case['unit']} {case['case_no']}（{where}）{score}{bonus}，{grade_text(case)}{veto}",
        ]
        for f in shown:
            cells = f"［{'、'.join(f['cells'])}］" if f["cells"] else ""
            deduction = f" 扣{f['deduction']:g}分" if f["deduction"] else ""
            deduction += f" 加{f['bonus']:g}分" if f.get("bonus") else ""
            veto_mark = "【否决项】" if f["veto"] and f["outcome"] == "fail" else ""
            lines.append(
                f"  {veto_mark}{f['item_id']} {OUTCOME_LABELS[f['outcome']]}{deduction}："
                f"{f['message']}{cells}"
            )
    gaps = [n for n in results["not_assessed"] if n["missing"] != ["documents"]]
    notes = [
        *(f"无法读取：{e}" for e in results["file_errors"]),
        *(f"注意：{n}" for n in results.get("read_notes", ())),
        *_documents_notes(results),
        *(
            f"{'部分评估' if n.get('partial') else '未评估'}：{Path(n['file']).name}「{n['sheet']}」"
            f"{n['message']}"
            for n in gaps
        ),
        *(
            f"数据问题：{Path(i['file']).name}「{i['sheet']}」{i['cell']} {label(i['field'])}："
            f"{i['message']}（原值：{i['raw']}）"
            for i in results["data_issues"]
        ),
        *(f"未评查：{line}" for line in skipped_lines(results["skipped"])),
    ]
    notes = _bounded(notes, limit)
    years = results["calendar"]["fallback_years"]
    if years:
        notes.append(
            f"注意：{'、'.join(map(str, years))}年没有法定节假日数据，按周一至周五计算工作日，"
            "请更新 chinesecalendar 后复核"
        )
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def _top_problems(listed: list[tuple[dict, list[dict]]], results: dict) -> list[str]:
    """The items that fail or await checking most often, with how many files each touches."""
    counts = Counter(
        pair
        for case, shown in listed
        for pair in {
            (standard_of(results, case).get("id"), f["item_id"], f["outcome"]) for f in shown
        }
    )
    standards = standards_of(results)
    titles = {
        (sid, item["id"]): item["title"]
        + (f"（{'、'.join(s.get('procedures') or [])}）" if len(standards) > 1 else "")
        for sid, s in standards.items()
        for item in s.get("items", [])
    }
    rows = [["评查项目", "结论", "案卷数"]]
    rows += [
        [f"{item_id} {titles.get((sid, item_id), '')}".strip(), OUTCOME_LABELS[outcome], str(n)]
        for (sid, item_id, outcome), n in counts.most_common(TOP_PROBLEMS)
    ]
    total = sum(len(shown) for _, shown in listed)
    return [
        "",
        f"问题和待核对事项共 {total} 条，涉及 {len(listed)} 件案卷；最常见的 {len(rows) - 1} 项：",
        *text_table(rows),
        FULL_LIST,
    ]


def _bounded(notes: list[str], limit: int | None) -> list[str]:
    """At most NOTES_SHOWN notes of each kind (the text before the first colon), and how many more."""
    if limit is None:
        return notes
    kept, hidden = [], Counter()
    shown = Counter()
    for note in notes:
        kind = note.split("：", 1)[0]
        if shown[kind] < NOTES_SHOWN:
            kept.append(note)
            shown[kind] += 1
        else:
            hidden[kind] += 1
    kept += [f"{kind}：另有 {n} 条未列出（{FULL_LIST}）" for kind, n in hidden.items()]
    return kept


def without_documents_lines(cases: list[dict], shown: int = 3) -> list[str]:
    """Cases without 文书, one line per unit: the count and the first few case numbers."""
    by_unit: dict[str, list[str]] = {}
    for case in cases:
        by_unit.setdefault(case["unit"], []).append(case["case_no"])
    return [
        f"没有文书（文书评查项目由评查人员评查）：{unit} {len(numbers)} 件（{'、'.join(numbers[:shown])}"
        f"{' 等' if len(numbers) > shown else ''}）"
        for unit, numbers in by_unit.items()
    ]


def _documents_notes(results: dict) -> list[str]:
    """The 文书 read: unreadable files, unmatched documents, cases without documents; or none given."""
    without: dict[tuple[str, str], list[str]] = {}
    for gap in results["not_assessed"]:
        if gap["missing"] == ["documents"]:
            without.setdefault((Path(gap["file"]).name, gap["sheet"]), []).append(gap["item_id"])
    notes = [
        f"未提供文书：{file}「{sheet}」没有案卷文书（--documents 或登记表旁的「文书」文件夹），"
        f"评查项目 {'、'.join(items)} 需人工评查"
        for (file, sheet), items in without.items()
    ]
    documents = results.get("documents")
    if documents:
        notes.append(
            f"文书：读取 {documents['read']} 份，与案卷匹配 {len(documents['matched'])} 份，"
            f"未匹配 {len(documents['unmatched'])} 份，没有文书的案卷 {len(documents['cases_without'])} 件"
        )
        notes += [f"文书无法读取：{e}" for e in documents["errors"]]
        notes += [f"文书未匹配：{u['message']}" for u in documents["unmatched"]]
        notes += without_documents_lines(documents["cases_without"])
    return notes


@evaltool.hookimpl
def evaltool_register_reporters(register):
    register("table", render, suffix=".txt")
    register("details", partial(render, limit=None), suffix=".txt")
