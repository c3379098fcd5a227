"""Saving a python-docx document with its document.xml given as text (rendered from a template,
or assembled from rows written as text): a long body is then never parsed into elements only
to be written out again. The other parts are saved as python-docx saves them."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.pkgwriter import PackageWriter

XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"  # python-docx's


@dataclass(frozen=True)
class _WrittenPart:
    """The main document part with its XML as given: what python-docx's writer reads of it."""

    partname: Any
    content_type: str
    rels: Any
    blob: bytes


def save_document_xml(document, xml: bytes, path: str | Path) -> None:
    """Save ``document`` to ``path`` with ``xml`` (declaration included) as its document.xml."""
    main = document.part
    package = main.package
    parts = []
    for part in package.parts:
        part.before_marshal()
        parts.append(
            _WrittenPart(part.partname, part.content_type, part.rels, xml) if part is main else part
        )
    PackageWriter.write(str(path), package.rels, parts)
