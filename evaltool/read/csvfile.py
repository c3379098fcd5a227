"""CSV registers: UTF-8 (with or without BOM) or GB18030/GBK, as Chinese government systems export."""

import codecs
import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from evaltool.errors import RegisterError
from evaltool.model import Register
from evaltool.read.table import EmptySheet, build_register

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
CHUNK = 1 << 20


def detect_encoding(path: Path) -> str:
    """The first encoding that decodes the whole file (checked in chunks, nothing kept)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise RegisterError(
        f"{path}：无法识别文件编码（应为 UTF-8 或 GBK/GB18030），请另存为 UTF-8 编码的 CSV"
    )


def read_csv(
    path: Path, *, review_date: dt.date, note: Callable[[str], None] = lambda message: None
) -> list[Register]:
    """One register per CSV file; the sheet name is the file name without extension."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise RegisterError(f"{path}：文件为空（0 字节），请重新导出该登记表")
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        raise RegisterError(f"{path}：这是 Excel 文件而不是 CSV，请把扩展名改为 .xlsx 后重试")
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        rows = enumerate(csv.reader(handle, dialect), start=1)
        try:
            register = build_register(
                str(path), path.stem, rows, reader=f"csv（{encoding}）", review_date=review_date
            )
        except EmptySheet:
            raise RegisterError(f"{path}：文件中没有内容") from None
        except csv.Error as exc:
            raise RegisterError(f"{path}：CSV 格式错误（{exc}）") from exc
    return [register]
