"""Reader for case registers exported as CSV (UTF-8 with or without BOM, or GB18030/GBK)."""

import evaltool


class CsvReader:
    """A CSV file is one register; its name (without extension) stands for the sheet."""

    name = "csv"
    suffixes = (".csv",)

    def read(self, path, *, review_date, note=lambda message: None):
        from evaltool.read.csvfile import read_csv  # loaded only when a file is read

        return read_csv(path, review_date=review_date, note=note)


@evaltool.hookimpl
def evaltool_register_readers(register):
    register(CsvReader())
