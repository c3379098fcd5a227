"""Output folders as a user sees them: the files evaltool wrote, without its hidden marker.

Every command that writes a folder (run, notices, ledger --split, index, trend) leaves the hidden
file ``OUTPUT_MARKER`` listing what it wrote; tests that list a folder's files skip it here, on
purpose and in one place.
"""

from pathlib import Path

from evaltool.output import OUTPUT_MARKER


def output_files(folder: Path) -> list[Path]:
    """The entries of an output folder, sorted, without evaltool's marker."""
    return sorted(path for path in Path(folder).iterdir() if path.name != OUTPUT_MARKER)


def files_naming(folder: Path, text: str) -> list[str]:
    """The files under ``folder`` (hidden ones too, and every part inside xlsx and docx zips) whose
    bytes hold ``text``, as ``file`` or ``file!part``."""
    import zipfile

    needle = text.encode("utf-8")
    hits = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                hits += [
                    f"{name}!{part}" for part in archive.namelist() if needle in archive.read(part)
                ]
        elif needle in path.read_bytes():
            hits.append(name)
    return hits
