"""Excel column letters and numbers (A ↔ 1, XFD ↔ 16384), without importing openpyxl.

openpyxl's ``openpyxl.utils`` loads the whole package (a fifth of a second); the reading path
needs only these two conversions.
"""

import re

MAX_COLUMN = 18278  # ZZZ, the largest column openpyxl's helpers accept
_LETTERS = re.compile(r"[A-Z]{1,3}")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA; ValueError outside 1…18278."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"Invalid column index {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AA → 27 (upper case, one to three letters); ValueError otherwise."""
    if not _LETTERS.fullmatch(letters):
        raise ValueError(f"{letters} is not a valid column name")
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index
