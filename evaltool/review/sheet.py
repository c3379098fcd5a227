"""The reviewer's scoring workbook (评分表): a cover with instructions, then the rows to mark.

One sheet per unit, or per reviewer with ``reviewers``; one row per (case file, item of the
file's standard: its procedure's) and, after each file's items, a row 「本卷其余项目无问题」 so
that only problems need typing. The 评查标准 column names each row's standard; the cover names the
standard of each procedure type and a legend sheet per standard lists its items.
Automatic results are prefilled; the reviewer may overrule any of them. The reviewer's cells
are unlocked, highlighted and validated (deductions from 0 to the item's points, 是/否 for
veto items and confirmations); the rest is locked. A legend sheet lists the items.
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
from evaltool.pipeline.standards import Standards
from evaltool.review.inputs import NO, YES
from evaltool.review.plan import FILE_ITEM, FILE_STATUS, CasePlan, Row
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

COVER, LEGEND = "填写说明", "评查项目"
UNIT, CASE_NO, ITEM, CONTENT, POINTS, RULE = (
    "执法单位",
    "案号",
    "评查项目编号",
    "评查内容",
    "分值",
    "扣分标准",
)
STATUS, NOTE, CONFIRM, DEDUCT, REASON, REVIEWER, STANDARD = (
    "自动检查",
    "检查说明",
    "确认",
    "扣分",
    "扣分理由",
    "评查人",
    "评查标准",
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
    STANDARD,
]
VETO_POINTS = "否决项"
FILE_CONTENT = "本卷其余项目无问题：填「是」表示本卷未填写扣分的人工评查项目和待核对项目都没有问题（不扣分、不否决）"
# columns a reviewer writes sentences in, and the columns that identify a row (frozen)
WIDE = {CONTENT: 48, RULE: 24, NOTE: 48, REASON: 36}
FROZEN = "D2"
# cover facts that ``score`` reads back
CHECKLIST_ID, CHECKLIST_VERSION, CHECKLIST_PATH, REVIEW_DATE = (
    "评查标准编号",
    "评查标准版本",
    "评查标准文件",
    "评查日期",
)
INSTRUCTIONS = [
    "每个工作表列出若干案卷，每个案卷每个评查项目一行，最后一行是「本卷其余项目无问题」。"
    "黄色单元格由评查人填写，其余单元格受保护，请勿修改、增删行。评查项目的名称见「评查项目」工作表。",
    "「自动检查」为「人工评查」「待人工核对」「未自动评估」的行，须在「扣分」填写扣分：0 至该项分值；"
    "否决项填「是」（存在该问题）或「否」。",
    "只有问题需要填写：阅卷后在本卷最后一行「本卷其余项目无问题」的「确认」填「是」，"
    "本卷未填写扣分的上述行即按没有问题计（不扣分、不否决）。既没有评分也没有这一确认的案卷仍为「未评查」，不会按 0 分计。",
    "「自动检查」为「符合」「不适用」「不符合」的行已按自动检查结果预填扣分，不修改即采用自动检查结论。"
    "评查人发现不同的，直接改填「扣分」（否决项改填「是」或「否」）并写明理由，以评查人的结论为准，"
    "评查结果同时保留自动检查结论、评查人结论、评查人和理由。",
    "「自动检查」为「不符合」的行，也可以在「确认」填「是」（确认问题）或「否」（问题不成立，不扣分）。"
    "非否决项不填视为认可；否决项必须确认，确认后才按否决处理。",
    "扣分大于 0、否决项填「是」、确认填「否」或改变自动检查结论时，须在「扣分理由」写明问题或理由（将写入整改通知书）。",
    "填写了扣分、确认或改变了预填结论的行，须在「评查人」填写评查人姓名。",
    "一个案卷的黄色「扣分」单元格（预填的除外）和否决项的「确认」单元格全部填写，或填写了「本卷其余项目无问题」后，"
    "该案卷才算评查完成；未填完的案卷列为「部分评查」，不计入评查结果。",
    "同一案卷可由多人独立评查：每人填写自己的一份评分表，用 evaltool score --marks 合并。"
    "评查人对同一项目的评分不同时，该项目列入复核表供合议，不取平均；合议前按评查配置的规则（如从严：取较大的扣分）暂定。"
    "等次不同、得分相差超过规定分差或否决项不一致的案卷列入复核，复核前不计分。",
]


# Said only in a workbook whose files have more than one standard.
MIXED_INSTRUCTION = (
    "每个案卷按其程序类型的评查标准评查（如普通程序按普通程序的标准，简易程序按简易程序的标准），"
    "所列评查项目即该标准的项目；「评查标准」列写明所用标准的编号，各标准的评查项目分别列在"
    "「{legends}」工作表中。"
)


@dataclass
class SheetSummary:
    """What was written: sheets with their case counts, and rows needing input."""

    sheets: dict[str, int]
    rows: int
    inputs: int
    unit_blocks: int = 0  # blocks of the 单位评查 sheet (unit-level items), one per unit


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
    standards: Standards,
    path: str | Path,
    *,
    review_date: dt.date,
    inputs: Sequence[str],
    sample: str | None = None,
    reviewers: Sequence[str] = (),
    per_file: int = 1,
) -> SheetSummary:
    """Write the scoring workbook for these case files, each with its own standard's items;
    sheets per unit or per reviewer, then a legend per standard used."""
    if reviewers:
        groups = assign(plans, reviewers, per_file)
    else:
        groups = {}
        for plan in plans:
            groups.setdefault(plan.unit, []).append(plan)
    workbook = Workbook()
    base = Path(path).parent
    facts = [
        *checklist_facts(standards, review_date, base),
        ("登记表", "；".join(shown_path(name, base) for name in inputs)),
        ("抽查清单", shown_path(sample, base) if sample else "（未指定，全部案卷）"),
        ("评查人", "、".join(reviewers) or "（由评查人在各行填写）"),
    ]
    # imported here: the unit sheet builds on this module's columns
    from evaltool.review.unit_sheet import UNIT_INSTRUCTIONS, unit_blocks, write_unit_sheet

    used = {id(plan.checklist) for plan in plans}
    legends = [
        (legend_title(standards, c), c)
        for c in standards.all
        if c is standards.main or id(c) in used
    ]
    instructions = INSTRUCTIONS
    if len(used) > 1:
        shown = "」「".join(title for title, _ in legends)
        instructions = [INSTRUCTIONS[0], MIXED_INSTRUCTION.format(legends=shown), *INSTRUCTIONS[1:]]
    # unit-level items (level: unit) are the main standard's, as units are scored by it
    unit_level = bool(standards.main.unit_items)
    instructions = [*instructions, *UNIT_INSTRUCTIONS] if unit_level else instructions
    write_cover(workbook.active, "行政处罚案卷评查评分表", facts, instructions)
    summary = SheetSummary({}, 0, 0)
    for name, group in groups.items():
        sheet = workbook.create_sheet(sheet_title(name, workbook.sheetnames))
        reviewer = name if reviewers else ""
        rows, inputs_written = _write_rows(sheet, group, reviewer)
        summary.sheets[sheet.title] = len(group)
        summary.rows += rows
        summary.inputs += inputs_written
    if unit_level:
        blocks = unit_blocks(groups, reviewers)
        summary.inputs += write_unit_sheet(workbook, standards.main, blocks)
        summary.unit_blocks = len(blocks)
    for title, checklist in legends:
        write_legend(workbook.create_sheet(sheet_title(title, workbook.sheetnames)), checklist)
    save_workbook(workbook, path)
    return summary


def legend_title(standards: Standards, checklist: Checklist) -> str:
    """评查项目 for the main standard, 评查项目（简易程序） for the one of another procedure type."""
    if checklist is standards.main:
        return LEGEND
    return f"{LEGEND}（{'、'.join(standards.procedures(checklist)) or checklist.id}）"


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


def checklist_facts(
    standards: Standards, review_date: dt.date, base: Path | None = None
) -> list[tuple[str, str]]:
    """The cover facts that tie a workbook to its standards and review date: the main standard,
    then (prefixed with the procedure type, 简易程序评查标准编号 …) the standard of each procedure
    type another standard scores; files relative to the working folder or ``base`` (see
    ``shown_path``)."""
    facts = _standard_facts(standards.main, "", base)
    for procedure, checklist in standards.by_procedure.items():
        if checklist is not standards.main:
            facts += _standard_facts(checklist, procedure, base)
    return [
        *facts,
        (REVIEW_DATE, review_date.isoformat()),
        ("生成时间", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
    ]


def _standard_facts(checklist: Checklist, procedure: str, base: Path | None):
    path = shown_path(checklist.path, base) if checklist.path else ""
    return [
        (f"{procedure}评查标准", checklist.title),
        (f"{procedure}{CHECKLIST_ID}", checklist.id),
        (f"{procedure}{CHECKLIST_VERSION}", checklist.version),
        (f"{procedure}{CHECKLIST_PATH}", path),
    ]


def shown_path(path: str | Path, base: Path | None = None) -> str:
    """A path as a workbook may record it, never absolute: relative to the working folder, else
    to ``base`` (the workbook's folder), else the file name."""
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    for folder in (Path.cwd(), base):
        if folder is not None and path.is_relative_to(folder.absolute()):
            return path.relative_to(folder.absolute()).as_posix()
    return path.name


def write_legend(sheet, checklist: Checklist) -> None:
    """The items of the checklist: id, title, points, deduction rule, how it is checked."""
    rows = [
        [
            item.id,
            item.title,
            VETO_POINTS if item.veto else item.points,
            deduction_rule(item),
            "人工评查" if item.manual or not item.check else "自动检查",
        ]
        for item in checklist.items
    ]
    write_table(sheet, ["评查项目编号", "评查项目", "分值", "扣分标准", "检查方式"], rows)
    sheet.freeze_panes = "B2"
    protect_sheet(sheet, [])


def _write_rows(sheet, plans: Sequence[CasePlan], reviewer: str) -> tuple[int, int]:
    rows = [(plan, row) for plan in plans for row in [*plan.rows, None]]
    table = [_values(plan, row, reviewer) for plan, row in rows]
    write_table(sheet, HEADERS, table, max_width=30, min_widths=WIDE)
    column = {header: get_column_letter(n) for n, header in enumerate(HEADERS, start=1)}
    for header in (CONTENT, RULE, NOTE):
        for number in range(2, len(rows) + 2):
            sheet[f"{column[header]}{number}"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = FROZEN
    inputs, choices, by_points = [], [], {}
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
        if row is None or row.confirmable:
            sheet[f"{column[STATUS]}{number}"].font = Font(bold=True, color="C00000")
    validate_choice(sheet, choices, (YES, NO), f"请选择「{YES}」或「{NO}」")
    for points, cells in by_points.items():
        validate_decimal(sheet, cells, 0, points, f"扣分应为 0 至 {points:g} 之间的数字")
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
    protect_sheet(sheet, inputs)
    return len(rows), len(inputs)


def _input_cells(row: Row | None) -> list[str]:
    """The cells a reviewer fills on this row (None: the file's 「本卷其余项目无问题」 row)."""
    if row is None:
        return [CONFIRM, REVIEWER]
    if row.confirmable:
        return [CONFIRM, DEDUCT, REASON, REVIEWER]
    return [DEDUCT, REASON, REVIEWER]


def _values(plan: CasePlan, row: Row | None, reviewer: str) -> list:
    if row is None:
        head = [plan.unit, plan.key, FILE_ITEM, FILE_CONTENT, None, None, FILE_STATUS, None]
        return [*head, None, None, None, reviewer or None, plan.checklist.id]
    item, finding = row.item, row.finding
    prefilled = None
    if row.prefilled is not None:
        deduction, hit = row.prefilled
        prefilled = (YES if hit else NO) if item.veto else deduction
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
        reviewer or None,
        plan.checklist.id,
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
