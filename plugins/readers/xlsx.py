"""Reader for case registers kept as Excel workbooks (.xlsx, .xlsm), read-only and streamed."""

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

import evaltool
from evaltool.errors import RegisterError
from evaltool.read.table import build_register


class XlsxReader:
    """Every sheet with a recognisable header row is a register; the others are ignored."""

    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")

    def read(self, path: Path, *, review_date):
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError) as exc:
            raise RegisterError(
                f"{path}：不是有效的 xlsx 文件，无法打开（{type(exc).__name__}）"
            ) from exc
        try:
            registers, errors = [], []
            for sheet in workbook.worksheets:
                rows = enumerate(sheet.iter_rows(values_only=True), start=1)
                try:
                    registers.append(
                        build_register(
                            str(path),
                            sheet.title,
                            rows,
                            default_unit=path.stem,
                            reader=self.name,
                            review_date=review_date,
                        )
                    )
                except RegisterError as exc:
                    errors.append(str(exc))
        finally:
            workbook.close()
        if not registers:
            raise RegisterError("；".join(errors) or f"{path}：工作簿中没有工作表")
        if len(registers) > 1:  # several unit sheets: the sheet name is the unit
            for register in registers:
                if "unit" not in register.columns:
                    for case in register.cases:
                        case.unit = register.sheet
        return registers


@evaltool.hookimpl
def evaltool_register_readers(register):
    register(XlsxReader())
