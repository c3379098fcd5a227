"""What a register reader is: the protocol that ``evaltool_register_readers`` plugins implement."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from evaltool.model import Register


@runtime_checkable
class Reader(Protocol):
    """A register format: a name, the file suffixes it reads, and ``read``.

    ``read`` returns the registers of one file (one per sheet), raises ``RegisterError``
    with a Chinese message for a file it cannot read at all, and calls ``note(message)``
    for what a reviewer should know about a file it did read. Rows become a Register
    through ``evaltool.build_register``, so every format follows the same reading rules.
    """

    name: str
    suffixes: tuple[str, ...]

    def read(
        self, path: Path, *, review_date: dt.date, note: Callable[[str], None]
    ) -> list[Register]: ...
