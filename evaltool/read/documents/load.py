"""Document files into paragraphs with their page: .docx (python-docx), PDF text layer (pypdf), .txt."""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from evaltool.errors import DocumentError

SUFFIXES = (".docx", ".pdf", ".txt")
TXT_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as the document shows it: its text, page (PDF only) and number (from 1)."""

    text: str
    number: int
    page: int | None = None


def load_paragraphs(path: Path) -> list[Paragraph]:
    """The non-blank paragraphs of a document; ``DocumentError`` naming the file when it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            texts = [(t, None) for t in _docx_texts(path)]
        elif suffix == ".pdf":
            texts = _pdf_texts(path)
        elif suffix == ".txt":
            texts = [(line, None) for line in _txt_text(path).splitlines()]
        else:
            raise DocumentError(f"{path.name}：不支持的文书格式（可读取：{'、'.join(SUFFIXES)}）")
    except DocumentError:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(
            f"{path.name}：无法读取（{type(exc).__name__}），文件可能已损坏"
        ) from exc
    except Exception as exc:  # a library failing on one odd file must not stop the run
        raise DocumentError(f"{path.name}：无法读取（{type(exc).__name__}: {exc}）") from exc
    paragraphs = []
    for text, page in texts:
        cleaned = re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()
        if cleaned:
            paragraphs.append(Paragraph(cleaned, len(paragraphs) + 1, page))
    if not paragraphs:
        if suffix == ".pdf":
            raise DocumentError(
                f"{path.name}：PDF 没有文字层（可能是扫描件），无法自动读取，需人工评查或先做文字识别"
            )
        raise DocumentError(f"{path.name}：文书没有文字内容")
    return paragraphs


def _docx_texts(path: Path) -> list[str]:
    """Body paragraphs and table cells in document order (tables as 'label：value' lines)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = Document(str(path))
    texts = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append(DocxParagraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                cells = [c for c in cells if c]
                if len(cells) == 2 and not cells[0].endswith("："):
                    texts.append(f"{cells[0]}：{cells[1]}")
                else:
                    texts.append(" ".join(cells))
    return texts


def _pdf_texts(path: Path) -> list[tuple[str, int]]:
    """The text layer of each page, lines joined back into paragraphs where a printed line wraps."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise DocumentError(f"{path.name}：无法读取 PDF（{exc}）") from exc
    texts = []
    for number, text in enumerate(pages, 1):
        if re.fullmatch(r"[\s■□]*", text):
            continue
        for block in re.split(r"\n\s*\n", text):
            texts.extend((line, number) for line in _join_wrapped(block.splitlines()))
    return texts


def _join_wrapped(lines: list[str]) -> list[str]:
    """Printed lines wrapped at a fixed width are one paragraph until a line ends a sentence or a label."""
    joined: list[str] = []
    current = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        current += line
        if len(line) < 38 or re.search(r"[。；：:]$", line):
            joined.append(current)
            current = ""
    if current:
        joined.append(current)
    return joined


def _txt_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in TXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path.name}：文本文件既不是 UTF-8 也不是 GB18030 编码，无法读取")
