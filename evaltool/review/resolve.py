"""复核: a workbook listing disputed files and every item reviewers disagree on (for 合议), with
every reviewer's marks, and its decisions read back.

``score`` writes 复核.xlsx when files are disputed or items await 合议; whoever settles them
fills in a final deduction (or 是/否) for each listed row and signs; ``score --resolve``
applies it. Until then a 待合议 file is scored by the disagreement rule, which the workbook names.
"""

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from evaltool.pipeline.standards import Standards
from evaltool.review.inputs import InputProblems, find_header, open_workbook, table_rows
from evaltool.review.marks import input_value, read_cover
from evaltool.review.merge import DELIBERATE, RULE_TEXT, CaseReview, Decision, Ruling
from evaltool.review.plan import CasePlan
from evaltool.review.sheet import (
    CASE_NO,
    CONTENT,
    ITEM,
    POINTS,
    UNIT,
    VETO_POINTS,
    content,
    write_cover,
)
from evaltool.score.case import describe_score
from evaltool.xlsx import (
    protect_sheet,
    save_workbook,
    validate_choice,
    validate_decimal,
    write_table,
)

SUMMARY, DECIDE = "争议案卷", "复核"
OPINIONS, FINAL, FINAL_REASON, RESOLVER = "各评查人评分", "复核扣分", "复核理由", "复核人"
HEADERS = [UNIT, CASE_NO, ITEM, CONTENT, POINTS, OPINIONS, FINAL, FINAL_REASON, RESOLVER]
INSTRUCTIONS = [
    "「争议案卷」列出评查人评分不一致的案卷及原因；「复核」每行是一个需要复核决定（合议）的评查项目，列出各评查人的评分。",
    "评查人对同一项目评分不同、但案卷得分和等次不受影响的（待合议），合议前按「暂定计分」所写的规则计分，不取平均；"
    "等次不同、得分相差超过规定分差或否决项不一致的案卷（待复核），复核前不计分。",
    "在「复核扣分」填写最终扣分（0 至该项分值），否决项填「是」（存在该问题）或「否」；在「复核人」填写姓名；"
    "扣分或否决时须写明「复核理由」。",
    "一个案卷的所有行都填写后，该案卷按复核结果计分（状态「已复核」）；未填完的仍为「待复核」。",
    "填写完成后运行 evaltool score … --resolve 本文件，重新计算评查结果。",
]


def write_resolution_workbook(
    disputed: Sequence[CaseReview],
    path: str | Path,
    *,
    facts,
    rulings: dict[tuple[str, str, str], Ruling] | None = None,
    rule: str | None = None,
) -> Path:
    """复核.xlsx: the disputed files, then one row per (file, item of the file's standard) to
    decide; ``facts``: the cover's (``checklist_facts``: the standards of the run).

    Decisions already given (``rulings``, e.g. from a partly filled 复核 file) are kept.
    """
    rulings = rulings or {}
    workbook = Workbook()
    facts = (
        [*facts, ("分歧处理规则", f"{rule}：{RULE_TEXT[rule]}（合议前暂定）")] if rule else facts
    )
    write_cover(workbook.active, "行政处罚案卷评查复核表", facts, INSTRUCTIONS)
    summary = workbook.create_sheet(SUMMARY)
    write_table(
        summary,
        [UNIT, CASE_NO, "评查状态", "评查人", "各评查人得分", "争议原因", "需复核项目", "暂定计分"],
        [
            [
                review.plan.unit,
                review.plan.key,
                review.status,
                "、".join(review.reviewers),
                "；".join(
                    f"{name}：{describe_score(view)}" for name, view in review.dispute.views.items()
                ),
                "；".join(review.dispute.reasons),
                "、".join(review.dispute.items),
                _provisional(review),
            ]
            for review in disputed
        ],
        max_width=40,
    )
    protect_sheet(summary, [])
    sheet = workbook.create_sheet(DECIDE)
    rows = [(review, review.plan.row(i)) for review in disputed for i in review.dispute.items]
    write_table(
        sheet,
        HEADERS,
        [
            [
                review.plan.unit,
                review.plan.key,
                row.item.id,
                content(row.item),
                VETO_POINTS if row.item.veto else row.item.points,
                _opinions(review.dispute.opinions[row.item.id], row.item.veto),
                *_given(rulings.get((*review.plan.ident, row.item.id)), row.item.veto),
            ]
            for review, row in rows
        ],
        max_width=48,
        min_widths={CONTENT: 36, OPINIONS: 40, FINAL_REASON: 36, RESOLVER: 12},
    )
    column = {header: get_column_letter(n) for n, header in enumerate(HEADERS, start=1)}
    choices, by_points, inputs = [], {}, []
    for number, (_, row) in enumerate(rows, start=2):
        inputs += [f"{column[h]}{number}" for h in (FINAL, FINAL_REASON, RESOLVER)]
        final = f"{column[FINAL]}{number}"
        if row.item.veto:
            choices.append(final)
        else:
            by_points.setdefault(row.item.points, []).append(final)
    validate_choice(sheet, choices, ("是", "否"), "请选择「是」或「否」")
    for points, cells in by_points.items():
        validate_decimal(sheet, cells, 0, points, f"扣分应为 0 至 {points:g} 之间的数字")
    sheet.freeze_panes = "D2"
    protect_sheet(sheet, inputs)
    return save_workbook(workbook, path)


def _provisional(review: CaseReview) -> str:
    """How a 待合议 file is scored until 合议; a 待复核 file is not scored."""
    if review.status != DELIBERATE:
        return "复核前不计分"
    rule = review.dispute.rule
    return f"按{rule}规则（{RULE_TEXT[rule]}）暂定"


def _given(ruling: Ruling | None, veto: bool) -> list:
    if ruling is None:
        return [None, None, None]
    decision = ruling.decision
    value = ("是" if decision.hit else "否") if veto else decision.deduction
    return [value, decision.reason or None, ruling.resolver]


def _opinions(opinions: dict[str, Decision], veto: bool) -> str:
    return "；".join(f"{name}：{d.describe(veto)}" for name, d in sorted(opinions.items()))


def read_resolution(
    path: str | Path, plans: Sequence[CasePlan], standards: Standards
) -> dict[tuple[str, str, str], Ruling]:
    """The filled-in rows of a 复核 workbook, each against its file's standard;
    ``InputProblems`` lists every invalid entry."""
    mismatches = read_cover(path).mismatches(standards, "复核表")
    if mismatches:
        raise InputProblems([f"{path}：{'；'.join(mismatches)}，与本次不同"])
    by_ident = {plan.ident: plan for plan in plans}
    rulings, problems = {}, []
    workbook = open_workbook(path)
    try:
        if DECIDE not in workbook.sheetnames:
            raise InputProblems([f"{path}：缺少「{DECIDE}」工作表，不是 evaltool 生成的复核表"])
        sheet = workbook[DECIDE]
        header_row = find_header(sheet, [UNIT, CASE_NO, ITEM, FINAL, RESOLVER])
        if header_row is None:
            raise InputProblems([f"{path}「{DECIDE}」：找不到表头"])
        for trow in table_rows(path, sheet, header_row):
            if trow.is_blank(FINAL):
                continue
            ident = (trow.text(UNIT), trow.text(CASE_NO))
            plan = by_ident.get(ident)
            row = plan.row(trow.text(ITEM)) if plan else None
            if row is None:
                problems.append(
                    f"{trow.ref(ITEM)}：未知案卷或评查项目「{ident[1]}」「{trow.text(ITEM)}」"
                )
                continue
            try:
                value = input_value(trow, FINAL, row.item)
            except ValueError as exc:
                problems.append(f"{trow.ref(FINAL)}：{exc}")
                continue
            resolver, reason = trow.text(RESOLVER), trow.text(FINAL_REASON)
            if not resolver:
                problems.append(f"{trow.ref(RESOLVER)}：已填写复核扣分，但未填写复核人")
            if (value.get("deduction") or value.get("hit")) and not reason:
                problems.append(f"{trow.ref(FINAL_REASON)}：扣分或否决时须填写复核理由")
            decision = Decision(value.get("deduction", 0.0), value.get("hit", False), reason)
            key = (*ident, row.item.id)
            if key in rulings and rulings[key].decision.value != decision.value:
                problems.append(f"{trow.ref(FINAL)}：与 {rulings[key].where} 的复核结果不同")
            rulings.setdefault(key, Ruling(decision, resolver, trow.ref(FINAL)))
    finally:
        workbook.close()
    if problems:
        raise InputProblems(problems)
    return rulings
