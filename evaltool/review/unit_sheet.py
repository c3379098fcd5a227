"""The 单位评查 sheet of the scoring workbook: the unit-level items (``level: unit``, e.g.
案卷管理制度, 年度自查), one block per unit, marked once for the unit and never per file.

Same conventions as the per-file sheets: nothing is prefilled, the reviewer's cells (扣分,
扣分理由, 评查人) are yellow, unlocked and validated (0 to the item's points), the rest locked;
a unit nobody marked stays 待评查. With ``--reviewers`` each reviewer gets a block for every
unit of the files assigned to them, signed with their name. ``unit_marks.py`` reads it back.
"""

from collections.abc import Mapping, Sequence

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from evaltool.checklist.model import Checklist, Group
from evaltool.review.plan import CasePlan
from evaltool.review.sheet import (
    CONTENT,
    DEDUCT,
    ITEM,
    POINTS,
    REASON,
    REVIEWER,
    RULE,
    UNIT,
    WIDE,
    content,
    deduction_rule,
)
from evaltool.xlsx import protect_sheet, sheet_title, validate_decimal, write_table

UNIT_SHEET = "单位评查"
SECTION = "评查部分"
UNIT_HEADERS = [UNIT, ITEM, SECTION, CONTENT, POINTS, RULE, DEDUCT, REASON, REVIEWER]
UNIT_INSTRUCTIONS = [
    f"「{UNIT_SHEET}」工作表列出按单位评查的项目（如案卷管理制度、年度自查），每个单位评一次，"
    "不计入任何案卷的得分：逐项在「扣分」填写 0 至该项分值，扣分大于 0 的写明「扣分理由」，并填写「评查人」。"
    "某个单位的项目没有全部填写的，该单位的这部分为「待评查」，不会按 0 分或满分计。"
    "两名评查人对同一单位同一项目评分不同时，按分歧处理规则（如从严：取较大的扣分）确定，不取平均。",
]


def unit_blocks(
    groups: Mapping[str, Sequence[CasePlan]], reviewers: Sequence[str]
) -> list[tuple[str, str]]:
    """(reviewer, unit) for each block of the sheet: every unit of the workbook with no
    reviewer named, or with ``reviewers`` each reviewer's units (``groups`` by reviewer)."""
    if not reviewers:
        return [("", unit) for unit in groups]
    return [
        (name, unit)
        for name, plans in groups.items()
        for unit in dict.fromkeys(plan.unit for plan in plans)
    ]


def section(group: Group) -> str:
    """评查部分: the section's title and points, 「案卷管理（4分，按单位评查一次）」."""
    return f"{group.title}（{group.maximum:g}分，按单位评查一次）"


def write_unit_sheet(workbook, checklist: Checklist, blocks: Sequence[tuple[str, str]]) -> int:
    """Add the 单位评查 sheet (one row per block × unit-level item); returns the input cells."""
    sheet = workbook.create_sheet(sheet_title(UNIT_SHEET, workbook.sheetnames))
    items = checklist.unit_items
    sections = {item.id: section(checklist.group(item.group)) for item in items}
    rows = [
        [
            unit,
            item.id,
            sections[item.id],
            content(item),
            item.points if item.own_points else None,  # a row of a section: see 评查部分
            deduction_rule(item),
            None,
            None,
            reviewer or None,
        ]
        for reviewer, unit in blocks
        for item in items
    ]
    item_points = [item.points for _ in blocks for item in items]
    write_table(sheet, UNIT_HEADERS, rows, max_width=30, min_widths={**WIDE, SECTION: 20})
    column = {header: get_column_letter(n) for n, header in enumerate(UNIT_HEADERS, start=1)}
    inputs, by_points = [], {}
    for number in range(2, len(rows) + 2):
        for header in (SECTION, CONTENT, RULE):
            cell = sheet[f"{column[header]}{number}"]
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        inputs += [f"{column[h]}{number}" for h in (DEDUCT, REASON, REVIEWER)]
        by_points.setdefault(item_points[number - 2], []).append(f"{column[DEDUCT]}{number}")
    for points, cells in by_points.items():
        validate_decimal(sheet, cells, 0, points, f"扣分应为 0 至 {points:g} 之间的数字")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(UNIT_HEADERS))}{len(rows) + 1}"
    protect_sheet(sheet, inputs)
    return len(inputs)
