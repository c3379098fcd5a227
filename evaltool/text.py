"""Text output: terminal tables aligned by display width (CJK counts two), natural order, JSON."""

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unicodedata import east_asian_width

from evaltool.errors import EvaltoolError


def display_width(value: Any) -> int:
    """Columns the widest line of a value needs on screen: wide (CJK) characters take two."""
    text = "" if value is None else str(value)
    return max(
        (
            sum(2 if east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.splitlines()
        ),
        default=0,
    )


def text_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells (the first is the header) as aligned lines."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> list:
    """Sort key that puts 区罚〔2023〕2号 before 区罚〔2023〕10号."""
    return [
        (0, int(part), "") if part.isdecimal() else (1, 0, part) for part in _DIGITS.split(text)
    ]


JSON_STYLE = {"ensure_ascii": False, "indent": 2}


def json_text(data: Any) -> str:
    """JSON as every evaltool output writes it: Chinese kept readable, indented, final newline."""
    return json.dumps(data, **JSON_STYLE) + "\n"


def read_json(path: str | Path, what: str) -> Any:
    """A JSON file evaltool wrote; ``what`` names it in the Chinese error when it cannot be read."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise EvaltoolError(f"{path}：{not_text(path, what)}") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaltoolError(f"{path}：无法读取{what}（{exc}）") from exc


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
