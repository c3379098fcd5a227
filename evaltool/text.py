"""Text output: terminal tables aligned by display width (CJK counts two), natural order, JSON."""

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from evaltool.errors import EvaltoolError
from evaltool.lazy import LazyPattern
from evaltool.width import display_width


def text_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells (the first is the header) as aligned lines."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


_DIGITS = LazyPattern(r"(\d+)")


def natural_key(text: str) -> list:
    """Sort key that puts 区罚〔2023〕2号 before 区罚〔2023〕10号."""
    return [
        (0, int(part), "") if part.isdecimal() else (1, 0, part) for part in _DIGITS.split(text)
    ]


JSON_STYLE = {"ensure_ascii": False, "indent": 2}
# Bytes gathered before a write to the file: a case's text is a few KB, and at the default
# 8 KB most cases cost a system call of their own (a third of the time writing 10^5 cases).
WRITE_BUFFER = 1 << 16


def json_text(data: Any) -> str:
    """JSON as every evaltool output writes it: Chinese kept readable, indented, final newline."""
    return json.dumps(data, **JSON_STYLE) + "\n"


def dump_json_file(data: Any, path: str | Path) -> None:
    """Write ``json_text(data)`` to ``path``, the items of long top-level lists one by one.

    Encoded with orjson, about 15 times faster than the json module, so that the results of
    a million cases are written in seconds without holding the whole text. The bytes are
    those of ``json_text`` except that floats below 1e-4 are written as decimals (0.00001,
    not 1e-05): the same values. What orjson refuses (keys that are not strings, integers
    beyond 64 bits) is written by the json module.
    """
    try:
        with open(path, "wb", buffering=WRITE_BUFFER) as handle:
            _dump_streamed(data, handle)
    except orjson.JSONEncodeError:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            json.dump(data, handle, **JSON_STYLE)
            handle.write("\n")


def _indented(value: Any, level: int) -> bytes:
    """``value`` as indented JSON nested ``level`` levels deep (JSON strings hold no raw newline)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n" + b"  " * level)


def _dump_streamed(data: Any, handle) -> None:
    if not isinstance(data, dict) or not data:
        handle.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        return
    handle.write(b"{")
    for i, (key, value) in enumerate(data.items()):
        if not isinstance(key, str):
            raise orjson.JSONEncodeError("Dict key must be str")
        handle.write((b",\n  " if i else b"\n  ") + orjson.dumps(key) + b": ")
        if isinstance(value, list) and value:
            handle.write(b"[")
            for j, item in enumerate(value):
                handle.write((b",\n    " if j else b"\n    ") + _indented(item, 2))
            handle.write(b"\n  ]")
        else:
            handle.write(_indented(value, 1))
    handle.write(b"\n}\n")


# Whether ``read_json`` keeps an item of a top-level list: (document so far, key, item) -> bool;
# it may change the item in place. An item may be seen twice (a file read again whole).
OnItem = Callable[[dict[str, Any], str, Any], bool]


def read_json(path: str | Path, what: str, on_item: OnItem | None = None) -> Any:
    """A JSON file evaltool wrote; ``what`` names it in the Chinese error when it cannot be read.

    ``on_item(document, key, item)`` sees each item of a top-level list ``key`` (``document``
    holds the keys read before it) and says whether to keep it. A
    file in the layout ``dump_json_file`` writes is read piece by piece, each item parsed on
    its own, so that neither the whole text nor the items left out are ever held; any other
    file is parsed whole, then its items pass ``on_item`` the same way.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            if not handle.seekable():  # a pipe: read once, whole
                data = handle.read()
            else:
                try:
                    return _read_streamed(handle, on_item)
                except (_OtherLayout, orjson.JSONDecodeError):
                    handle.seek(0)
                    data = handle.read()
    except OSError as exc:
        raise EvaltoolError(f"{path}：无法读取{what}（{exc}）") from exc
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise EvaltoolError(f"{path}：{not_text(path, what)}") from exc
        raise EvaltoolError(f"{path}：无法读取{what}（{exc}）") from exc
    if on_item is not None and isinstance(document, dict):
        seen: dict[str, Any] = {}
        for key, value in document.items():
            if isinstance(value, list):
                value = [item for item in value if on_item(seen, key, item)]
            seen[key] = value
        document = seen
    return document


_BLOCK = 1 << 22
_KEY = LazyPattern(rb'  ("(?:[^"\\]|\\.)*"): (.*?)(,?)\n', re.S)


class _OtherLayout(Exception):
    """The file is valid JSON perhaps, but not laid out as ``dump_json_file`` writes."""


class _Pieces:
    """The text of a file in pieces that end with a given marker, read a block at a time."""

    def __init__(self, handle):
        self.handle, self.buffer, self.start = handle, b"", 0

    def through(self, marker: bytes) -> bytes:
        """The text from here to the next ``marker``, inclusive."""
        at = self.buffer.find(marker, self.start)
        while at < 0:
            block = self.handle.read(_BLOCK)
            if not block:
                raise _OtherLayout
            searched = len(self.buffer) - self.start
            self.buffer, self.start = self.buffer[self.start :] + block, 0
            at = self.buffer.find(marker, max(0, searched - len(marker)))
        end = at + len(marker)
        piece, self.start = self.buffer[self.start : end], end
        return piece

    def at_end(self) -> bool:
        return self.start == len(self.buffer) and not self.handle.read(1)


def _read_streamed(handle, on_item: OnItem | None) -> dict[str, Any]:
    """Read a top-level object laid out as ``dump_json_file`` (and the json module's
    ``indent=2``) writes it: one key per line at two spaces; a list's items at four spaces, each
    container closed by a line at the indentation it opened at (JSON strings hold no raw
    newline, and deeper lines are indented further)."""
    pieces = _Pieces(handle)
    if pieces.through(b"\n") != b"{\n":
        raise _OtherLayout
    document: dict[str, Any] = {}
    more = True
    while more:
        match = _KEY.fullmatch(pieces.through(b"\n"))
        if match is None:
            raise _OtherLayout
        key, opening, more = orjson.loads(match[1]), match[2], bool(match[3])
        if opening == b"[" and not more:
            document[key], more = _items(pieces, document, key, on_item)
        elif opening == b"{" and not more:
            document[key] = orjson.loads(b"{\n" + pieces.through(b"\n  }"))
            more = _line_end(pieces)
        else:
            document[key] = orjson.loads(opening)
    if pieces.through(b"\n") != b"}\n" or not pieces.at_end():
        raise _OtherLayout
    return document


def _line_end(pieces: _Pieces) -> bool:
    """The rest of a line that closed a value: True when a comma says more follows."""
    rest = pieces.through(b"\n")
    if rest not in (b",\n", b"\n"):
        raise _OtherLayout
    return rest == b",\n"


def _items(pieces: _Pieces, document: dict, key: str, on_item: OnItem | None) -> tuple[list, bool]:
    """The items of a top-level list, each parsed alone; and whether more keys follow."""
    items = []
    more = True
    while more:
        line = pieces.through(b"\n")
        if line[:4] != b"    " or line[4:5] in (b" ", b"\n"):
            raise _OtherLayout
        opening = line[4:-1]
        if opening in (b"{", b"["):
            item = orjson.loads(line[4:] + pieces.through(_CLOSING[opening]))
            more = _line_end(pieces)
        else:
            more = opening.endswith(b",")
            item = orjson.loads(opening[:-1] if more else opening)
        if on_item is None or on_item(document, key, item):
            items.append(item)
    end = pieces.through(b"\n")
    if end not in (b"  ]\n", b"  ],\n"):
        raise _OtherLayout
    return items, end == b"  ],\n"


_CLOSING = {b"{": b"\n    }", b"[": b"\n    ]"}


_KINDS = (
    (b"PK\x03\x04", "这是 Excel 工作簿或其他压缩文件"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Office 文件（如 .xls、.doc）"),
    (b"%PDF", "这是 PDF 文件"),
)


def not_text(path: Path, what: str) -> str:
    """Why a file that should be UTF-8 text is not, said as the user sees it (a workbook given
    where results were asked for)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"无法读取{what}（{exc.strerror or exc}）"
    kind = next((name for magic, name in _KINDS if head.startswith(magic)), None)
    if kind:
        return f"{kind}，不是{what}，请检查命令中文件的顺序和名称"
    return f"不是 UTF-8 编码的文本文件，无法作为{what}读取"
