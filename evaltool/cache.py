"""What start-up works out from files, kept in the user's cache folder so that the next command
need not do it again (or load what it takes): the parsed shipped standards, and that no plugin
package is installed.

An entry is named by a hash of the bytes it stands for (a file's content, the list of installed
packages) and evaltool's version: a changed file or a new release never meets an old entry. The folder is ``$EVALTOOL_CACHE`` (empty: no cache), else the
platform's user cache folder; it is never beside the inputs and may be deleted at any time.
Entries are pickles read back with only the classes the caller allows, and an entry that cannot
be read is ignored (the file is parsed again).
"""

import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

try:  # CPython's own SHA-256: hashlib would load OpenSSL first, a few milliseconds of every start
    from _sha2 import sha256  # Python ≥ 3.12
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # an interpreter built without them
        from hashlib import sha256

from evaltool.output import OutputError, write_atomic
from evaltool.version import __version__

ENVIRONMENT = "EVALTOOL_CACHE"
FORMAT = "1"  # raise when the shape of what is kept changes within one version


def cache_folder() -> Path | None:
    """Where entries are kept, or None when caching is switched off (``EVALTOOL_CACHE=``)."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "evaltool"


def entry_path(kind: str, content: bytes) -> Path | None:
    """The entry for ``content`` (the bytes it stands for) among the entries of ``kind``."""
    folder = cache_folder()
    if folder is None:
        return None
    key = sha256(f"evaltool {__version__} {FORMAT}\0".encode() + content).hexdigest()
    return folder / kind / f"{key}.pickle"


class _Unpickler(pickle.Unpickler):
    """Builds only the allowed classes: an entry cannot run code or make other objects."""

    def __init__(self, data: bytes, allowed: frozenset[type]):
        super().__init__(io.BytesIO(data))
        self.allowed = {(cls.__module__, cls.__qualname__): cls for cls in allowed}

    def find_class(self, module: str, name: str):
        try:
            return self.allowed[module, name]
        except KeyError:
            raise pickle.UnpicklingError(
                f"{module}.{name} is not allowed in a cache entry"
            ) from None


def load_entry(kind: str, content: bytes, allowed: frozenset[type]) -> Any | None:
    """What was stored for ``content``, or None when there is no readable entry."""
    path = entry_path(kind, content)
    if path is None:
        return None
    try:
        return _Unpickler(path.read_bytes(), allowed).load()
    except Exception:  # missing, truncated or foreign: parse the file again
        return None


def store_entry(kind: str, content: bytes, value: Any) -> None:
    """Keep ``value`` for ``content``; a cache folder that cannot be written is left alone."""
    path = entry_path(kind, content)
    if path is None:
        return
    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, OutputError, pickle.PicklingError):  # read-only home, full disk: optional
        return
