"""The reviewer's scoring workbook (评分表): a cover with instructions, then the rows to mark.

One sheet per unit, or per reviewer with ``reviewers``; one row per (case file, checklist item).
Automatic results are prefilled and locked; the reviewer's cells are unlocked, highlighted
and validated (deductions from 0 to the item's points, 是/否 for veto items and confirmations).
``marks.py`` reads the filled workbook back using the same headers and cover keys.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from evaltool.checklist.model import Checklist, Item
from evaltool.errors import EvaltoolError
from evaltool.model import Outcome
from evaltool.review.inputs import NO, YES
from evaltool.review.plan import CasePlan, Row
from evaltool.xlsx import (
    print_setup,
    protect_sheet,
    save_workbook,
    set_value,
    sheet_title,
    validate_choice,
    validate_decimal,
    write_table,
)

COVER = "填写说明"
UNIT, CASE_NO, ITEM, CONTENT, POINTS, RULE = (
    "执法单位",
    "案号",
    "评查项目编号",
    "评查内容",
    "分值",
    "扣分标准",
)
STATUS, NOTE, CONFIRM, DEDUCT, REASON, REVIEWER = (
    "自动检查",
    "检查说明",
    "确认",
    "扣分",
    "扣分理由",
    "评查人",
)
HEADERS = [
    UNIT,
    CASE_NO,
    ITEM,
    CONTENT,
    POINTS,
    RULE,
    STATUS,
    NOTE,
    CONFIRM,
    DEDUCT,
    REASON,
    REVIEWER,
]
VETO_POINTS = "否决项"
# cover facts that ``score`` reads back
CHECKLIST_ID, CHECKLIST_VERSION, CHECKLIST_PATH, REVIEW_DATE = (
    "评查标准编号",
    "评查标准版本",
    "评查标准文件",
    "评查日期",
)
INSTRUCTIONS = [
    "每个工作表列出若干案卷，每个案卷每个评查项目一行。黄色单元格由评查人填写，其余单元格受保护，请勿修改、增删行。",
    "「自动检查」为「人工评查」「待人工核对」「未自动评估」的行，须在「扣分」填写扣分：0 至该项分值，没有问题填 0；"
    "否决项填「是」（存在该问题）或「否」。",
    "「自动检查」为「不符合」的行已按自动检查结果预填扣分。核对案卷后在「确认」填「是」（确认问题）或「否」"
    "（问题不成立，不扣分）。非否决项不填视为认可；否决项必须确认，确认后才按否决处理。",
    "扣分大于 0、否决项填「是」、确认填「否」时，须在「扣分理由」写明问题或理由（将写入整改通知书）。",
    "填写了扣分或确认的行，须在「评查人」填写评查人姓名。",
    "一个案卷的黄色「扣分」单元格和否决项的「确认」单元格全部填写后，该案卷才算评查完成；"
    "未填完的案卷列为「部分评查」，不计入评查结果。",
    "同一案卷可由多人独立评查：每人填写自己的一份评分表，用 evaltool score --marks 合并。"
    "等次不同、得分相差超过规定分差、否决项不一致或任一人评为最低等次的案卷列入复核，不取平均。",
]


@dataclass
class SheetSummary:
    """What was written: sheets with their case counts, and rows needing input."""

    sheets: dict[str, int]
    rows: int
    inputs: int


def assign(plans: Sequence[CasePlan], reviewers: Sequence[str], per_file: int):
    """Each reviewer's files: file *i* goes to ``per_file`` reviewers in rotation from *i*."""
    if not 1 <= per_file <= len(reviewers):
        raise EvaltoolError(f"--per-file 应在 1 到评查人数（{len(reviewers)}）之间")
    assigned: dict[str, list[CasePlan]] = {name: [] for name in reviewers}
    for index, plan in enumerate(plans):
        for offset in range(per_file):
            assigned[reviewers[(index + offset) % len(reviewers)]].append(plan)
    return assigned


def write_scoring_workbook(
    plans: Sequence[CasePlan],
    checklist: Checklist,
    path: str | Path,
    *,
    review_date: dt.date,
    inputs: Sequence[str],
    sample: str | None = None,
    reviewers: Sequence[str] = (),
    per_file: int = 1,
) -> SheetSummary:
    """Write the scoring workbook for these case files; sheets per unit or per reviewer."""
    if reviewers:
        groups = assign(plans, reviewers, per_file)
    else:
        groups = {}
        for plan in plans:
            groups.setdefault(plan.unit, []).append(plan)
    workbook = Workbook()
    facts = [
        *checklist_facts(checklist, review_date),
        ("登记表", "；".join(map(str, inputs))),
        ("抽查清单", sample or "（未指定，全部案卷）"),
        ("评查人", "、".join(reviewers) or "（由评查人在各行填写）"),
    ]
    write_cover(workbook.active, "行政处罚案卷评查评分表", facts, INSTRUCTIONS)
    summary = SheetSummary({}, 0, 0)
    for name, group in groups.items():
        sheet = workbook.create_sheet(sheet_title(name, workbook.sheetnames))
        reviewer = name if reviewers else ""
        rows, inputs_written = _write_rows(sheet, group, reviewer)
        summary.sheets[sheet.title] = len(group)
        summary.rows += rows
        summary.inputs += inputs_written
    save_workbook(workbook, path)
    return summary


def write_cover(cover, title: str, facts, instructions: Sequence[str]) -> None:
    """A protected cover: title, facts (name, value) that ``read_cover`` reads back, instructions."""
    cover.title = COVER
    set_value(cover.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    for number, (name, value) in enumerate(facts, start=3):
        set_value(cover.cell(row=number, column=1), name).font = Font(bold=True)
        set_value(cover.cell(row=number, column=2), value)
    start = len(facts) + 4
    set_value(cover.cell(row=start, column=1), "填写要求").font = Font(bold=True)
    for offset, text in enumerate(instructions, start=1):
        set_value(cover.cell(row=start + offset, column=1), offset)
        cell = set_value(cover.cell(row=start + offset, column=2), text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 100
    print_setup(cover)
    protect_sheet(cover, [])


def checklist_facts(checklist: Checklist, review_date: dt.date) -> list[tuple[str, str]]:
    """The cover facts that tie a workbook to its checklist and review date."""
    return [
        ("评查标准", checklist.title),
        (CHECKLIST_ID, checklist.id),
        (CHECKLIST_VERSION, checklist.version),
        (CHECKLIST_PATH, checklist.path),
        (REVIEW_DATE, review_date.isoformat()),
        ("生成时间", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
    ]


def _write_rows(sheet, plans: Sequence[CasePlan], reviewer: str) -> tuple[int, int]:
    table = [_values(plan, row, reviewer) for plan in plans for row in plan.rows]
    write_table(sheet, HEADERS, table)
    column = {header: get_column_letter(n) for n, header in enumerate(HEADERS, start=1)}
    inputs, choices, by_points = [], [], {}
    rows = [(plan, row) for plan in plans for row in plan.rows]
    for number, (_, row) in enumerate(rows, start=2):
        cells = _input_cells(row)
        inputs += [f"{column[h]}{number}" for h in cells]
        if CONFIRM in cells:
            choices.append(f"{column[CONFIRM]}{number}")
        if DEDUCT in cells:
            if row.item.veto:
                choices.append(f"{column[DEDUCT]}{number}")
            else:
                by_points.setdefault(row.item.points, []).append(f"{column[DEDUCT]}{number}")
        if row.confirmable:
            sheet[f"{column[STATUS]}{number}"].font = Font(bold=True, color="C00000")
    validate_choice(sheet, choices, (YES, NO), f"请选择「{YES}」或「{NO}」")
    for points, cells in by_points.items():
        validate_decimal(sheet, cells, 0, points, f"扣分应为 0 至 {points:g} 之间的数字")
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    protect_sheet(sheet, inputs)
    return len(rows), len(inputs)


def _input_cells(row: Row) -> list[str]:
    """The cells a reviewer fills on this row."""
    if row.needs_input:
        return [DEDUCT, REASON, REVIEWER]
    if row.confirmable:
        return [CONFIRM, REASON, REVIEWER]
    return []


def _values(plan: CasePlan, row: Row, reviewer: str) -> list:
    item = row.item
    finding = row.finding
    prefilled = None
    if not row.needs_input:
        prefilled = (
            (YES if finding.outcome is Outcome.FAIL else NO) if item.veto else finding.deduction
        )
    return [
        plan.unit,
        plan.key,
        item.id,
        content(item),
        VETO_POINTS if item.veto else item.points,
        deduction_rule(item),
        row.status,
        finding.message if finding else "",
        None,
        prefilled,
        None,
        reviewer if _input_cells(row) else None,
    ]


def content(item: Item) -> str:
    """评查内容: the item's title and requirement."""
    return f"{item.title}：{item.requirement}" if item.requirement else item.title


# How the scoring workbook numbers the deduction rules of a row that has several.
RULE_NUMBERS = "①②③④⑤⑥⑦⑧⑨"


def deduction_rule(item: Item) -> str:
    """The 扣分标准 cell: every rule of the item, numbered when there are several, so the
    reviewer can say in 说明 which applied and how often (例：②×3)."""
    if item.veto:
        return f"否决项：存在该问题填「{YES}」"
    if item.bonus:
        return f"加分项：符合的填加分（最多{item.points:g}分），不扣分"
    if len(item.rules) == 1:
        return item.describe_rules()
    rules = "；".join(
        f"{RULE_NUMBERS[n] if n < len(RULE_NUMBERS) else n + 1}{rule.describe(item.points)}"
        for n, rule in enumerate(item.rules)
    )
    return f"{rules}（可在说明中写所用规则和次数，如 ②×3）"
