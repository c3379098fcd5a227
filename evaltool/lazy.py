"""Names a package exports but loads only on first use (PEP 562), so that importing it stays cheap."""

import re
import sys
from collections.abc import Callable
from importlib import import_module


def lazy_getattr(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``names[name]`` (a module) on first use and keeps
    the value in ``package``, so that later lookups are ordinary attribute reads."""

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(names[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


class LazyPattern:
    """A regular expression compiled on first use, for patterns that only some inputs need
    (文书, amounts written as text, title rows): compiling one costs up to a millisecond,
    paid at every start otherwise. The compiled pattern's methods are then kept on the
    instance, so that a call costs what a call of the compiled pattern costs."""

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        value = getattr(re.compile(*self._source), name)  # re keeps the compiled pattern
        setattr(self, name, value)
        return value
