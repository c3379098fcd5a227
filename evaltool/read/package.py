"""An xlsx file as a package: checked before any reader opens it, and scanned for what readers miss.

``open_package`` recognises what a bad file really is (empty, legacy .xls, encrypted, a web page
saved as .xls, truncated, not a zip) and refuses files that are dangerous to open: XML with a
DTD (entity expansion), decompression bombs and sheets whose cells span more than ``MAX_CELLS``
(one cell at XFD1048576 makes a reader allocate the whole rectangle). Every message is Chinese
and says what to do. The zip is opened once for all the checks and scans of a package.

``Package.layout(sheet)`` streams one sheet's XML once to find its merged ranges, the formulas
whose result was never saved and the error values (#N/A): calamine reads both kinds of cell as
empty and openpyxl as empty or as text, and openpyxl's read-only mode does not report merges.
The same pass checks the sheet's extent. ``open_workbook`` is the one way to load any other
workbook (marks, waivers, ledgers, external data) with openpyxl: the same checks first.
"""

import posixpath
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from evaltool.cellref import column_index, column_letter
from evaltool.errors import RegisterError
from evaltool.lazy import LazyPattern
from evaltool.read.table import ERROR_VALUE, UNCACHED_FORMULA, CellRange, SheetLayout

MAX_UNCOMPRESSED = 2 << 30  # all parts together, in bytes
MAX_RATIO = 200  # uncompressed / compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_PARTS = 10_000
MAX_CELLS = 20_000_000  # rows × columns a sheet's cells span: what a reader allocates
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's own limits (XFD1048576)
PROLOG_LIMIT = 1 << 20  # bytes of an XML part read before its root element must appear
CHUNK = 1 << 20
OVERLAP = 4096  # longer than any cell holding a formula that the scan must see whole
TAIL = 1 << 13  # the end of a chunk whose cells name its furthest row and column

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开后“另存为” Excel 工作簿（.xlsx），再重新评查"


@dataclass(frozen=True)
class SheetPart:
    """A worksheet of the workbook: its name, visibility and the zip member holding its XML."""

    name: str
    state: str  # visible | hidden | veryHidden
    part: str

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


def _refuse(path: Path, message: str) -> RegisterError:
    return RegisterError(f"{path}：{message}")


def _sniff(path: Path) -> None:
    """Raise a clear error for files that are not an xlsx zip at all."""
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "文件为空（0 字节），请重新导出或复制该文件")
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in path.read_bytes():
            raise _refuse(
                path,
                "工作簿设置了打开密码（已加密），无法读取。请在 Excel 中打开，"
                "于“文件→信息→保护工作簿→用密码进行加密”中清除密码并保存后重试",
            )
        raise _refuse(path, f"这是旧版 Excel 97-2003 格式（.xls），无法直接读取。{SAVE_AS_XLSX}")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"<meta")):
        raise _refuse(
            path,
            f"这是网页（HTML）或 XML 表格，只是扩展名为 Excel，不是真正的工作簿。{SAVE_AS_XLSX}",
        )
    if not head.startswith(b"PK"):
        raise _refuse(
            path,
            f"不是 Excel 工作簿（.xlsx），无法读取；如为 CSV 文件请把扩展名改为 .csv。{SAVE_AS_XLSX}",
        )


def _check_sizes(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _refuse(path, f"压缩包内文件数异常（{len(infos)} 个），可能是恶意文件，已拒绝读取")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(
            path,
            f"解压后大小 {total >> 20} MB，超过上限 {MAX_UNCOMPRESSED >> 20} MB，"
            "可能是“压缩炸弹”，已拒绝读取；如确为超大登记表，请拆分为多个文件",
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(path, "压缩包内容已加密，无法读取。请去除密码后另存为 .xlsx 再评查")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _refuse(
                path,
                f"「{info.filename}」压缩比异常（{ratio:.0f} 倍，上限 {MAX_RATIO} 倍），"
                "可能是“压缩炸弹”，已拒绝读取",
            )


_COMMENT_OR_PI = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_ROOT = re.compile(rb"<(?![?!])")


def _prolog(handle) -> bytes:
    """What comes before the root element, comments and processing instructions taken out.

    A ``<`` inside a comment is no root element: ``<!-- <a> --><!DOCTYPE …>`` still shows its DTD.
    """
    read, bare = b"", b""
    while len(read) < PROLOG_LIMIT and (chunk := handle.read(4096)):
        read += chunk
        bare = _COMMENT_OR_PI.sub(b"", read)
        unfinished = bare.find(b"<!--")  # a comment that goes on in the next chunk
        searched = bare if unfinished < 0 else bare[:unfinished]
        root = _ROOT.search(searched)
        if root:
            return searched[: root.start()]
    return bare


def _check_prolog(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    """Refuse XML parts that declare a DTD: Excel never writes one; it enables entity expansion."""
    with archive.open(name) as handle:
        prolog = _prolog(handle).upper()
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise _refuse(
            path,
            f"「{name}」包含 XML 实体声明（DTD），正常的 Excel 文件不会这样，可能是恶意文件，已拒绝读取",
        )


class _Declaration(Exception):
    """A DTD or an entity declaration in an XML part."""


def _declared(*_) -> None:
    raise _Declaration


def _elements(archive: zipfile.ZipFile, name: str, tag: str) -> list[dict[str, str]]:
    """The attributes of every ``tag`` element ("namespace local-name") of an XML part.

    Read with expat itself (what defusedxml guards, without loading ElementTree at every
    start): a DTD or an entity declaration is refused, as the prolog check refuses it first;
    expat loads no external entity.
    """
    found: list[dict[str, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda element, attributes: (
        found.append(attributes) if element == tag else None
    )
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _declared
    parser.Parse(archive.read(name), True)
    return found


def _sheets(archive: zipfile.ZipFile) -> list[SheetPart]:
    targets = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for rel in _elements(archive, "xl/_rels/workbook.xml.rels", f"{_NS['rel']} Relationship"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id")] = posixpath.normpath(part)
    sheets = []
    for sheet in _elements(archive, "xl/workbook.xml", f"{_NS['m']} sheet"):
        part = targets.get(sheet.get(f"{_NS['r']} id"), "")
        if "worksheets/" in part:  # chart sheets and dialog sheets hold no cells
            sheets.append(SheetPart(sheet.get("name", ""), sheet.get("state", "visible"), part))
    return sheets


class Package:
    """A checked xlsx file, open once: its worksheets, and a scanner for each sheet's layout.

    Use it as a context manager (or call ``close``): the zip stays open for every sheet.
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile, sheets: list[SheetPart]):
        self.path = path
        self.archive = archive
        self.sheets = sheets

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.archive.close()

    def layout(self, sheet: SheetPart) -> SheetLayout:
        """Merged ranges, formulas without a saved result and error values, in one pass over the XML.

        The same pass refuses a sheet whose cells span more than ``MAX_CELLS``.
        """
        layout = SheetLayout()
        self._scan(sheet, layout)
        layout.merges = list(dict.fromkeys(layout.merges))
        return layout

    def check_extents(self) -> None:
        """Refuse the package when any sheet's cells span more than ``MAX_CELLS``."""
        for sheet in self.sheets:
            self._scan(sheet, None)

    def _scan(self, sheet: SheetPart, layout: SheetLayout | None, *, exact: bool = False) -> None:
        extent = _Extent(exact)
        try:
            with self.archive.open(sheet.part) as handle:
                carry, closing, formulas = b"", b"", False
                while chunk := handle.read(CHUNK):
                    buffer = carry + chunk
                    extent.scan(buffer)
                    if layout is not None:
                        if not closing:  # </f>, or </x:f> where the sheet uses a namespace prefix
                            prefixed = _PREFIXED_ROOT.search(buffer, 0, 4096)
                            closing = b":f>" if prefixed else b"</f>"
                        # Every formula group starts with a formula that has text (a closing
                        # tag): until one shows up, no cell of the sheet holds a formula.
                        if formulas or closing in buffer:
                            formulas = True
                            _scan_formulas(buffer, layout)
                        if b't="e"' in buffer:
                            _scan_errors(buffer, layout)
                        if b"mergeCell" in buffer:
                            _scan_merges(buffer, layout)
                    # a cell cut by the chunk boundary is whole in the next buffer
                    carry = buffer[-OVERLAP:]
        except KeyError:
            raise _refuse(self.path, f"工作表「{sheet.name}」的数据缺失，文件已损坏") from None
        except NotImplementedError:
            raise _refuse(self.path, f"压缩方式不受支持，无法读取。{SAVE_AS_XLSX}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _refuse(
                self.path, f"文件已损坏或不完整（{exc}），无法读取；请重新获取该文件"
            ) from None
        problem = extent.problem()
        if problem and not exact:  # the bounds were too loose to tell: count cell by cell
            self._scan(sheet, None, exact=True)
        elif problem:
            raise _refuse(self.path, f"工作表「{sheet.name}」{problem}")


# A cell reference anywhere in the XML (``<c r="B7">``); other attributes named like ``ref``
# do not match, and matching too much only makes the extent larger, never smaller.
_CELL_COLUMN = re.compile(rb'r="([A-Z]{2,4})\d')  # columns from AA on; A-Z are looked up
_CELL_ROW = re.compile(rb'r="[A-Z]{1,4}(\d{1,12})"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]{0,40})"')
_DIMENSION_CORNER = re.compile(r"([A-Z]{1,4})(\d{1,12})$")
_LETTERS = [(26 - n, f'r="{chr(90 - n)}'.encode()) for n in range(26)]  # Z first


class _Extent:
    """The furthest row and column a sheet's cells name, and its declared <dimension>.

    Readers allocate the rectangle from A1 to the furthest cell, whatever lies between.
    Counting every cell's reference costs more than reading the rest of the XML, so unless
    ``exact``, a chunk of XML counts only its last cells (rows and cells come in order in
    files that programs write), rounds their row up (123456 to 129999) and confirms with one
    search that no cell lies beyond; a chunk where one does is counted cell by cell. The rows
    are then an upper bound: a sheet it makes too large is scanned again exactly before it is
    refused, so that what is refused, and the message, are exact.
    """

    def __init__(self, exact: bool):
        self.exact = exact
        self.rows = 0
        self.columns = 0
        self.declared = ""

    def scan(self, xml: bytes) -> None:
        if self.exact:
            rows, columns = _furthest_row(xml), _furthest_column(xml)
        else:
            tail = xml[-TAIL:]
            rows, columns = _rows_bound(_furthest_row(tail)), _furthest_column(tail)
            if _beyond(rows, columns).search(xml):
                rows, columns = _furthest_row(xml), _furthest_column(xml)
        self.rows = max(self.rows, rows)
        self.columns = max(self.columns, columns)
        if not self.declared and b"dimension" in xml:
            found = _DIMENSION.search(xml)
            self.declared = found.group(1).decode("ascii", "replace") if found else ""

    def problem(self) -> str | None:
        """What is wrong with the extent, in Chinese; None when a reader can safely allocate it."""
        corner = _DIMENSION_CORNER.search(self.declared)
        if corner and (
            _column_number(corner.group(1).encode()) > MAX_COLUMN or int(corner.group(2)) > MAX_ROW
        ):
            return f"声明的范围「{self.declared}」超出 Excel 的上限（XFD1048576），文件异常，已拒绝读取"
        if self.rows > MAX_ROW or self.columns > MAX_COLUMN:
            return "有单元格超出 Excel 的上限（XFD1048576），文件异常，已拒绝读取"
        if self.rows * self.columns > MAX_CELLS:
            return (
                f"的单元格跨越 {self.rows} 行 × {self.columns} 列，超过上限 {MAX_CELLS} 个单元格"
                "（读取需要的内存过大；可能是远处有一个孤立的单元格），已拒绝读取。"
                "请删除数据区以外的行和列后保存，或把登记表拆分为多个文件"
            )
        return None


def _furthest_row(xml: bytes) -> int:
    return max(map(int, set(_CELL_ROW.findall(xml))), default=0)


def _furthest_column(xml: bytes) -> int:
    furthest = max(map(_column_number, set(_CELL_COLUMN.findall(xml))), default=0)
    if furthest < 26:
        furthest = max(furthest, next((n for n, ref in _LETTERS if ref in xml), 0))
    return furthest


def _rows_bound(row: int) -> int:
    """123456 as 129999: a bound at most a tenth above whose search pattern has three branches."""
    digits = str(row)
    return int(digits[:2] + "9" * (len(digits) - 2)) if row >= 10 else row


def _beyond(rows: int, columns: int) -> re.Pattern:
    """A pattern found wherever a cell names a row after ``rows`` or a column after ``columns``
    as ``_CELL_ROW``, ``_CELL_COLUMN`` and ``_LETTERS`` read them (it may find more)."""
    digits = str(rows) if rows else ""
    row = [rb"[1-9]\d{%d}" % len(digits)]  # more digits
    row += [  # as many digits, one of them greater
        re.escape(digits[:i].encode()) + rb"[%d-9]\d{%d}" % (int(d) + 1, len(digits) - i - 1)
        for i, d in enumerate(digits)
        if d != "9"
    ]
    if columns > MAX_COLUMN:  # refused whatever the furthest column is
        column = [b"(?!)"]
    elif columns >= 27:
        letters = column_letter(columns)
        column = [rb"[A-Z]{%d,4}\d" % (len(letters) + 1)]
        column += [
            re.escape(letters[:i].encode())
            + rb"[%s-Z][A-Z]{%d}\d" % (chr(ord(c) + 1).encode(), len(letters) - i - 1)
            for i, c in enumerate(letters)
            if c != "Z"
        ]
    else:
        column = [rb"[A-Z]{2,4}\d"]
        if columns < 26:
            column.append(b"[%s-Z]" % chr(65 + columns).encode())
    return re.compile(rb'r="(?:%s|[A-Z]{1,4}+0*+(?:%s))' % (b"|".join(column), b"|".join(row)))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_FORMULA_WITHOUT_VALUE = LazyPattern(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>'
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?"
    rb"</(?:\w+:)?c>"
)
_ERROR_VALUE = LazyPattern(
    rb'<(?:\w+:)?c\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>'
    rb"(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>",
    re.DOTALL,
)
_PREFIXED_ROOT = re.compile(rb"<\w+:worksheet\b")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z$0-9:]+)"')


def _scan_formulas(xml: bytes, layout: SheetLayout) -> None:
    for match in _FORMULA_WITHOUT_VALUE.finditer(xml):
        column, row, formula = match.groups()
        text = "=" + _unescaped(formula) if formula else "（共享公式）"
        _flag(layout, column, row, text, UNCACHED_FORMULA)


def _scan_errors(xml: bytes, layout: SheetLayout) -> None:
    for match in _ERROR_VALUE.finditer(xml):
        column, row, shown = match.groups()
        _flag(layout, column, row, _unescaped(shown), ERROR_VALUE)


def _unescaped(xml_text: bytes) -> str:
    """A cell's XML text as text: entities (&amp;, &#36;) resolved. html.unescape covers XML's;
    it is loaded only for a sheet that has such cells, which most registers do not."""
    import html

    return html.unescape(xml_text.decode("utf-8"))


def _flag(layout: SheetLayout, column: bytes, row: bytes, raw: str, message: str) -> None:
    index = column_index(column.decode()) - 1
    layout.flagged.setdefault(int(row), {})[index] = (raw, message)


def _scan_merges(xml: bytes, layout: SheetLayout) -> None:
    for match in _MERGE.finditer(xml):
        try:
            layout.merges.append(CellRange.parse(match.group(1).decode()))
        except ValueError:
            continue


def open_package(path: Path) -> Package:
    """Check an xlsx file and list its worksheets; RegisterError with a Chinese message if unusable.

    The returned package holds the zip open: close it (or use ``with``).
    """
    path = Path(path)
    _sniff(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _refuse(
            path, "文件不完整或已损坏（可能下载、复制或保存时中断），无法打开；请重新获取该文件"
        ) from None
    try:
        sheets = _checked_sheets(path, archive)
    except BaseException:
        archive.close()
        raise
    return Package(path, archive, sheets)


def _checked_sheets(path: Path, archive: zipfile.ZipFile) -> list[SheetPart]:
    try:
        _check_sizes(path, archive)
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise _refuse(
                path, f"是压缩包但不是 Excel 工作簿（缺少 xl/workbook.xml）。{SAVE_AS_XLSX}"
            )
        for name in sorted(names):
            if name.endswith((".xml", ".rels")):
                _check_prolog(path, archive, name)
        sheets = _sheets(archive)
    except zipfile.BadZipFile:
        raise _refuse(
            path, "文件不完整或已损坏（可能下载、复制或保存时中断），无法打开；请重新获取该文件"
        ) from None
    except (zlib.error, EOFError) as exc:
        raise _refuse(path, f"文件已损坏（{exc}），无法读取；请重新获取该文件") from None
    except NotImplementedError:
        raise _refuse(path, f"压缩方式不受支持，无法读取。{SAVE_AS_XLSX}") from None
    except expat.ExpatError as exc:
        raise _refuse(path, f"工作簿结构已损坏（{exc}），无法读取。{SAVE_AS_XLSX}") from None
    except _Declaration:
        raise _refuse(path, "包含 XML 实体声明（DTD），可能是恶意文件，已拒绝读取") from None
    if not sheets:
        raise _refuse(path, "工作簿中没有工作表")
    return sheets


def open_workbook(path: str | Path, *, read_only: bool = True, data_only: bool = True):
    """Load any workbook the tool reads with openpyxl, after the package checks; close it after.

    Raises RegisterError (an EvaltoolError) with a Chinese message naming the file.
    """
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise _refuse(path, "文件不存在" if not path.exists() else "不是文件")
    with open_package(path) as package:
        package.check_extents()
    try:
        with warnings.catch_warnings():  # openpyxl warns about Excel extensions it drops
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=read_only, data_only=data_only, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise _refuse(
            path, f"不是有效的 xlsx 文件，无法打开（{type(exc).__name__}）。{SAVE_AS_XLSX}"
        ) from exc
