"""The 整改台账: one row per problem (or suggestion) from a results document, as a protected workbook.

The visible sheet is what units fill in. Two very hidden sheets carry what the
issuer wrote (``_evaltool_keys``: one row per 问题编号 with unit, case, item,
check and the original texts) and how the ledger was made (``_evaltool_meta``),
so that a returned ledger can be checked for edits and matched to its cases
again even when rows were re-ordered, filtered or re-typed.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import evaltool
from evaltool.calendar import Calendar, no_data_warning
from evaltool.collector import paused
from evaltool.config import ReviewConfig
from evaltool.errors import EvaltoolError
from evaltool.render.mask import mask_case_text, mask_ids
from evaltool.score.results import standard_of, standards_of
from evaltool.xlsx import Restyler, save_workbook, set_value, write_table

LEDGER_SHEET = "整改台账"
KEYS_SHEET = "_evaltool_keys"
META_SHEET = "_evaltool_meta"
LEDGER_FORMAT = "evaltool-ledger/1"
HEADER_ROW = 3  # title and instructions above it

PROBLEM, SUGGESTION = "问题", "建议"
UNIT_LEVEL = "单位层面"  # the 案号 of a unit-level item's row (level: unit): no file concerned
NOT_STARTED, IN_PROGRESS, DONE, CANNOT = "未整改", "整改中", "已整改", "无法整改（已说明）"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, CANNOT)

ISSUER, UNIT, REVIEWER, RECHECK = "issuer", "unit", "reviewer", "recheck"


@dataclass(frozen=True)
class Column:
    """A ledger column and who fills it: the issuer (locked, checked on return), the unit or the reviewer."""

    key: str
    header: str
    editor: str


COLUMNS = (
    Column("seq", "序号", ISSUER),
    Column("unit", "执法单位", ISSUER),
    Column("case_no", "案号", ISSUER),
    Column("id", "问题编号", ISSUER),
    Column("kind", "类型", ISSUER),
    Column("category", "问题类别", ISSUER),
    Column("description", "问题描述", ISSUER),
    Column("basis", "依据", ISSUER),
    Column("remediation", "整改建议", ISSUER),
    Column("measures", "整改措施", UNIT),
    Column("responsible", "责任人", UNIT),
    Column("deadline", "整改时限", ISSUER),
    Column("status", "整改状态", UNIT),
    Column("evidence", "佐证材料", UNIT),
    Column("reviewer", "复核人", REVIEWER),
    Column("opinion", "复核意见", REVIEWER),
    Column("closed_on", "销号日期", REVIEWER),
    # A hidden copy of 问题编号: the row is still found when the visible one is edited.
    Column("key", "问题编号（校验）", ISSUER),
)
# Written by `rectify verify` into its copy of the ledger.
RECHECK_COLUMNS = (
    Column("recheck", "回头看结果", RECHECK),
    Column("recheck_note", "回头看说明", RECHECK),
    Column("recheck_on", "回头看日期", RECHECK),
)
COLUMN_BY_KEY = {c.key: c for c in (*COLUMNS, *RECHECK_COLUMNS)}
# Columns people write sentences in, wide enough while still empty.
TEXT_WIDTHS = {"整改措施": 36, "佐证材料": 30, "复核意见": 30}
# Issuer columns a unit must not change (序号 may be renumbered after sorting).
PROTECTED = ("unit", "case_no", "id", "kind", "category", "description", "basis", "remediation")
PROTECTED_DATES = ("deadline",)
DATE_COLUMNS = ("deadline", "closed_on")

INSTRUCTIONS = (
    "填写说明：灰色列由评查机构填写，请勿修改（修改会被检出）。执法单位填写「整改措施」「责任人」"
    "「整改状态」「佐证材料」；整改状态从下拉列表选择：未整改、整改中、已整改、无法整改（已说明）；"
    "选择“已整改”须在「佐证材料」中列明材料名称。「复核人」「复核意见」「销号日期」由复核人员填写。"
    "请勿增删行、列，可以筛选和排序。"
)
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class ProblemKey:
    """What the issuer wrote for one ledger row, and where its case is."""

    id: str
    unit: str
    case_no: str
    item_id: str
    check: str | None
    kind: str
    category: str | None
    description: str
    basis: str | None
    remediation: str | None
    deadline: dt.date | None
    source_file: str | None = None
    source_sheet: str | None = None
    source_row: int | None = None

    def cells(self) -> dict[str, Any]:
        """The values of the visible issuer columns, by column key."""
        return {name: getattr(self, name) for name in (*PROTECTED, *PROTECTED_DATES)}


KEY_FIELDS = tuple(f.name for f in fields(ProblemKey))


@dataclass
class Ledger:
    """The rows of a ledger (as keys), how it was made, and warnings for the person making it."""

    keys: list[ProblemKey]
    meta: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(k.unit for k in self.keys))

    def for_unit(self, unit: str) -> "Ledger":
        return replace(self, keys=[k for k in self.keys if k.unit == unit])

    def count(self, kind: str) -> int:
        return sum(k.kind == kind for k in self.keys)


def problem_id(unit: str, case_no: str, item_id: str, kind: str = PROBLEM) -> str:
    """The stable 问题编号: 8 hex digits of SHA-256 over unit and case number, then the item id.

    The same case and item give the same number in every run; a suggestion ends in ``-建议``.
    """
    digest = hashlib.sha256(f"{unit}\x1f{case_no}".encode()).hexdigest()[:8].upper()
    return f"{digest}-{item_id}{'-建议' if kind == SUGGESTION else ''}"


def item_of(problem: str) -> str:
    """The item id inside a 问题编号 (for ledgers that lost their hidden keys)."""
    body = problem.split("#")[0].removesuffix("-建议")
    return body.split("-", 1)[1] if "-" in body else ""


def finding_kind(finding: dict[str, Any]) -> str | None:
    """问题 for a failed finding, 建议 for a finding marked ``kind: suggestion``; None otherwise.

    Waived findings are neither; ``needs_review`` is never a problem.
    """
    if finding.get("waived"):
        return None
    if finding.get("kind") == "suggestion":
        return SUGGESTION
    if finding.get("outcome") == "fail":
        return PROBLEM
    return None


def in_ledger(finding: dict[str, Any]) -> bool:
    """The findings a ledger is built from (``load_results(path, findings=in_ledger)``)."""
    return finding_kind(finding) is not None


def build_ledger(
    results: dict[str, Any],
    *,
    issued: dt.date,
    workdays: int,
    calendar: Calendar | None = None,
) -> Ledger:
    """The ledger rows of a results document, due ``workdays`` working days after ``issued``."""
    calendar = calendar or Calendar()
    deadline = calendar.add_workdays(issued, workdays)
    standards = {
        cid: {item["id"]: item for item in s.get("items", [])}
        for cid, s in standards_of(results).items()
    }
    keys: list[ProblemKey] = []
    seen: dict[str, int] = {}
    warnings: list[str] = []
    for case in results["cases"]:
        items = standards[standard_of(results, case).get("id")]
        for finding in case["findings"]:
            kind = finding_kind(finding)
            if kind is None:
                continue
            item = items.get(finding["item_id"], {})
            number = problem_id(case["unit"], case["case_no"], finding["item_id"], kind)
            seen[number] = seen.get(number, 0) + 1
            if seen[number] > 1:
                number = f"{number}#{seen[number]}"
                warnings.append(
                    f"{case['unit']} 案号「{case['case_no']}」在评查结果中出现多次"
                    f"（{_where(case['source'])}），问题编号加后缀区分为 {number}；请核对重复的案号"
                )
            keys.append(
                ProblemKey(
                    id=number,
                    unit=case["unit"],
                    case_no=mask_ids(case["case_no"]),
                    item_id=finding["item_id"],
                    check=finding.get("check"),
                    kind=kind,
                    category=item.get("category"),
                    description=mask_case_text(_description(finding, item), case),
                    basis=finding.get("basis") or item.get("basis"),
                    remediation=item.get("remediation"),
                    deadline=deadline,
                    source_file=case["source"]["file"],
                    source_sheet=case["source"]["sheet"],
                    source_row=case["source"]["row"],
                )
            )
    keys += _unit_level_keys(results, standards.get(results["checklist"].get("id"), {}), deadline)
    if calendar.fallback_years:
        warnings.append(no_data_warning(calendar.fallback_years))
    checklist = results["checklist"]
    meta = {
        "format": LEDGER_FORMAT,
        "tool_version": evaltool.__version__,
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "results_generated_at": results.get("generated_at"),
        "review_date": results.get("review_date"),
        "checklist_id": checklist.get("id"),
        "checklist_version": checklist.get("version"),
        "checklist_path": checklist.get("path"),
        "issued": issued.isoformat(),
        "workdays": workdays,
        "deadline": deadline.isoformat(),
    }
    return Ledger(keys, meta, warnings)


def _unit_level_keys(
    results: dict[str, Any], items: dict[str, dict[str, Any]], deadline: dt.date
) -> list[ProblemKey]:
    """One row per deducted unit-level item (``unit_items`` of results.units), 案号 单位层面;
    items still open (待评查) or marked without deduction are no problem."""
    cases: dict[str, list[dict]] = {}
    for case in results["cases"]:
        cases.setdefault(case["unit"], []).append(case)
    keys = []
    for unit in results["units"]:
        for scored in (unit.get("unit_items") or {}).get("items", []):
            if not scored["deduction"]:
                continue
            item = items.get(scored["item_id"], {})
            reason = f"：{scored['reason']}" if scored["reason"] else ""
            description = mask_ids(f"{scored['item_id']} {scored['title']}{reason}")
            for case in cases.get(unit["unit"], []):  # the unit's people as its files name them
                description = mask_case_text(description, case)
            keys.append(
                ProblemKey(
                    id=problem_id(unit["unit"], UNIT_LEVEL, scored["item_id"]),
                    unit=unit["unit"],
                    case_no=UNIT_LEVEL,
                    item_id=scored["item_id"],
                    check=None,
                    kind=PROBLEM,
                    category=item.get("category"),
                    description=description,
                    basis=item.get("basis"),
                    remediation=item.get("remediation"),
                    deadline=deadline,
                )
            )
    return keys


def issued_ledger(results: dict[str, Any], config: ReviewConfig) -> Ledger:
    """The bureau's own copy of the ledger of these results, as `evaltool ledger` issues it with
    this review config (issue date, working days): the reference returned ledgers are compared with.

    Raises EvaltoolError without an issue date: the deadlines could not be known.
    """
    if config.issue_date is None:
        raise EvaltoolError(
            "核对台账需要整改通知的成文日期，才能得出印发时的整改时限：请在评查配置中填写 "
            "issue_date，或使用 --issue-date"
        )
    return build_ledger(
        results,
        issued=config.issue_date,
        workdays=config.deadline_workdays,
        calendar=config.calendar(),
    )


def _where(source: dict[str, Any]) -> str:
    return f"{Path(source['file']).name}「{source['sheet']}」第{source['row']}行"


def _description(finding: dict[str, Any], item: dict[str, Any]) -> str:
    veto = "【否决项】" if finding.get("veto") and finding.get("outcome") == "fail" else ""
    title = f" {item['title']}" if item.get("title") else ""
    return f"{veto}{finding['item_id']}{title}：{finding['message']}"


def write_ledger(ledger: Ledger, path: str | Path, *, title: str = "整改台账") -> Path:
    """Write the ledger workbook atomically; issuer columns locked, status a dropdown.

    The cycle collector is paused meanwhile: the workbook's cells, millions on 10^5 cases, live
    until it is saved, and each whole-heap scan would walk them all again.
    """
    with paused():
        return _write_ledger(ledger, path, title)


def _write_ledger(ledger: Ledger, path: str | Path, title: str) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEDGER_SHEET
    last_letter = get_column_letter(
        len(COLUMNS) - 1
    )  # the hidden key column stays out of the banner
    set_value(sheet["A1"], title).font = Font(bold=True, size=14)
    sheet.merge_cells(f"A1:{last_letter}1")
    set_value(sheet["A2"], INSTRUCTIONS).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A2:{last_letter}2")
    sheet.row_dimensions[2].height = 48
    last_row = write_table(
        sheet,
        [c.header for c in COLUMNS],
        (_visible_row(n, key) for n, key in enumerate(ledger.keys, start=1)),
        start_row=HEADER_ROW,
        min_widths=TEXT_WIDTHS,
    )
    _protect(sheet, last_row)
    _write_hidden(workbook, KEYS_SHEET, KEY_FIELDS, [_key_row(k) for k in ledger.keys])
    _write_hidden(workbook, META_SHEET, ("key", "value"), list(ledger.meta.items()))
    return save_workbook(workbook, path)


def _visible_row(seq: int, key: ProblemKey) -> list[Any]:
    values = {**key.cells(), "seq": seq, "status": NOT_STARTED, "key": key.id}
    return [values.get(column.key) for column in COLUMNS]


def _key_row(key: ProblemKey) -> list[Any]:
    deadline = key.deadline.isoformat() if key.deadline else None
    return [deadline if name == "deadline" else getattr(key, name) for name in KEY_FIELDS]


def _protect(sheet: Worksheet, last_row: int) -> None:
    """Lock and grey the issuer columns, unlock the others, add the status dropdown, hide the key."""
    first_row = HEADER_ROW + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        restyle = Restyler(partial(_column_style, column))
        for row in range(first_row, last_row + 1):
            restyle(sheet.cell(row=row, column=index))
        if column.key == "status" and last_row >= first_row:
            choices = DataValidation(
                type="list",
                formula1=f'"{",".join(STATUSES)}"',
                allow_blank=True,
                showErrorMessage=True,
            )
            choices.error = f"请从下拉列表选择：{'、'.join(STATUSES)}"
            choices.errorTitle = "整改状态"
            choices.add(f"{letter}{first_row}:{letter}{last_row}")
            sheet.add_data_validation(choices)
        if column.key == "key":
            sheet.column_dimensions[letter].hidden = True
    visible = get_column_letter(len(COLUMNS) - 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{visible}{max(last_row, HEADER_ROW)}"
    protection = sheet.protection
    protection.sheet = True
    # False means "allowed on the protected sheet": units may filter, sort and resize.
    protection.autoFilter = protection.sort = False
    protection.formatColumns = protection.formatRows = protection.formatCells = False


def _column_style(column: Column, cell) -> None:
    """A ledger cell's protection: the issuer's columns locked and grey, dates as dates."""
    if column.editor == ISSUER:
        cell.fill = LOCKED_FILL
    else:
        cell.protection = UNLOCKED
    if column.key in DATE_COLUMNS:
        cell.number_format = "yyyy-mm-dd"


def _write_hidden(workbook: Workbook, title: str, headers, rows) -> None:
    """A machine-readable sheet (header, then rows), unstyled and hidden from the Excel interface."""
    sheet = workbook.create_sheet(title)
    for row_number, values in enumerate([headers, *rows], start=1):
        for column, value in enumerate(values, start=1):
            set_value(sheet.cell(row=row_number, column=column), value)
    sheet.sheet_state = "veryHidden"
