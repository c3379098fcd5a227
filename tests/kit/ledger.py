"""Helpers for the rectification tests: a small two-unit district with known problems, and a filler
that edits a ledger the way a unit would (by 问题编号, never by row position)."""

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from evaltool.pipeline import check_registers
from evaltool.rectify.ledger import build_ledger, problem_id, write_ledger
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row

MARKET, CITY = "区市场监督管理局", "区城市管理综合行政执法局"
ISSUED = dt.date(2024, 7, 1)  # + 30 working days = 2024-08-12

# (unit, case number, changes) -> the problems the built-in checks find
DISTRICT = [
    (MARKET, "区市监罚〔2023〕1号", {}),  # clean
    (MARKET, "区市监罚〔2023〕2号", {"执法人员": "王明"}),  # V01
    (MARKET, "区市监罚〔2023〕3号", {"送达日期": dt.date(2023, 5, 5)}),  # S01
    (MARKET, "区市监罚〔2023〕4号", {"告知日期": dt.date(2023, 4, 25)}),  # V02
    (CITY, "区城管罚〔2023〕1号", {"执法人员": "李静"}),  # V01
    (CITY, "区城管罚〔2023〕2号", {"送达日期": dt.date(2023, 5, 5)}),  # S01
    (CITY, "区城管罚〔2023〕3号", {"送达日期": "2023年13月5日"}),  # unreadable: needs_review only
]
PROBLEMS = {
    (MARKET, "区市监罚〔2023〕2号", "V01"),
    (MARKET, "区市监罚〔2023〕3号", "S01"),
    (MARKET, "区市监罚〔2023〕4号", "V02"),
    (CITY, "区城管罚〔2023〕1号", "V01"),
    (CITY, "区城管罚〔2023〕2号", "S01"),
}


def district_rows(fixed: set[str] = frozenset()) -> list[dict]:
    """The district's register rows; cases named in ``fixed`` have their defect corrected."""
    return [
        case_row(执法单位=unit, 案号=case_no, **({} if case_no in fixed else changes))
        for unit, case_no, changes in DISTRICT
    ]


def district_results(write_register, **kwargs) -> dict:
    return check_registers(
        [write_register(district_rows(), **kwargs)],
        checklist=FIXED_CHECKLIST,
        review_date=REVIEW_DATE,
    )


def make_ledger(write_register, tmp_path: Path, results=None, name="整改台账.xlsx") -> Path:
    """The district's ledger, issued 2024-07-01 with 30 working days (due 2024-08-12)."""
    results = results or district_results(write_register)
    return write_ledger(build_ledger(results, issued=ISSUED, workdays=30), tmp_path / name)


def pid(unit: str, case_no: str, item_id: str) -> str:
    return problem_id(unit, case_no, item_id)


def fill(
    path: Path, out: Path, edits: dict[str, dict[str, object]], *, reverse=False, drop=()
) -> Path:
    """Write ``edits`` ({问题编号: {header: value}}) into a copy of a ledger, as a unit would.

    ``reverse`` also reverses the data rows (a unit sorting the sheet); ``drop`` deletes the
    rows of these 问题编号.
    """
    workbook = load_workbook(path)
    sheet = workbook["整改台账"]
    headers = {cell.value: cell.column_letter for cell in sheet[3] if cell.value}
    rows = {sheet[f"{headers['问题编号']}{r}"].value: r for r in range(4, sheet.max_row + 1)}
    for number, changes in edits.items():
        for header, value in changes.items():
            sheet[f"{headers[header]}{rows[number]}"] = value
    for row in sorted((rows[number] for number in drop), reverse=True):
        sheet.delete_rows(row)
    if reverse:
        data = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
        for offset, values in enumerate(reversed(data)):
            for col, value in enumerate(values, start=1):
                sheet.cell(row=4 + offset, column=col).value = value
    workbook.save(out)
    return out


def forge(path, out, *, visible=None, hidden=None, drop=()):
    """Edit visible cells ({问题编号: {header: value}}), hidden keys ({问题编号: {field: value}})
    and delete rows and their keys together, as a determined unit would."""
    fill(path, out, visible or {}, drop=drop)
    workbook = load_workbook(out)
    keys = workbook["_evaltool_keys"]
    header = [c.value for c in keys[1]]
    for row in range(keys.max_row, 1, -1):
        number = keys.cell(row=row, column=1).value
        if number in drop:
            keys.delete_rows(row)
            continue
        for name, value in (hidden or {}).get(number, {}).items():
            keys.cell(row=row, column=header.index(name) + 1).value = value
    workbook.save(out)
    return out


def row_of(path: Path, number: str) -> int:
    """The Excel row that holds a 问题编号 in a ledger."""
    sheet = load_workbook(path)["整改台账"]
    column = next(c.column_letter for c in sheet[3] if c.value == "问题编号")
    return next(r for r in range(4, sheet.max_row + 1) if sheet[f"{column}{r}"].value == number)
