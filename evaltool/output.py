"""Writing outputs safely: atomically (temp file, then rename), never over an input, and under
sanitised file names.

A folder that cannot be written (read-only, full disk) is the user's problem to fix, not a bug:
``write_atomic`` says so in Chinese (``OutputError``, exit 2). The command line names the files
a command reads (``protect_inputs``); ``write_atomic`` refuses to replace any of them.
"""

import errno
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from evaltool.errors import EvaltoolError

_INPUTS: ContextVar[frozenset[Path]] = ContextVar("evaltool_inputs", default=frozenset())


class OutputError(EvaltoolError):
    """An output that cannot be written where the user asked: the message says why and what to do."""


@contextmanager
def protect_inputs(paths: Iterable[str | Path]) -> Iterator[None]:
    """While the block runs, ``write_atomic`` refuses to replace any of these existing files."""
    files = frozenset(Path(p).resolve() for p in paths if Path(p).is_file())
    token = _INPUTS.set(_INPUTS.get() | files)
    try:
        yield
    finally:
        _INPUTS.reset(token)


def refuse_input(path: str | Path) -> None:
    """Raise OutputError when ``path`` is one of the protected input files."""
    if Path(path).resolve() in _INPUTS.get():
        raise OutputError(f"{path}：这是本次读取的输入文件，不会被覆盖；请用 -o 指定另一个输出位置")


def write_atomic(path: str | Path, data: str | bytes | Callable[[Path], None]) -> Path:
    """Write text, bytes, or whatever ``data(temp_path)`` writes, then rename over ``path``.

    A reader of ``path`` sees the old file or the complete new one, never a partial one;
    on failure the temp file is removed and ``path`` is untouched. An input file is never
    replaced, and a folder that cannot be written raises OutputError (Chinese).
    """
    path = Path(path)
    refuse_input(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{_cut(path.name, MAX_NAME_BYTES - 32)}."  # the temp name fits too
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _output_error(path, exc) from None
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
    except OSError as exc:  # the folder, the disk or the name: nothing a bug report would fix
        tmp.unlink(missing_ok=True)
        raise _output_error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


_USER_ERRNOS = {
    errno.EACCES: "没有写入权限（文件夹只读或文件被占用），请换一个可写的输出位置",
    errno.EPERM: "没有写入权限，请换一个可写的输出位置",
    errno.EROFS: "所在磁盘是只读的，请换一个可写的输出位置",
    errno.ENOSPC: "磁盘空间不足，请清理磁盘或换一个输出位置",
    errno.EDQUOT: "磁盘配额已满，请清理磁盘或换一个输出位置",
    errno.ENAMETOOLONG: "文件名过长，请换一个较短的输出位置",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹，请检查输出位置",
    errno.EISDIR: "这是一个文件夹，请指定文件名",
    errno.EEXIST: "路径中有一段是文件而不是文件夹，请检查输出位置",
}


RUN_MARKER = ".evaltool-run"  # marks a folder that evaltool run wrote as a whole


@contextmanager
def staged_folder(target: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Build a folder of outputs beside ``target``, then put it in place whole.

    Readers see the previous run's folder or the complete new one, never a mix: nothing of an
    earlier run (a notice of a unit no longer reviewed) stays behind. Leftovers of a killed run
    are removed first. A folder evaltool did not write is refused, and so is one that holds an
    input of this run (replacing the folder would delete it); on failure ``target`` is untouched.
    """
    target = Path(target)
    parent = target.parent
    prefix = f".{_cut(target.name, MAX_NAME_BYTES - 40)}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for leftover in [*parent.glob(f"{prefix}.staging-*"), *parent.glob(f"{prefix}.old-*")]:
            shutil.rmtree(leftover, ignore_errors=True)
    except OSError as exc:
        raise _output_error(parent, exc) from None
    if target.exists():
        if not target.is_dir():
            raise OutputError(f"{target}：已有同名文件，输出位置应为文件夹")
        ours = (target / RUN_MARKER).exists() or (target / "results.json").exists()
        if not ours and any(target.iterdir()):
            raise OutputError(
                f"{target}：文件夹中已有不是 evaltool run 写出的文件；run 每次整体替换输出文件夹，"
                "请指定一个新的或空的文件夹"
            )
        inside = [Path(p) for p in inputs if Path(p).resolve().is_relative_to(target.resolve())]
        if inside:
            raise OutputError(
                f"{inside[0]}：这是本次评查读取的文件，却放在输出文件夹 {target} 中；run 每次整体"
                "替换输出文件夹，请先把它移到输出文件夹以外"
            )
    try:
        stage = Path(tempfile.mkdtemp(prefix=f"{prefix}.staging-", dir=parent))
    except OSError as exc:
        raise _output_error(parent, exc) from None
    try:
        yield stage
        (stage / RUN_MARKER).write_text("evaltool run 写出的输出文件夹\n", encoding="utf-8")
        old = parent / f"{prefix}.old-{os.getpid()}"
        if target.exists():
            target.rename(old)
        stage.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def moved(paths: Iterable[str | Path], stage: Path, target: str | Path) -> list[Path]:
    """Where files written under ``stage`` stand once ``staged_folder`` put it in place."""
    return [Path(target) / Path(path).relative_to(stage) for path in paths]


def _output_error(path: Path, exc: OSError) -> OutputError:
    reason = _USER_ERRNOS.get(exc.errno) or f"无法写入（{exc.strerror or exc}）"
    return OutputError(f"{path}：{reason}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


MAX_NAME_BYTES = 255  # what file systems allow for one name
NAME_BYTES = 180  # the part of a name taken from data; callers add a suffix and an extension

# Control characters, bidi overrides and isolates, zero-width and other invisible format
# characters, line and paragraph separators: data must not steer a terminal or hide a name.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_UNSAFE = re.compile(r'[\\/:*?"<>|\t\n]+')


def printable(text: str) -> str:
    """Text from data as a terminal may show it: control, bidi and invisible characters removed."""
    return _INVISIBLE.sub("", text)


def safe_filename(name: str, *, fallback: str = "未命名", max_bytes: int = NAME_BYTES) -> str:
    """A file name built from data that cannot leave its folder, break on Windows or hide text.

    At most ``max_bytes`` bytes of UTF-8, cut at a character, so that the caller's suffix and
    extension still fit in ``MAX_NAME_BYTES``.
    """
    cleaned = _UNSAFE.sub("_", printable(unicodedata.normalize("NFC", str(name)))).strip(" ._")
    return _cut(cleaned, max_bytes).rstrip(" .") or fallback


def _cut(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` whose UTF-8 takes at most ``max_bytes`` bytes."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
