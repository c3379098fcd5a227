"""Display width of text on a terminal: wide (CJK) characters take two columns.

Kept apart from evaltool.text so that the top-level help can use it without loading JSON.
"""

from unicodedata import east_asian_width


def display_width(value: object) -> int:
    """Columns the widest line of a value needs on screen: wide (CJK) characters take two."""
    text = "" if value is None else str(value)
    return max(
        (
            sum(2 if east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.splitlines()
        ),
        default=0,
    )
