"""Writing outputs safely: atomically (temp file, then rename) and under sanitised file names."""

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes | Callable[[Path], None]) -> Path:
    """Write text, bytes, or whatever ``data(temp_path)`` writes, then rename over ``path``.

    A reader of ``path`` sees the old file or the complete new one, never a partial one;
    on failure the temp file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, str):
                handle.write(data.encode("utf-8"))
            elif isinstance(data, bytes):
                handle.write(data)
        if callable(data):
            data(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; outputs get the usual mode
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(name: str, *, fallback: str = "未命名") -> str:
    """A file name built from data that cannot leave its folder or break on Windows."""
    cleaned = _UNSAFE.sub("_", str(name)).strip(" ._")
    return cleaned[:100] or fallback
