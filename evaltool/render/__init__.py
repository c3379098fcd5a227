"""Render step: official documents from a results document (docs/templates.md).

``DocumentSet`` builds the template contexts (masking personal data first),
``make_environment`` the sandboxed Jinja environment, and the ``write_*``
functions write each document as HTML, Markdown, docx and (when asked) PDF.
"""

from evaltool.render.context import DocumentSet
from evaltool.render.documents import (
    DEFAULT_FORMATS,
    FORMATS,
    Written,
    check_formats,
    write_notices,
    write_selfcheck_reports,
    write_summary,
)
from evaltool.render.environment import TemplateError, make_environment

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "DocumentSet",
    "TemplateError",
    "Written",
    "check_formats",
    "make_environment",
    "write_notices",
    "write_selfcheck_reports",
    "write_summary",
]
