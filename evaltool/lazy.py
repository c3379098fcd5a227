"""Names a package exports but loads only on first use (PEP 562), so that importing it stays cheap."""

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
