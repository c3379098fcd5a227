"""Differential test (issue 17): what makes reading fast changes no case.

Reading keeps each column's parsed values (dates, units, amounts, lists) and one copy of its
repeated texts, pads short rows once and reads an empty text cell as an empty cell. Here every
register is read again with the caches off (each cell parsed on its own), with "" written as
empty cells and with rows cut after their last value, and every case value (with its type),
data issue, skipped row and note must be the same: the demo district, a register as the
benchmark makes them, and registers of random cells of every kind readers give (hypothesis).
"""

import datetime as dt
import gc
import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from evaltool.fields import FIELDS
from evaltool.read import table
from evaltool.read.table import build_register
from evaltool.read.values import raw_text
from evaltool.read.workbook import read_workbook

REPO = Path(__file__).resolve().parents[2]
REVIEW_DATE = dt.date(2024, 6, 30)
HEADERS = [*(f.header for f in FIELDS), "办案科室"]


def as_read(register) -> dict:
    """Everything reading tells about a register, values with their types."""
    return {
        "register": {
            name: getattr(register, name)
            for name in [
                "file",
                "sheet",
                "header_row",
                "columns",
                "unmapped",
                "reader",
                "headers",
                "format",
                "hidden",
                "skipped_rows",
                "title_unit",
                "notes",
            ]
        },
        "issues": [issue.as_dict() for issue in register.issues],
        "cases": [
            (
                case.row,
                case.unit,
                [(key, type(value).__name__, value) for key, value in case.values.items()],
                {key: issue.as_dict() for key, issue in case.issues.items()},
            )
            for case in register.cases
        ],
    }


@pytest.fixture
def uncached(monkeypatch):
    """Reading with every cell parsed on its own and no text kept once."""

    def read(function, *args, **kwargs):
        with monkeypatch.context() as patch:
            patch.setattr(table, "_CACHED_KINDS", set())
            patch.setattr(table, "_DISTINCT_TEXTS", 0)
            return function(*args, **kwargs)

    return read


def test_the_demo_district_reads_the_same_without_caches(uncached):
    registers = sorted((REPO / "examples" / "district" / "registers").glob("*.xlsx"))
    assert registers
    for path in registers:
        for engine in ("calamine", "openpyxl"):
            fast = read_workbook(path, review_date=REVIEW_DATE, engine=engine)
            slow = uncached(read_workbook, path, review_date=REVIEW_DATE, engine=engine)
            assert [as_read(r) for r in fast] == [as_read(r) for r in slow], path.name


def test_a_benchmark_register_reads_the_same_without_caches(uncached, tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_register", REPO / "benchmarks" / "make_register.py"
    )
    make_register = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_register)
    path = make_register.write_register(tmp_path / "登记表.xlsx", 3000, seed=17)
    [fast] = read_workbook(path, review_date=REVIEW_DATE)
    [slow] = uncached(read_workbook, path, review_date=REVIEW_DATE)
    assert len(fast.cases) == 3000 and as_read(fast) == as_read(slow)
    # the units, causes and sources of 3,000 cases are held once each
    units = {id(case.values["unit"]) for case in fast.cases}
    assert len(units) == len({case.values["unit"] for case in fast.cases}) == 22


# Cells as readers give them: empty, blank text, numbers as int or float, booleans, dates with
# and without a time, and texts each kind of field reads or refuses, drawn from small pools so
# that values repeat as they do in registers.
CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", "  ", "\n"]),
    st.sampled_from(
        [
            "2023-03-05",
            "2023年3月5日",
            "二〇二三年三月五日",
            "20230305",
            "2031-01-01",
            "2023-02-30",
            "是",
            "否",
            "√",
            "不详",
            "5000",
            "5,000元",
            "0.5万元",
            "伍仟元",
            "-5",
            "普通程序",
            "一般程序",
            "法人",
            "个体户",
            "王明、李静",
            "50020001；50020002",
            "罚款、警告",
            "5.00222E+17",
            " 甲局 ",
            "市监罚〔2023〕1号",
            "30天",
            "合计",
            "填表人：张三",
            "1、金额单位为万元",
        ]
    ),
    st.sampled_from([0, 1, 2, 30, 5000, 0.5, 1.0, 35000.0, 20230305, 45000.0, 10**17]),
    st.booleans(),
    st.sampled_from([dt.date(2023, 3, 5), dt.date(1985, 1, 1), dt.datetime(2023, 3, 5, 10, 30)]),
)


@st.composite
def registers(draw) -> list[list]:
    """Rows of cells from a few values, so that the same value comes back in a column."""
    pool = draw(st.lists(CELLS, min_size=1, max_size=8))
    row = st.integers(0, len(HEADERS)).flatmap(  # rows reaching the columns on the right too
        lambda n: st.lists(st.sampled_from(pool), min_size=n, max_size=n)
    )
    return draw(st.lists(row, min_size=1, max_size=30))


def read_rows(rows) -> dict:
    lines = [(1, HEADERS), *((n, row) for n, row in enumerate(rows, start=2))]
    return as_read(
        build_register("登记表.xlsx", "Sheet1", lines, reader="x", review_date=REVIEW_DATE)
    )


def cut(row: list) -> list:
    while row and (row[-1] is None or row[-1] == ""):
        row = row[:-1]
    return row


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=registers())
@example(rows=[[1] * len(HEADERS), [True] * len(HEADERS), [1.0] * len(HEADERS)])  # True == 1
def test_random_cells_read_the_same_however_the_row_comes(rows):
    read = read_rows(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table, "_CACHED_KINDS", set())
        patch.setattr(table, "_DISTINCT_TEXTS", 0)
        assert read_rows(rows) == read
    assert read_rows([[None if c == "" else c for c in row] for row in rows]) == read
    assert read_rows([cut(row) for row in rows]) == read
    padded = [row + [None] * (len(HEADERS) - len(row)) for row in rows]
    assert read_rows(padded) == read
    # a number first in a row is no total or note, as its text would not be one
    as_text = [[raw_text(c) if c.__class__ in (int, float) else c for c in row] for row in rows]
    assert read_rows(as_text)["register"]["skipped_rows"] == read["register"]["skipped_rows"]


def test_amounts_and_dates_keep_their_types():
    rows = [[1, "甲局", "罚〔2023〕1号", *[None] * 27, 5000.0], [2, "甲局", "罚〔2023〕2号"]]
    rows[0][HEADERS.index("立案日期")] = dt.date(2023, 3, 5)
    [first, second] = read_rows(rows)["cases"]
    assert ("fine", "Decimal", Decimal(5000)) in first[2]
    assert ("filed_on", "date", dt.date(2023, 3, 5)) in first[2]
    assert [key for key, _, _ in second[2]] == ["seq", "unit", "case_no"]


def test_reading_leaves_objects_frozen_by_the_caller_frozen(tmp_path, write_register):
    path = write_register(
        [{"序号": 1, "案号": "罚〔2023〕1号", "当事人": "甲", "执法单位": "乙局"}]
    )
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        read_workbook(path, review_date=REVIEW_DATE)
        assert gc.get_freeze_count() >= frozen  # none given back (collector.paused)
    finally:
        gc.unfreeze()
