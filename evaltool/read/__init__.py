"""Read step: case registers (files or folders) into Registers of typed cases, via reader plugins."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evaltool.errors import RegisterError
from evaltool.model import Register


@dataclass
class ReadResult:
    """The registers that were read and the files that could not be read at all."""

    registers: list[Register] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def cases(self):
        return [case for register in self.registers for case in register.cases]


def expand_inputs(inputs: Iterable[str | Path], suffixes: set[str]) -> list[Path]:
    """Files named directly, and the readable files inside folders (sorted, Office lock files skipped)."""
    files: list[Path] = []
    for entry in map(Path, inputs):
        if entry.is_dir():
            files.extend(
                p
                for p in sorted(entry.rglob("*"))
                if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith("~$")
            )
        else:
            files.append(entry)
    return files


def read_registers(
    inputs: Iterable[str | Path],
    readers: dict,
    *,
    unit: str | None = None,
    review_date: dt.date | None = None,
) -> ReadResult:
    """Read every input with the reader registered for its suffix; one bad file never stops the rest."""
    review_date = review_date or dt.date.today()
    by_suffix = {suffix: reader for reader in readers.values() for suffix in reader.suffixes}
    result = ReadResult()
    for path in expand_inputs(inputs, set(by_suffix)):
        reader = by_suffix.get(path.suffix.lower())
        try:
            if not path.is_file():
                raise RegisterError(f"{path}：文件不存在")
            if reader is None:
                known = "、".join(sorted(by_suffix))
                raise RegisterError(f"{path}：不支持的文件类型（可读取：{known}）")
            registers = reader.read(path, review_date=review_date)
        except RegisterError as exc:
            result.file_errors.append(str(exc))
            continue
        if unit:
            for register in registers:
                for case in register.cases:
                    case.unit = unit
        result.registers.extend(registers)
    return result
