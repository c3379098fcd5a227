"""Differential test (issue 17): the quick extent scan refuses exactly what counting every cell
refuses, with the same message, and reads the same sheet layout.

The quick scan counts only the last cells of each chunk of XML, rounds them up and searches once
for a cell beyond; these sheets put cells in order and out of order, far away and near the
limits, split across chunks at random.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool.cellref import column_letter
from evaltool.errors import RegisterError
from evaltool.read import package
from kit.workbooks import raw_workbook, sheet_xml


def outcome(path, *, exact: bool):
    """The refusal message of the extent scan (None when the sheet is accepted) and the layout."""
    with package.open_package(path) as opened:
        sheet = opened.sheets[0]
        try:
            opened._scan(sheet, None, exact=exact)
        except RegisterError as exc:
            return str(exc), None
        return None, opened.layout(sheet)


CELLS = st.lists(
    st.tuples(
        st.one_of(st.integers(1, 40), st.integers(1, 20_000)),  # columns; beyond XFD too
        st.one_of(st.integers(1, 300), st.integers(1, 1_200_000)),  # rows; beyond 1048576 too
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=CELLS, ordered=st.booleans(), chunk=st.integers(40, 400), tail=st.integers(8, 200))
def test_the_quick_scan_refuses_what_counting_every_cell_refuses(
    cells, ordered, chunk, tail, tmp_path_factory, monkeypatch
):
    if ordered:
        cells = sorted(cells, key=lambda cell: (cell[1], cell[0]))
    refs = [f"{column_letter(min(column, 18278))}{row}" for column, row in cells]
    path = raw_workbook(tmp_path_factory.mktemp("extent") / "表.xlsx", sheet_xml(refs))
    with monkeypatch.context() as patch:  # small chunks: cells cut at chunk ends, short tails
        patch.setattr(package, "CHUNK", chunk)
        patch.setattr(package, "TAIL", tail)
        assert outcome(path, exact=False) == outcome(path, exact=True)


@pytest.mark.parametrize(
    "refs, refused",
    [
        (["A1", "AC100002"], False),  # a register of 100,000 cases: rounded to 109999, accepted
        (["A1", "AC700000"], True),  # 700,000 × 29 > 20,000,000, counted again to say so
        (["A1", "AC680000"], False),  # rounded up too far (689999 × 29), counted again: accepted
    ],
)
def test_rounded_bounds_near_the_limit_are_counted_again(refs, refused, tmp_path):
    path = raw_workbook(tmp_path / "表.xlsx", sheet_xml(refs))
    message, _ = outcome(path, exact=False)
    assert (message is not None) is refused
    assert message == outcome(path, exact=True)[0]
    if refused:
        assert "700000 行 × 29 列" in message


def test_a_register_in_order_is_not_counted_cell_by_cell(tmp_path, monkeypatch):
    rows = [[f"A{row}", f"AC{row}"] for row in range(1, 400)]
    path = raw_workbook(tmp_path / "表.xlsx", sheet_xml([ref for row in rows for ref in row]))
    counted = []
    furthest_row = package._furthest_row
    monkeypatch.setattr(package, "CHUNK", 2000)
    monkeypatch.setattr(
        package, "_furthest_row", lambda xml: counted.append(len(xml)) or furthest_row(xml)
    )
    assert outcome(path, exact=False)[0] is None
    assert counted and max(counted) <= package.TAIL  # only the tails were counted
