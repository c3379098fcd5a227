"""Whatever surrounds the table, every case keeps the Excel row and cells the user sees."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from evaltool.read.workbook import read_workbook

REVIEW_DATE = dt.date(2024, 6, 30)
HEADER = ["序号", "案号", "当事人", "立案日期"]


@st.composite
def layouts(draw):
    """Title rows, empty leading columns, and blank rows scattered between the cases."""
    titles = draw(st.integers(min_value=0, max_value=4))
    pad = draw(st.integers(min_value=0, max_value=3))
    cases = draw(st.integers(min_value=1, max_value=8))
    blanks = draw(st.lists(st.integers(min_value=0, max_value=3), min_size=cases, max_size=cases))
    return titles, pad, blanks


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layouts(), st.sampled_from(["calamine", "openpyxl"]))
def test_rows_and_cells_are_where_the_user_sees_them(write_sheets, layout, engine):
    titles, pad, blanks = layout
    lead = [None] * pad
    rows = [[*lead, f"标题{n}"] for n in range(titles)] + [[*lead, *HEADER]]
    expected = {}
    for number, blank_rows in enumerate(blanks, start=1):
        rows += [[]] * blank_rows
        rows.append([*lead, number, f"案{number}", "甲", dt.date(2023, 1, number)])
        expected[f"案{number}"] = len(rows)
    [register] = read_workbook(write_sheets({"S": rows}), review_date=REVIEW_DATE, engine=engine)
    assert register.header_row == titles + 1
    assert {c.case_no: c.row for c in register.cases} == expected
    letter = get_column_letter(pad + 4)
    for case in register.cases:
        assert case.cells("filed_on") == [f"{letter}{case.row}"]
        assert case.get("filed_on") == dt.date(2023, 1, case.get("seq"))
