"""An xlsx file as a package: checked before any reader opens it, and scanned for what readers miss.

``open_package`` recognises what a bad file really is (empty, legacy .xls, encrypted, a web page
saved as .xls, truncated, not a zip) and refuses files that are dangerous to open: XML with a
DTD (entity expansion) and decompression bombs. Every message is Chinese and says what to do.

``Package.layout(sheet)`` streams one sheet's XML once to find its merged ranges, the formulas
whose result was never saved and the error values (#N/A): calamine reads both kinds of cell as
empty and openpyxl as empty or as text, and openpyxl's read-only mode does not report merges.
"""

import html
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException, ElementTree
from openpyxl.utils import column_index_from_string

from evaltool.errors import RegisterError
from evaltool.read.table import ERROR_VALUE, UNCACHED_FORMULA, CellRange, SheetLayout

MAX_UNCOMPRESSED = 2 << 30  # all parts together, in bytes
MAX_RATIO = 200  # uncompressed / compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_PARTS = 10_000
CHUNK = 1 << 20
OVERLAP = 4096  # longer than any cell holding a formula that the scan must see whole

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
        raise _refuse(path, "文件为空（0 字节），请重新导出或复制该登记表")
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


def _check_prolog(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    """Refuse XML parts that declare a DTD: Excel never writes one; it enables entity expansion."""
    with archive.open(name) as handle:
        prolog = b""
        while chunk := handle.read(4096):
            prolog += chunk
            root = re.search(rb"<(?![?!])", prolog)
            if root:
                prolog = prolog[: root.start()]
                break
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise _refuse(
            path,
            f"「{name}」包含 XML 实体声明（DTD），正常的 Excel 文件不会这样，可能是恶意文件，已拒绝读取",
        )


def _parse_xml(archive: zipfile.ZipFile, name: str):
    return ElementTree.fromstring(archive.read(name), forbid_dtd=True)


def _sheets(archive: zipfile.ZipFile) -> list[SheetPart]:
    workbook = _parse_xml(archive, "xl/workbook.xml")
    targets = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for rel in _parse_xml(archive, "xl/_rels/workbook.xml.rels"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id")] = posixpath.normpath(part)
    sheets = []
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        part = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        if "worksheets/" in part:  # chart sheets and dialog sheets hold no cells
            sheets.append(SheetPart(sheet.get("name", ""), sheet.get("state", "visible"), part))
    return sheets


class Package:
    """A checked xlsx file: its worksheets, and a scanner for each sheet's layout."""

    def __init__(self, path: Path, sheets: list[SheetPart]):
        self.path = path
        self.sheets = sheets

    def layout(self, sheet: SheetPart) -> SheetLayout:
        """Merged ranges, formulas without a saved result and error values, in one pass over the XML."""
        layout = SheetLayout()
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(sheet.part) as handle:
                carry, closing, formulas = b"", b"", False
                while chunk := handle.read(CHUNK):
                    buffer = carry + chunk
                    if not closing:  # </f>, or </x:f> where the sheet uses a namespace prefix
                        prefixed = _PREFIXED_ROOT.search(buffer, 0, 4096)
                        closing = b":f>" if prefixed else b"</f>"
                    # Every formula group starts with a formula that has text (a closing tag):
                    # until one shows up, no cell of the sheet holds a formula.
                    if formulas or closing in buffer:
                        formulas = True
                        _scan_formulas(buffer, layout)
                    if b't="e"' in buffer:
                        _scan_errors(buffer, layout)
                    if b"mergeCell" in buffer:
                        _scan_merges(buffer, layout)
                    # a cell cut by the chunk boundary is whole in the next buffer
                    carry = buffer[-OVERLAP:]
            layout.merges = list(dict.fromkeys(layout.merges))
        except KeyError:
            raise _refuse(self.path, f"工作表「{sheet.name}」的数据缺失，文件已损坏") from None
        except NotImplementedError:
            raise _refuse(self.path, f"压缩方式不受支持，无法读取。{SAVE_AS_XLSX}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _refuse(
                self.path, f"文件已损坏或不完整（{exc}），无法读取；请重新获取该登记表"
            ) from None
        return layout


_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>'
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?"
    rb"</(?:\w+:)?c>"
)
_ERROR_VALUE = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>'
    rb"(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>",
    re.DOTALL,
)
_PREFIXED_ROOT = re.compile(rb"<\w+:worksheet\b")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z$0-9:]+)"')


def _scan_formulas(xml: bytes, layout: SheetLayout) -> None:
    for match in _FORMULA_WITHOUT_VALUE.finditer(xml):
        column, row, formula = match.groups()
        text = "=" + html.unescape(formula.decode("utf-8")) if formula else "（共享公式）"
        _flag(layout, column, row, text, UNCACHED_FORMULA)


def _scan_errors(xml: bytes, layout: SheetLayout) -> None:
    for match in _ERROR_VALUE.finditer(xml):
        column, row, shown = match.groups()
        _flag(layout, column, row, html.unescape(shown.decode("utf-8")), ERROR_VALUE)


def _flag(layout: SheetLayout, column: bytes, row: bytes, raw: str, message: str) -> None:
    index = column_index_from_string(column.decode()) - 1
    layout.flagged.setdefault(int(row), {})[index] = (raw, message)


def _scan_merges(xml: bytes, layout: SheetLayout) -> None:
    for match in _MERGE.finditer(xml):
        try:
            layout.merges.append(CellRange.parse(match.group(1).decode()))
        except ValueError:
            continue


def open_package(path: Path) -> Package:
    """Check an xlsx file and list its worksheets; RegisterError with a Chinese message if unusable."""
    _sniff(path)
    try:
        with zipfile.ZipFile(path) as archive:
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
            path, "文件不完整或已损坏（可能下载、复制或保存时中断），无法打开；请重新获取该登记表"
        ) from None
    except (zlib.error, EOFError) as exc:
        raise _refuse(path, f"文件已损坏（{exc}），无法读取；请重新获取该登记表") from None
    except NotImplementedError:
        raise _refuse(path, f"压缩方式不受支持，无法读取。{SAVE_AS_XLSX}") from None
    except ElementTree.ParseError as exc:
        raise _refuse(path, f"工作簿结构已损坏（{exc}），无法读取。{SAVE_AS_XLSX}") from None
    except DefusedXmlException:
        raise _refuse(path, "包含 XML 实体声明（DTD），可能是恶意文件，已拒绝读取") from None
    if not sheets:
        raise _refuse(path, "工作簿中没有工作表")
    return Package(path, sheets)
