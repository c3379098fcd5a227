"""Writing the documents: one template per document, rendered to HTML, then Markdown, docx and
(when asked, through headless Chromium) PDF. The notices and the 通报 take their docx from a .docx
template of their own (``notice.docx``, ``summary.docx``) that a clerk edits in Word or WPS.

File names come from unit names through ``safe_filename`` and are made unique,
so every file lands inside the output folder; every file is written atomically.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from evaltool.collector import frozen
from evaltool.errors import EvaltoolError
from evaltool.output import printable, safe_filename, write_atomic
from evaltool.render.blocks import html_to_blocks
from evaltool.render.context import DocumentSet
from evaltool.render.docx import write_docx
from evaltool.render.docx_template import render_docx
from evaltool.render.environment import render_template
from evaltool.render.markdown import blocks_to_markdown
from evaltool.render.pdf import html_to_pdf

FORMATS = ("html", "md", "docx", "pdf")
DEFAULT_FORMATS = ("html", "md", "docx")  # PDF needs a browser, so only when asked
SUFFIXES = {"html": ".html", "md": ".md", "docx": ".docx", "pdf": ".pdf"}

NOTICE_TEMPLATE = "notice.html.j2"
SUMMARY_TEMPLATE = "summary.html.j2"
SELFCHECK_TEMPLATE = "selfcheck.html.j2"
NOTICE_DOCX = "notice.docx"
SUMMARY_DOCX = "summary.docx"


@dataclass(frozen=True)
class Written:
    """The files written for one document."""

    title: str
    paths: list[Path]


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(formats)) or DEFAULT_FORMATS
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise EvaltoolError(f"未知的文书格式「{'、'.join(unknown)}」，可用：{'、'.join(FORMATS)}")
    return formats


def write_document(
    env: jinja2.Environment,
    template: str,
    context: dict[str, Any],
    base: Path,
    formats: Iterable[str],
    *,
    title: str,
    docx_template: str | None = None,
) -> Written:
    """Render ``template`` and write ``base`` + each format's suffix; the docx comes from the
    .docx template ``docx_template`` when given, else from the HTML.

    Control and bidi characters from the data are taken out: no format can hold a NUL, and a
    right-to-left override would show a published text other than it is.
    """
    html = printable(render_template(env, template, context))
    formats = check_formats(formats)
    if "md" in formats or ("docx" in formats and not docx_template):
        blocks = html_to_blocks(html)
    paths = []
    for fmt in formats:
        path = base.with_name(base.name + SUFFIXES[fmt])
        if fmt == "html":
            write_atomic(path, html)
        elif fmt == "md":
            write_atomic(path, blocks_to_markdown(blocks))
        elif fmt == "pdf":
            write_atomic(path, lambda tmp: html_to_pdf(html, tmp))
        elif docx_template:
            write_atomic(
                path, lambda tmp: render_docx(env, docx_template, context, tmp, title=title)
            )
        else:
            write_atomic(path, lambda tmp: write_docx(blocks, tmp, title=title))
        paths.append(path)
    return Written(title, paths)


def unique_stems(names: Iterable[str], suffix: str) -> dict[str, str]:
    """A distinct, safe file stem per name: ``{safe name}-{suffix}``, numbered on collisions."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = f"{safe_filename(name)}-{suffix}"
        stem, n = base, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        stems[name] = stem
    return stems


def _inside(folder: Path, stem: str) -> Path:
    path = folder / stem
    if path.resolve().parent != folder.resolve():
        raise EvaltoolError(f"文件名「{stem}」会写到输出文件夹之外，已拒绝")
    return path


def write_notices(
    documents: DocumentSet,
    env: jinja2.Environment,
    folder: str | Path,
    formats: Iterable[str],
    *,
    progress: Callable[[Written], None] | None = None,
) -> list[Written]:
    """One 整改通知书 per unit with cases, in every format asked for; ``progress`` hears each."""
    folder = Path(folder)
    notices = documents.notices()
    stems = unique_stems((unit["name"] for unit, _ in notices), "整改通知书")
    written = []
    with frozen(lasting=False):  # the review's data, out of the collector's scans
        for unit, context in notices:
            document = write_document(
                env,
                NOTICE_TEMPLATE,
                context,
                _inside(folder, stems[unit["name"]]),
                formats,
                title=f"{unit['full_name']}整改通知书",
                docx_template=NOTICE_DOCX,
            )
            written.append(document)
            if progress:
                progress(document)
    return written


def write_summary(
    documents: DocumentSet, env: jinja2.Environment, base: str | Path, formats: Iterable[str]
) -> Written:
    """The county-wide 评查情况通报 at ``base`` + each format's suffix."""
    context = documents.summary()
    with frozen(lasting=False):  # the review's data, out of the collector's scans
        return write_document(
            env,
            SUMMARY_TEMPLATE,
            context,
            Path(base),
            formats,
            title=f"{context['review']['name']}情况通报",
            docx_template=SUMMARY_DOCX,
        )


def write_selfcheck_reports(
    documents: DocumentSet, env: jinja2.Environment, folder: str | Path, formats: Iterable[str]
) -> list[Written]:
    """One 自查报告 per unit with cases."""
    folder = Path(folder)
    stems = unique_stems((u["name"] for u in documents.notice_units), "自查报告")
    with frozen(lasting=False):  # the review's data, out of the collector's scans
        return [
            write_document(
                env,
                SELFCHECK_TEMPLATE,
                documents.selfcheck(unit),
                _inside(folder, stems[unit["name"]]),
                formats,
                title=f"{unit['full_name']}自查报告",
            )
            for unit in documents.notice_units
        ]
