"""回头看: re-run the automatic checks on the units' corrected registers and mark each ledger row.

Each row gets 已消除 (the check now passes), 仍存在 (it still fails) or 无法自动核实
(manual item, suggestion, needs_review, case not found). The result goes into a
copy of the ledger; the input ledger and registers are never modified.
"""

import datetime as dt
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from evaltool.errors import EvaltoolError
from evaltool.pipeline import check_registers
from evaltool.plugins import Registry
from evaltool.rectify.ledger import DONE, RECHECK_COLUMNS, SUGGESTION, problem_id
from evaltool.rectify.reading import (
    RECHECK_REMAINS,
    LedgerFile,
    LedgerRow,
    State,
    open_workbook,
    read_ledger,
)
from evaltool.render.mask import mask_ids
from evaltool.score.results import standard_of
from evaltool.xlsx import save_workbook, set_value

GONE, REMAINS, UNVERIFIABLE = "已消除", RECHECK_REMAINS, "无法自动核实"
RESULTS = (GONE, REMAINS, UNVERIFIABLE)
CLOSING_OPINION = "回头看：自动检查复核通过，问题已消除"


@dataclass
class Recheck:
    """The 回头看 result of one ledger row."""

    row: LedgerRow
    result: str
    note: str
    closed_now: bool = False


@dataclass
class VerifyReport:
    """What 回头看 found, and where the marked copy of the ledger was written."""

    ledger: str
    output: Path
    review_date: dt.date
    registers: int
    rechecks: list[Recheck]
    file_errors: list[str] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(r.result == result for r in self.rechecks)


def verify_ledger(
    ledger_path: str | Path,
    registers: Iterable[str | Path],
    *,
    output: str | Path,
    checklist: str | Path | None = None,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    close: bool = False,
) -> VerifyReport:
    """Check the corrected registers, mark every ledger row and write the marked copy to ``output``.

    With ``close``, rows whose problem is gone and that are not yet signed off get
    整改状态 已整改, a 复核意见 and 销号日期 = ``review_date`` in the copy.
    """
    review_date = review_date or dt.date.today()
    output = Path(output)
    if output.resolve() == Path(ledger_path).resolve():
        raise EvaltoolError(f"{output}：输出文件不能是输入的台账本身，回头看结果写入台账副本")
    ledger = read_ledger(ledger_path)
    results = check_registers(
        registers,
        checklist=checklist or _checklist_of(ledger),
        registry=registry,
        unit=unit,
        review_date=review_date,
        include_pass=True,
    )
    if not results["inputs"]:
        raise EvaltoolError(
            "没有读取到任何整改后的登记表，未进行回头看"
            + "".join(f"\n{e}" for e in results["file_errors"])
        )
    finder = _CaseFinder(results)
    rechecks = [Recheck(row, *finder.recheck(row)) for row in ledger.rows]
    _write_copy(ledger, rechecks, output, review_date, close=close)
    return VerifyReport(
        ledger=str(ledger_path),
        output=output,
        review_date=review_date,
        registers=len(results["inputs"]),
        rechecks=rechecks,
        file_errors=results["file_errors"],
    )


def _checklist_of(ledger: LedgerFile) -> str | None:
    """The checklist the ledger was made with: its file when still there, else its id."""
    path = ledger.meta.get("checklist_path")
    if path and Path(path).is_file():
        return path
    return ledger.meta.get("checklist_id")


class _CaseFinder:
    """Finds a ledger row's case and item in the new results and says what became of the problem."""

    def __init__(self, results: dict[str, Any]):
        # ledgers carry case numbers masked (an ID number inside one is personal data)
        self.cases: dict[tuple[str, str], list[dict]] = {}
        for case in results["cases"]:
            self.cases.setdefault((case["unit"], mask_ids(case["case_no"])), []).append(case)
        self.units = {case["unit"] for case in results["cases"]}
        self.skipped = {
            (s["unit"], mask_ids(s["case_no"])): s["reason"] for s in results["skipped"]
        }
        self.results = results
        self.gaps = {
            (g["file"], g["sheet"], g.get("checklist"), g["item_id"]): g
            for g in results["not_assessed"]
        }
        self.issues = {(i["file"], i["sheet"], i["cell"]): i for i in results["data_issues"]}

    def recheck(self, row: LedgerRow) -> tuple[str, str]:
        key = row.key
        if key.kind == SUGGESTION:
            return UNVERIFIABLE, "建议事项不作自动核实，需人工复核"
        cases = self.cases.get((key.unit, mask_ids(key.case_no)), [])
        if len({c["case_no"] for c in cases}) > 1:  # case numbers that mask alike
            base = key.id.split("#")[0]
            cases = [
                c
                for c in cases
                if problem_id(c["unit"], c["case_no"], key.item_id, key.kind) == base
            ]
        if not cases:
            return UNVERIFIABLE, self._not_found(key.unit, mask_ids(key.case_no))
        if len(cases) > 1:
            places = "、".join(_where(c["source"]) for c in cases)
            return (
                UNVERIFIABLE,
                f"整改后的登记表中该案号出现 {len(cases)} 次（{places}），无法确定对应的案卷",
            )
        case = cases[0]
        where = _where(case["source"])
        finding = next((f for f in case["findings"] if f["item_id"] == key.item_id), None)
        if finding is None:
            return UNVERIFIABLE, f"{where}：{self._no_finding(key.item_id, case)}"
        outcome, message = finding["outcome"], finding["message"]
        if outcome == "pass":
            return GONE, f"{where}：复查通过（{message}）"
        if outcome == "fail":
            return REMAINS, f"{where}：{message}"
        if outcome == "needs_review":
            return UNVERIFIABLE, f"{where}：需人工核对：{message}{self._issues_at(case, finding)}"
        return UNVERIFIABLE, f"{where}：检查不适用，需人工复核：{message}"

    def _issues_at(self, case: dict[str, Any], finding: dict[str, Any]) -> str:
        """The data issues of the finding's cells: the ledger shows no list of them beside it."""
        source = case["source"]
        found = [
            self.issues[key]
            for cell in finding["cells"]
            if (key := (source["file"], source["sheet"], cell)) in self.issues
        ]
        shown = "；".join(f"{i['cell']} {i['message']}（原值：{i['raw']}）" for i in found)
        return f"（数据问题：{shown}）" if shown else ""

    def _not_found(self, unit: str, case_no: str) -> str:
        if (unit, case_no) in self.skipped:
            return f"整改后的登记表中该案卷未评查：{self.skipped[unit, case_no]}"
        if unit not in self.units:
            return f"整改后的登记表中没有执法单位「{unit}」的案卷（单位名称不同时可用 --unit 指定）"
        return f"整改后的登记表中没有找到案号「{case_no}」"

    def _no_finding(self, item_id: str, case: dict[str, Any]) -> str:
        standard = standard_of(self.results, case)
        item = next((i for i in standard.get("items", []) if i["id"] == item_id), None)
        if item is None:
            return f"评查标准中没有评查项目 {item_id}，需人工复核"
        if not item["check"]:
            return f"{item_id} 是人工评查项目，需人工复核"
        source = case["source"]
        gap = self.gaps.get((source["file"], source["sheet"], case.get("checklist"), item_id))
        return gap["message"] if gap else f"没有评查项目 {item_id} 的检查结果，需人工复核"


def _where(source: dict[str, Any]) -> str:
    return f"{Path(source['file']).name}「{source['sheet']}」第{source['row']}行"


def _write_copy(
    ledger: LedgerFile, rechecks: list[Recheck], output: Path, day: dt.date, *, close: bool
) -> None:
    workbook = open_workbook(ledger.path, data_only=False)
    sheet = workbook[ledger.sheet]
    columns = dict(ledger.columns)
    model = sheet[f"{columns['status']}{ledger.header_row}"]
    for column in RECHECK_COLUMNS:
        if column.key not in columns:
            letter = get_column_letter(sheet.max_column + 1)
            header = set_value(sheet[f"{letter}{ledger.header_row}"], column.header)
            header.font, header.fill = copy(model.font), copy(model.fill)
            header.alignment = copy(model.alignment)
            sheet.column_dimensions[letter].width = 16 if column.key != "recheck_note" else 50
            columns[column.key] = letter
    for recheck in rechecks:
        row = recheck.row.row
        for key, value in (
            ("recheck", recheck.result),
            ("recheck_note", recheck.note),
            ("recheck_on", day),
        ):
            cell = set_value(sheet[f"{columns[key]}{row}"], value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if key == "recheck_on":
                cell.number_format = "yyyy-mm-dd"
        if (
            close
            and recheck.result == GONE
            and recheck.row.state not in (State.CLOSED, State.ACCEPTED)
        ):
            _close(sheet, columns, recheck, day)
    save_workbook(workbook, output)


def _close(sheet, columns: dict[str, str], recheck: Recheck, day: dt.date) -> None:
    """Sign the row off in the copy: 已整改, a 复核意见 and today's 销号日期."""
    needed = ("status", "opinion", "closed_on")
    if any(key not in columns for key in needed):
        return
    row, text = recheck.row.row, recheck.row.text
    set_value(sheet[f"{columns['status']}{row}"], DONE)
    opinion = f"{text['opinion']}；{CLOSING_OPINION}" if text.get("opinion") else CLOSING_OPINION
    set_value(sheet[f"{columns['opinion']}{row}"], opinion)
    set_value(sheet[f"{columns['closed_on']}{row}"], day).number_format = "yyyy-mm-dd"
    recheck.closed_now = True
