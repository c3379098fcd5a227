"""Render step: official documents from a results document (docs/templates.md).

``DocumentSet`` builds the template contexts (masking personal data first),
``make_environment`` the sandboxed Jinja environment, and the ``write_*``
functions write each document as HTML, Markdown, docx and (when asked) PDF.

The names load on first use, so that importing one module of this package (the template
filters, which every command registers) does not load Jinja, python-docx and openpyxl.
"""

from evaltool.lazy import lazy_getattr

_PUBLIC = {
    "DocumentSet": "evaltool.render.context",
    "DEFAULT_FORMATS": "evaltool.render.documents",
    "FORMATS": "evaltool.render.documents",
    "Written": "evaltool.render.documents",
    "check_formats": "evaltool.render.documents",
    "write_notices": "evaltool.render.documents",
    "write_selfcheck_reports": "evaltool.render.documents",
    "write_summary": "evaltool.render.documents",
    "TemplateError": "evaltool.render.environment",
    "make_environment": "evaltool.render.environment",
}

__all__ = list(_PUBLIC)


__getattr__ = lazy_getattr("evaltool.render", _PUBLIC)
