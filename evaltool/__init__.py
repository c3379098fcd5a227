"""evaltool: review administrative-penalty case files (行政处罚案卷评查) against YAML checklists.

This module is the one public API for plugin authors::

    from evaltool import hookimpl, check_info, Param, dated, passed, failed, needs_review
    from evaltool import not_applicable, NeedsReview, Reader, Register, Case, RegisterError
    from evaltool import Batch  # for a check's optional fast form (clear_passes)

The names are loaded on first use, so ``import evaltool`` stays cheap (the CLI
starts fast); see docs/plugins.md.
"""

from evaltool.lazy import lazy_getattr

# Public name -> module that defines it; loaded lazily by __getattr__.
_PUBLIC = {
    "__version__": "evaltool.version",
    "hookimpl": "evaltool.hookspecs",
    "check_info": "evaltool.check.spec",
    "Batch": "evaltool.check.spec",
    "Param": "evaltool.check.spec",
    "NeedsReview": "evaltool.check.spec",
    "CheckContext": "evaltool.check.spec",
    "dated": "evaltool.check.params",
    "passed": "evaltool.model",
    "failed": "evaltool.model",
    "needs_review": "evaltool.model",
    "not_applicable": "evaltool.model",
    "Verdict": "evaltool.model",
    "Case": "evaltool.model",
    "Register": "evaltool.model",
    "Reader": "evaltool.read.reader",
    "RegisterError": "evaltool.errors",
    "build_register": "evaltool.read.table",
}

__all__ = list(_PUBLIC)


__getattr__ = lazy_getattr("evaltool", _PUBLIC)


def __dir__() -> list[str]:
    return sorted(__all__)
