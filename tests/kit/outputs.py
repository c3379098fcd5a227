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
