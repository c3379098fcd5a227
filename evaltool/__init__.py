"""evaltool: review administrative-penalty case files (行政处罚案卷评查) against YAML checklists."""

from importlib.metadata import PackageNotFoundError, version

import pluggy

try:
    __version__ = version("evaltool")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

hookimpl = pluggy.HookimplMarker("evaltool")
"""Marker for plugin hook implementations: ``@evaltool.hookimpl``."""

__all__ = ["__version__", "hookimpl"]
