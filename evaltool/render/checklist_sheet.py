"""Checklists as people read them: the catalogue of available checklists, and the scoring
sheet (评查评分表) as a terminal table or, for printing, HTML or xlsx.

One row per enabled item with the columns reviewers are handed: 评查项目, 序号,
评查内容, 分值, 扣分标准, 扣分, 得分, 备注; a header for 被评查单位, 案号, 评查人,
日期; the veto rule, the grade bands and a signature line below.
"""

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from evaltool.checklist.load import CatalogueEntry
from evaltool.checklist.model import Checklist, Group, Item, fmt_points
from evaltool.render.environment import make_environment
from evaltool.score.results import shown_extends
from evaltool.text import display_width, text_table
from evaltool.xlsx import set_value

SHEET_TITLE = "行政处罚案卷评查评分表"
COLUMNS = ("评查项目", "序号", "评查内容", "分值", "扣分标准", "扣分", "得分", "备注")
HEADER_FIELDS = ("被评查单位", "案号", "评查人", "日期")
VETO_MARKS = ("□符合", "□不符合")


@dataclass(frozen=True)
class SheetRow:
    """One item as the sheet prints it."""

    section: str
    number: str
    title: str
    requirement: str
    basis: str
    points: str
    rule: str
    veto: bool
    method: str  # 自动检查 <id> / 人工评查


@dataclass(frozen=True)
class SheetSection:
    """A group of the checklist with its rows."""

    title: str
    rows: list[SheetRow]


def section_title(group: Group, checklist: Checklist | None = None) -> str:
    """The 评查项目 cell: the group title with its points, e.g. ``立案（10分）``; a bonus section
    states its cap (``加分项（最多加5分）``), a unit-level one that it is scored per unit."""
    if group.bonus:
        cap = checklist.scoring.bonus_cap if checklist else group.maximum
        return f"{group.title}（最多加{fmt_points(cap)}分）"
    if group.veto and not group.maximum:
        return group.title
    unit = "，按单位评查一次" if group.level == "unit" else ""
    return f"{group.title}（{fmt_points(group.maximum)}分{unit}）"


def item_row(item: Item, checklist: Checklist, section: str) -> SheetRow:
    veto_only = item.veto and not item.points
    if item.veto:
        rule = checklist.scoring.describe_veto(item=True, effect=item.veto_effect)
    elif item.bonus:
        rule = f"符合的，加{fmt_points(item.points)}分"
    else:
        rule = item.describe_rules()
    conditions = checklist.conditions_of(item)
    if conditions:
        scope = "；".join(c.describe() for c in conditions)
        rule = f"{rule}（仅适用于{scope}的案卷，不适用的不计分）"
    if veto_only:
        points = "否决"
    elif item.bonus:
        points = f"+{fmt_points(item.points)}"
    else:
        points = fmt_points(item.points) if item.own_points else ""
    methods = [f"自动检查 {check_id}" for check_id, _ in item.checks]
    return SheetRow(
        section=section,
        number=item.id,
        title=item.title,
        requirement=item.requirement,
        basis=item.basis,
        points=points,
        rule=rule,
        veto=item.veto,
        method="、".join(methods) or "人工评查",
    )


def sheet_sections(checklist: Checklist) -> list[SheetSection]:
    """The groups that have enabled items, in order, as sheet rows."""
    sections = []
    for group in checklist.groups:
        if group.items:
            title = section_title(group, checklist)
            sections.append(
                SheetSection(title, [item_row(item, checklist, title) for item in group.items])
            )
    return sections


def grade_bands(checklist: Checklist) -> list[str]:
    """The grade bands in the standard's words (``words``), else generated from the bounds:
    ``合格（60分及以上、不足90分）``; an exclusive bound reads ``超过90分`` (and the band
    below it ``90分及以下``)."""
    grades = checklist.scoring.grades
    bands = []
    for index, grade in enumerate(grades):
        if grade.words:
            bands.append(f"{grade.name}（{grade.words}）")
            continue
        upper = grades[index - 1] if index else None
        parts = []
        if grade.exclusive:
            parts.append(f"超过{fmt_points(grade.min)}分")
        elif grade.min:
            parts.append(f"{fmt_points(grade.min)}分及以上")
        if upper is not None:
            # the band above starts at its bound: this band stops short of it, or reaches it
            limit = fmt_points(upper.min)
            parts.append(f"{limit}分及以下" if upper.exclusive else f"不足{limit}分")
        bands.append(f"{grade.name}（{'、'.join(parts) or '任何分数'}）")
    return bands


def bonus_note(checklist: Checklist) -> str | None:
    """How bonus points count, for the sheet's notes (None without bonus items)."""
    if not any(item.bonus for item in checklist.items):
        return None
    return (
        f"加分：加分项合计最多加{fmt_points(checklist.scoring.bonus_cap)}分，与扣分分列；"
        f"加分后总分不超过{fmt_points(checklist.scoring.total)}分，被否决的案卷不因加分改变结论"
    )


def render_text(checklist: Checklist) -> str:
    """The checklist as an aligned table for the terminal, section by section."""
    lines = [
        f"{checklist.title}（{checklist.id}，版本 {checklist.version}）",
        f"适用程序：{'、'.join(checklist.applies_to) or '不限'}　总分：{fmt_points(checklist.scoring.total)}",
        f"否决规则：{checklist.scoring.describe_veto()}",
        f"等次：{'；'.join(grade_bands(checklist))}",
        *filter(None, [bonus_note(checklist)]),
    ]
    if checklist.extends:
        lines.append(
            f"扩展自：{' ← '.join(shown_extends(checklist))}（共修改 {len(checklist.changes)} 处）"
        )
    for section in sheet_sections(checklist):
        rows = [["序号", "评查内容", "分值", "扣分标准", "检查方式"]]
        rows += [[r.number, r.title, r.points, r.rule, r.method] for r in section.rows]
        lines += ["", f"【{section.title}】", *text_table(rows)]
    if checklist.disabled:
        lines += ["", "已停用：" + "、".join(f"{i.id} {i.title}" for i in checklist.disabled)]
    return "\n".join(lines) + "\n"


def render_catalogue(entries: list[CatalogueEntry]) -> str:
    """``checklist list``: one aligned line per available checklist."""
    rows = [["编号", "名称", "版本", "适用程序", "项目（否决）", "扩展自", "提供者"]]
    for entry in entries:
        standard = entry.checklist
        if standard is None:
            problem = f"无法加载：{len(entry.problems)} 个问题，请运行 evaltool checklist validate"
            rows.append([entry.source.id, problem, "", "", "", "", entry.source.provider])
            continue
        vetoes = sum(item.veto for item in standard.items)
        rows.append(
            [
                entry.source.id,
                standard.title,
                standard.version,
                "、".join(standard.applies_to) or "不限",
                f"{len(standard.items)}（{vetoes}）",
                standard.extends[0].split("（")[0] if standard.extends else "",
                entry.source.provider,
            ]
        )
    return "\n".join(text_table(rows)) + "\n"


def _lines(text: str, column_width: int) -> int:
    """How many lines a wrapped text needs in a column of this width (in Excel character units)."""
    usable = max(column_width - 2, 1)
    return (
        sum(-(-max(display_width(part), 1) // usable) for part in text.split("\n")) if text else 0
    )


def _header_values(header: dict[str, str] | None) -> dict[str, str]:
    header = header or {}
    return {name: str(header.get(name) or "") for name in HEADER_FIELDS}


@dataclass(frozen=True)
class Prefill:
    """What a file's printed sheet already shows for an item: the automatic deduction and a note."""

    deduction: str
    note: str


def render_html(
    checklist: Checklist,
    header: dict[str, str] | None = None,
    env=None,
    prefill: dict[str, Prefill] | None = None,
) -> str:
    """The printable sheet as a standalone HTML page (A4, print styles), from the sandboxed
    document environment, so a user's template folder can override ``checklist/sheet.html.j2``.

    ``prefill`` (by item id) fills the 扣分 and 备注 cells of one file's sheet."""
    env = env or make_environment()
    return env.get_template("checklist/sheet.html.j2").render(
        sheet_title=SHEET_TITLE,
        checklist=checklist,
        columns=COLUMNS,
        header=_header_values(header),
        sections=sheet_sections(checklist),
        veto_rule=checklist.scoring.describe_veto(),
        bonus_note=bonus_note(checklist),
        veto_marks=VETO_MARKS,
        grade_bands=grade_bands(checklist),
        total=fmt_points(checklist.scoring.total),
        prefill=prefill or {},
    )


WIDTHS = (14, 6, 56, 6, 22, 6, 6, 12)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_xlsx(checklist: Checklist, path: Path, header: dict[str, str] | None = None) -> None:
    """Write the printable sheet as an xlsx workbook (A4 portrait, header row repeated per page).

    Every text is written as text, so an item that looks like a formula stays text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评查评分表"
    last = get_column_letter(len(COLUMNS))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    def put(row: int, column: int, value, *, bold=False, align=WRAP, border=True):
        cell = set_value(sheet.cell(row=row, column=column), value)
        cell.alignment = align
        cell.font = Font(name="仿宋", size=11, bold=bold)
        if border:
            cell.border = BOX
        return cell

    put(1, 1, SHEET_TITLE, bold=True, align=CENTER, border=False).font = Font(
        name="黑体", size=16, bold=True
    )
    sheet.merge_cells(f"A1:{last}1")
    put(2, 1, f"{checklist.title}（版本 {checklist.version}）", align=CENTER, border=False)
    sheet.merge_cells(f"A2:{last}2")
    values = _header_values(header)
    for offset, pair in enumerate((HEADER_FIELDS[:2], HEADER_FIELDS[2:])):
        row = 3 + offset
        for (start, end), name in zip(((1, 3), (4, 8)), pair, strict=True):
            put(row, start, f"{name}：{values[name]}", border=False)
            sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
    head = 6
    for column, name in enumerate(COLUMNS, start=1):
        put(head, column, name, bold=True, align=CENTER)
    row = head + 1
    for section in sheet_sections(checklist):
        first = row
        for item in section.rows:
            content = f"{item.title}：{item.requirement}" if item.requirement else item.title
            if item.basis:
                content += f"\n依据：{item.basis}"
            cells = [section.title, item.number, content, item.points, item.rule, "", "", ""]
            if item.veto and item.points == "否决":
                cells[5] = "\n".join(VETO_MARKS)
            for column, value in enumerate(cells, start=1):
                put(row, column, value, align=WRAP if column in (3, 5) else CENTER)
            if item.veto and item.points == "否决":
                sheet.merge_cells(start_row=row, start_column=6, end_row=row, end_column=7)
            sheet.row_dimensions[row].height = 15 * max(
                _lines(content, WIDTHS[2]), _lines(item.rule, WIDTHS[4]), 1
            )
            row += 1
        if row - first > 1:
            sheet.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    total = fmt_points(checklist.scoring.total)
    for column, value in enumerate(["合计", "", "", total, "", "", "", ""], start=1):
        put(row, column, value, bold=True, align=CENTER)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    notes = [
        f"否决规则：{checklist.scoring.describe_veto()}",
        *filter(None, [bonus_note(checklist)]),
        "评查结论：" + "　".join(f"□{band}" for band in grade_bands(checklist)),
        "评查人（签名）：　　　　　　　　　　复核人（签名）：　　　　　　　　　　日期：",
    ]
    for note in notes:
        row += 1
        put(row, 1, note, border=False)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        sheet.row_dimensions[row].height = 30
    sheet.print_title_rows = f"{head}:{head}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.save(path)
