"""Reader for case registers kept as Excel workbooks (.xlsx, .xlsm; .xls is recognised and refused)."""

import evaltool


class XlsxReader:
    """Every sheet with a recognisable header row is a register (docs/registers.md)."""

    name = "xlsx"
    suffixes = (".xlsx", ".xlsm", ".xls")

    def read(self, path, *, review_date, note=lambda message: None):
        from evaltool.read.workbook import read_workbook  # loaded only when a file is read

        return read_workbook(path, review_date=review_date, note=note)


@evaltool.hookimpl
def evaltool_register_readers(register):
    register(XlsxReader())
