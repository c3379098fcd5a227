"""Render step: official documents from a results document (docs/templates.md).

``DocumentSet`` builds the template contexts (masking personal data first),
``make_environment`` the sandboxed Jinja environment, and the ``write_*``
functions write each document as HTML, Markdown and docx.

The names load on first use, so that importing one module of this package (the template
filters, which every command registers) does not load Jinja, python-docx and openpyxl.
"""

from importlib import import_module

_PUBLIC = {
    "DocumentSet": "evaltool.render.context",
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


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'evaltool.render' has no attribute {name!r}")
    value = getattr(import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value
