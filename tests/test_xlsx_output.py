"""Workbooks written for people: formula-looking text stays text, header frozen, saved atomically."""

import pytest
from openpyxl import Workbook, load_workbook

from evaltool.output import OutputError
from evaltool.xlsx import save_workbook, write_table


def test_formula_looking_text_is_written_as_text(tmp_path):
    workbook = Workbook()
    write_table(
        workbook.active, ["案号", "备注"], [["=1+1", "@SUM(A1)"], ["-5", "正常文字"], [3, None]]
    )
    path = save_workbook(workbook, tmp_path / "out.xlsx")
    sheet = load_workbook(path).active
    assert [[c.data_type for c in row] for row in sheet.iter_rows(min_row=2, max_row=3)] == [
        ["s", "s"],
        ["s", "s"],
    ]
    assert (sheet["A2"].value, sheet["A2"].quotePrefix) == ("=1+1", True)
    assert (sheet["A4"].value, sheet["A4"].data_type) == (3, "n")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 10  # 正常文字: four CJK characters


def test_failed_save_leaves_no_partial_file(tmp_path):
    class Broken(Workbook):
        def save(self, filename):
            with open(filename, "wb") as handle:
                handle.write(b"partial")
            raise OSError("disk full")

    target = tmp_path / "out.xlsx"
    with pytest.raises(OutputError, match="无法写入"):
        save_workbook(Broken(), target)
    assert list(tmp_path.iterdir()) == []
