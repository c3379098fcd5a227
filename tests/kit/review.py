"""Helpers for the review tests: a small checklist, and filling workbooks as reviewers do."""

from pathlib import Path

from openpyxl import load_workbook

from kit import registers

REVIEW_DATE = registers.REVIEW_DATE.isoformat()  # as the command line takes it

# The national layout in miniature, so tests do not depend on the shipped checklist's item ids.
CHECKLIST = """\
id: review-test
title: 评查测试标准
version: "1"
applies_to: [普通程序]
scoring:
  total: 100
  grades:
    - {name: 优秀, min: 90}
    - {name: 合格, min: 60}
    - {name: 不合格, min: 0}
groups:
  - id: veto
    title: 否决项
    veto: true
    items:
      - {id: V01, title: 执法人员不少于两人, category: 程序, check: officers.min_two}
      - {id: V03, title: 事实清楚证据确凿, category: 事实与证据, manual: true}
  - id: decision
    title: 审核与决定
    points: 50
    items:
      - {id: D01, title: 按期决定, points: 20, category: 程序, check: deadline.decision}
      - {id: D02, title: 决定书内容完整, points: 30, deduct: {each: 3}, category: 文书制作, manual: true}
  - id: service
    title: 送达
    points: 50
    items:
      - {id: S01, title: 按期送达, points: 20, category: 程序, check: deadline.service}
      - {id: S02, title: 送达文书规范, points: 30, deduct: {fixed: 10}, category: 文书制作, manual: true}
"""

# A 简易程序 standard in miniature, for registers holding both procedures. Its D01 is another item
# than the ordinary one's (60 points, not 20): a mark is only valid against the file's own standard.
SIMPLE_CHECKLIST = """\
id: review-simple-test
title: 简易程序评查测试标准
version: "1"
applies_to: [简易程序]
scoring:
  total: 100
  grades:
    - {name: 优秀, min: 90}
    - {name: 合格, min: 60}
    - {name: 不合格, min: 0}
groups:
  - id: veto
    title: 否决项
    veto: true
    items:
      - {id: V01, title: 执法人员不少于两人, category: 程序, check: officers.min_two}
  - id: onsite
    title: 当场处罚
    points: 100
    items:
      - {id: D01, title: 当场处罚决定书内容完整, points: 60, deduct: {each: 5}, category: 文书制作, manual: true}
      - {id: X01, title: 当场交付决定书, points: 40, deduct: {fixed: 40}, category: 程序, manual: true}
"""
SIMPLE_FILE = "简易程序标准.yaml"

INPUT_STATUSES = ("人工评查", "待人工核对", "未自动评估")
FILE_STATUS = "本卷确认"


def write_checklist(tmp_path: Path) -> Path:
    path = tmp_path / "标准.yaml"
    path.write_text(CHECKLIST, encoding="utf-8")
    return path


def write_mixed_standards(tmp_path: Path) -> Path:
    """The test standard for 普通程序 naming the miniature 简易程序 standard beside it as its
    companion, as national-ordinary names simple; returns the ordinary one's path."""
    (tmp_path / SIMPLE_FILE).write_text(SIMPLE_CHECKLIST, encoding="utf-8")
    path = tmp_path / "普通程序标准.yaml"
    companion = f"companions: {{简易程序: {SIMPLE_FILE}}}\n"
    path.write_text(CHECKLIST.replace("scoring:\n", companion + "scoring:\n", 1), encoding="utf-8")
    return path


def fill(
    src,
    dst,
    sheet_name,
    *,
    marks=None,
    confirm=None,
    overrule=None,
    reviewer=None,
    complete=True,
    file_ok=(),
):
    """Fill a scoring sheet as a reviewer would, save it as ``dst``.

    ``marks`` maps (案号, item id) to a deduction or 是/否 (or a (value, reason) pair);
    ``confirm`` maps (案号, item id) of automatic failures to 是/否 (veto failures default
    to 是). ``overrule`` maps (案号, item id) of automatic rows to the deduction or 是/否 typed
    over the prefilled one. With ``complete``, every other input row gets 0 / 否; ``file_ok``
    lists the 案号 whose 「本卷其余项目无问题」 row gets 是 instead. ``reviewer`` signs the
    rows it fills.
    """
    marks, confirm, overrule = marks or {}, confirm or {}, overrule or {}
    workbook = load_workbook(src)
    sheet = workbook[sheet_name]
    column = {cell.value: cell.column_letter for cell in sheet[1]}

    def put(header, row, value):
        sheet[f"{column[header]}{row}"] = value

    def get(header, row):
        return sheet[f"{column[header]}{row}"].value

    for row in range(2, sheet.max_row + 1):
        key = (get("案号", row), get("评查项目编号", row))
        veto = get("分值", row) == "否决项"
        value = None
        if get("自动检查", row) == FILE_STATUS:
            value = "是" if key[0] in file_ok else None
            target = "确认"
        elif get("自动检查", row) in INPUT_STATUSES:
            default = ("否" if veto else 0) if complete and key[0] not in file_ok else None
            value = marks.get(key, default)
            target = "扣分"
        elif key in overrule:
            value = overrule[key]
            target = "扣分"
        elif get("自动检查", row) == "不符合" and (key in confirm or veto):
            value = confirm.get(key, "是")
            target = "确认"
        if value is None:
            continue
        value, reason = value if isinstance(value, tuple) else (value, None)
        put(target, row, value)
        objection = value not in (0, "否") if target == "扣分" else value == "否"
        objection = objection or key in overrule
        if reason is None and objection:
            reason = "核实存在问题"
        if reason:
            put("扣分理由", row, reason)
        if reviewer:
            put("评查人", row, reviewer)
    workbook.save(dst)
    return dst


def sheet_rows(path, sheet_name) -> list[dict]:
    """A workbook sheet as dicts keyed by its header row."""
    sheet = load_workbook(path)[sheet_name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def fill_units(src, dst, marks, *, reviewer=None):
    """Fill the 单位评查 sheet as a reviewer would, save it as ``dst``.

    ``marks`` maps (执法单位, item id) to a deduction (or a (deduction, reason) pair). Rows
    prefilled with another reviewer's name are left alone; ``reviewer`` signs the rows filled.
    """
    workbook = load_workbook(src)
    sheet = workbook["单位评查"]
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        key = (
            sheet[f"{column['执法单位']}{row}"].value,
            sheet[f"{column['评查项目编号']}{row}"].value,
        )
        signed = sheet[f"{column['评查人']}{row}"].value
        if key not in marks or (signed and reviewer and signed != reviewer):
            continue
        value, reason = marks[key] if isinstance(marks[key], tuple) else (marks[key], None)
        sheet[f"{column['扣分']}{row}"] = value
        if reason is None and value not in (0, None):
            reason = "核实存在问题"
        if reason:
            sheet[f"{column['扣分理由']}{row}"] = reason
        if reviewer:
            sheet[f"{column['评查人']}{row}"] = reviewer
    workbook.save(dst)
    return dst
