"""Read step: case registers (files, folders, globs) into Registers of typed cases, via reader plugins."""

import datetime as dt
import glob
import inspect
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltool.errors import RegisterError
from evaltool.model import Register

GLOB_CHARACTERS = set("*?[")


@dataclass
class ReadResult:
    """The registers read, the files that could not be read at all, and notes on what was read."""

    registers: list[Register] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def cases(self):
        return [case for register in self.registers for case in register.cases]


def expand_inputs(inputs: Iterable[str | Path], suffixes: set[str]) -> list[Path]:
    """Files named directly, files matched by a glob, and the readable files inside folders.

    Folders and globs are sorted and skip Office lock files (``~$…``); a file named twice is
    read once. A name that matches nothing is kept, so that the reader reports it.
    """
    files: dict[Path, None] = {}
    for entry in inputs:
        path = Path(entry)
        if not path.exists() and GLOB_CHARACTERS & set(str(entry)):
            matches = [Path(p) for p in sorted(glob.glob(str(entry), recursive=True))]
            found = [p for p in matches if p.is_file() and not p.name.startswith("~$")]
            for folder in (p for p in matches if p.is_dir()):
                found.extend(_folder_files(folder, suffixes))
            for match in found or [path]:
                files.setdefault(match, None)
        elif path.is_dir():
            for match in _folder_files(path, suffixes):
                files.setdefault(match, None)
        else:
            files.setdefault(path, None)
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve() if path.exists() else path, path)
    return list(unique.values())


def _folder_files(folder: Path, suffixes: set[str]) -> list[Path]:
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith("~$")
    ]


def read_registers(
    inputs: Iterable[str | Path],
    readers: dict,
    *,
    unit: str | None = None,
    review_date: dt.date | None = None,
    workers: int | None = None,
) -> ReadResult:
    """Read every input with the reader registered for its suffix; one bad file never stops the rest.

    Each case's unit is its 执法单位 cell; without one, the sheet name when the file has several
    registers, else the file name without extension; ``unit`` overrides them all.
    Several files are read at once by up to ``workers`` processes (default: one per core);
    the result is the same as reading them one after another.
    """
    review_date = review_date or dt.date.today()
    by_suffix = {suffix: reader for reader in readers.values() for suffix in reader.suffixes}
    jobs = [
        (path, by_suffix.get(path.suffix.lower())) for path in expand_inputs(inputs, set(by_suffix))
    ]
    known = "、".join(sorted(by_suffix))
    result = ReadResult()
    for (path, _), (registers, notes, error) in zip(
        jobs, _read_files(jobs, known, review_date, workers), strict=True
    ):
        result.notes.extend(notes)
        if error:
            result.file_errors.append(error)
            continue
        _resolve_units(path, registers, unit, result.notes)
        for register in registers:
            where = f"{path}「{register.sheet}」"
            result.notes.extend(f"{where}{note}" for note in register.notes)
            if register.skipped_rows:
                result.notes.append(f"{where}{skipped_note(register.skipped_rows)}")
        result.registers.extend(registers)
    return result


FileRead = tuple[list[Register], list[str], str | None]  # registers, reader's notes, error
_JOBS: list = []  # what the worker processes read, inherited when they fork


def _read_files(
    jobs: list, known: str, review_date: dt.date, workers: int | None
) -> list[FileRead]:
    """Each file read, in the order of ``jobs``: in worker processes when there are several
    files and cores, else here. Workers fork, so that readers of local plugin files work too."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers >= 2:  # the process machinery is loaded only when there is work to share
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if "fork" in multiprocessing.get_all_start_methods():
            _JOBS[:] = [(path, reader, known, review_date) for path, reader in jobs]
            try:
                context = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                    return list(pool.map(_read_job, range(len(jobs))))
            finally:
                _JOBS.clear()
    return [_read_file(path, reader, known, review_date) for path, reader in jobs]


def _read_job(index: int) -> FileRead:
    return _read_file(*_JOBS[index])


def _read_file(path: Path, reader, known: str, review_date: dt.date) -> FileRead:
    """One file's registers and the reader's notes, or the Chinese error that stopped it."""
    notes: list[str] = []
    try:
        if not path.exists():
            raise RegisterError(f"{path}：文件不存在")
        if not path.is_file():
            raise RegisterError(f"{path}：不是文件")
        if reader is None:
            raise RegisterError(f"{path}：不支持的文件类型（可读取：{known}）")
        return _call_reader(reader, path, review_date, notes.append), notes, None
    except RegisterError as exc:
        return [], notes, str(exc)
    except OSError as exc:
        return [], notes, f"{path}：无法读取文件（{exc.strerror or exc}）"


def _call_reader(reader, path: Path, review_date: dt.date, note) -> list[Register]:
    """``reader.read``, passing ``note`` only to readers that take it (it came later)."""
    parameters = inspect.signature(reader.read).parameters
    takes_note = "note" in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    if takes_note:
        return reader.read(path, review_date=review_date, note=note)
    return reader.read(path, review_date=review_date)


def skipped_note(skipped: list[tuple[int, str]]) -> str:
    """How many rows of a sheet were not read as cases, and why: one line for the terminal."""
    by_reason: dict[str, list[int]] = {}
    for row, reason in skipped:
        by_reason.setdefault(reason.split("，")[0], []).append(row)
    parts = [f"{reason} {len(rows)} 行（{_row_spans(rows)}）" for reason, rows in by_reason.items()]
    return f"有 {len(skipped)} 行不是案卷，未读取：{'、'.join(parts)}"


def _row_spans(rows: list[int], shown: int = 10) -> str:
    """第 5—7、9 行: consecutive rows as spans, at most ``shown`` spans."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    text = "、".join(f"{a}—{b}" if b > a else str(a) for a, b in spans[:shown])
    return f"第 {text}{' 等' if len(spans) > shown else ''} 行"


def _resolve_units(path: Path, registers: list[Register], unit: str | None, notes: list[str]):
    for register in registers:
        default = (
            unit or register.title_unit or (register.sheet if len(registers) > 1 else path.stem)
        )
        blank = 0
        for case in register.cases:
            if unit or not case.unit:
                blank += not unit and register.has_column("unit")
                case.unit = default
        if blank:
            notes.append(
                f"{path}「{register.sheet}」有 {blank} 件案卷的执法单位为空，归入「{default}」"
            )


def input_entry(register: Register) -> dict[str, Any]:
    """A register as the results document lists it under ``inputs`` (docs/registers.md)."""
    return {
        "file": register.file,
        "sheet": register.sheet,
        "header_row": register.header_row,
        "reader": register.reader,
        "cases": len(register.cases),
        "format": register.format,
        "hidden": register.hidden,
        "skipped_rows": len(register.skipped_rows),
    }
