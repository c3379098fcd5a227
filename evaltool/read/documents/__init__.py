"""Read step for case-file documents (决定书, 告知书, 送达回证 …): files into Documents, matched to cases.

The fields and kinds are the public contract of documents.md; see docs/documents.md.
The reading modules load only when there are documents to read: a check without a 文书
folder, and the document checks that find none, need no more than this package's names.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evaltool.errors import DocumentError
from evaltool.lazy import lazy_getattr

if TYPE_CHECKING:
    from evaltool.read.documents.model import Document

KIND_NAMES = {
    "decision": "行政处罚决定书",
    "notice": "行政处罚告知书",
    "service": "送达回证",
    "filing": "立案审批表",
    "legal_review": "法制审核意见",
    "other": "其他文书",
}
# the digits of a number written in a document: 15, １５, 十五, 两
CN_NUMBER = "0-9０-９一二三四五六七八九十百零〇两"

_MODEL = "evaltool.read.documents.model"
__getattr__ = lazy_getattr(__name__, {"Document": _MODEL, "Extracted": _MODEL, "Location": _MODEL})

__all__ = [
    "KIND_NAMES",
    "Document",
    "DocumentRead",
    "Extracted",
    "Location",
    "read_document",
    "read_documents",
]


@dataclass
class DocumentRead:
    """The documents read from some folders and the files that could not be read (one line each)."""

    folders: list[str] = field(default_factory=list)
    documents: list["Document"] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_document(path: str | Path) -> "Document":
    """One document file read into its kind and fields; ``DocumentError`` when it cannot be read."""
    from evaltool.read.documents.extract import extract
    from evaltool.read.documents.load import load_paragraphs

    path = Path(path)
    return extract(path, load_paragraphs(path))


def document_files(folder: Path) -> list[Path]:
    """The document files in a folder and its subfolders, sorted, without Office lock files."""
    from evaltool.read.documents.load import SUFFIXES

    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")
    ]


def read_documents(folders) -> DocumentRead:
    """Every document in the folders; one unreadable or scanned file is reported and the rest read."""
    read = DocumentRead(folders=[str(f) for f in folders])
    for folder in map(Path, folders):
        if not folder.is_dir():
            read.errors.append(f"{folder}：文书文件夹不存在")
            continue
        for path in document_files(folder):
            try:
                read.documents.append(read_document(path))
            except DocumentError as exc:
                read.errors.append(str(exc))
    return read


AUTO_FOLDER = "文书"


def read_case_documents(registers, folders=None):
    """Read the 文书 of the registers' cases and attach them (``case.documents``).

    ``folders``: documents for every register; without them, a folder named 文书 beside a
    register holds that register's documents, and a register counts as having documents
    only when at least one of them belongs to its cases (several registers may share the
    folder: one 文书 folder beside a district's registers, a subfolder per unit that has
    documents). Returns (DocumentRead, Matching), or None when no documents were found.
    """
    groups = []  # (registers, folders)
    if folders:
        groups.append((list(registers), [Path(f) for f in folders]))
    else:
        beside: dict[Path, list] = {}
        for register in registers:
            folder = Path(register.file).parent / AUTO_FOLDER
            if folder.is_dir():
                beside.setdefault(folder, []).append(register)
        groups = [(regs, [folder]) for folder, regs in beside.items()]
    if not groups:
        return None
    from evaltool.read.documents.match import Matching, attach_documents

    total, matching = DocumentRead(), Matching()
    for regs, group_folders in groups:
        read = read_documents(group_folders)
        cases = [case for register in regs for case in register.cases]
        part = attach_documents(cases, read.documents)
        for register in regs:
            register.documents_given = bool(folders) or any(c.documents for c in register.cases)
        part.cases_without = [c for c in part.cases_without if c.register.documents_given]
        total.folders += read.folders
        total.documents += read.documents
        total.errors += read.errors
        matching.matched += part.matched
        matching.unmatched += part.unmatched
        matching.cases_without += part.cases_without
    return total, matching
