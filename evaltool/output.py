"""Writing outputs safely: atomically (temp file, then rename), never over an input, and under
sanitised file names.

A folder that cannot be written (read-only, full disk) is the user's problem to fix, not a bug:
``write_atomic`` says so in Chinese (``OutputError``, exit 2). The command line names the files
a command reads (``protect_inputs``); ``write_atomic`` refuses to replace any of them.
"""

import errno
import glob
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path

from evaltool.errors import EvaltoolError
from evaltool.lazy import LazyPattern

_INPUTS: ContextVar[frozenset[Path]] = ContextVar("evaltool_inputs", default=frozenset())
_INPUT_FOLDERS: ContextVar[frozenset[Path]] = ContextVar("evaltool_folders", default=frozenset())


class OutputError(EvaltoolError):
    """An output that cannot be written where the user asked: the message says why and what to do."""


@contextmanager
def protect_inputs(paths: Iterable[str | Path]) -> Iterator[None]:
    """While the block runs, ``write_atomic`` refuses to replace any of these existing files, and
    ``staged_folder`` to replace a folder holding one of them or one of these folders."""
    paths = [Path(p) for p in paths]
    files = frozenset(p.resolve() for p in paths if p.is_file())
    folders = frozenset(p.resolve() for p in paths if p.is_dir())
    tokens = _INPUTS.set(_INPUTS.get() | files), _INPUT_FOLDERS.set(_INPUT_FOLDERS.get() | folders)
    try:
        yield
    finally:
        _INPUTS.reset(tokens[0])
        _INPUT_FOLDERS.reset(tokens[1])


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
        import tempfile  # loaded only when something is written (start-up of a plain check)

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


OUTPUT_MARKER = ".evaltool-run"  # hidden file naming the command that wrote a folder and its files
_MARKER_FILES = "本次写出的文件："
_COMMAND = LazyPattern(r"evaltool (\S+) 写出")
# What file managers and office programs leave in any folder they show: never the user's work.
_CLUTTER = LazyPattern(r"^(\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\._.*)$", re.IGNORECASE)


@contextmanager
def staged_folder(
    target: str | Path, inputs: Iterable[str | Path] = (), *, command: str
) -> Iterator[Path]:
    """Build a folder of outputs beside ``target``, then put it in place whole.

    Readers see the previous folder or the complete new one, never a mix: nothing of an earlier
    run (a notice of a unit no longer reviewed) stays behind. Leftovers of a killed run are
    removed first (those of a run still going are left alone). Refused: a folder holding a file
    evaltool did not write, one another command wrote, one holding an input of this command
    (``inputs`` and the files the command line protects), and the working folder or one above
    it. The hidden marker lists the files written, so that the next run can tell them apart.
    On failure ``target`` is untouched.
    """
    import shutil  # loaded only when a folder is written, as in write_atomic
    import tempfile

    target = Path(target)
    try:
        place = target.resolve()
        prefix = f".{_cut(place.name, MAX_NAME_BYTES - 60)}"
        place.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(place, prefix)
        _refuse_to_replace(target, place, [*inputs, *_INPUTS.get(), *_INPUT_FOLDERS.get()], command)
        stage = Path(tempfile.mkdtemp(prefix=f"{prefix}.staging-{os.getpid()}-", dir=place.parent))
        os.chmod(stage, 0o777 & ~_umask())  # mkdtemp creates 0700; the folder gets the usual mode
    except OSError as exc:  # a name too long, a read-only or full disk: the user's to fix
        raise _output_error(target, exc) from None
    try:
        yield stage
        try:
            _write_marker(stage, command)
            _swap(stage, place, f"{prefix}.old-{os.getpid()}-")
        except OSError as exc:
            raise _output_error(target, exc) from None
    except OutputError as exc:  # name the file where the user will look for it
        raise OutputError(str(exc).replace(str(stage), str(target))) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # gone already once in place


def _clean_leftovers(place: Path, prefix: str) -> None:
    """Remove staging and replaced folders of killed runs; if a run was killed between taking
    the old folder away and putting the new one in place, the old one comes back."""
    import shutil

    for leftover in sorted(place.parent.glob(f"{glob.escape(prefix)}.*-*-*")):
        kind, _, rest = leftover.name[len(prefix) + 1 :].partition("-")
        pid = rest.partition("-")[0]
        if kind not in ("staging", "old") or not pid.isdigit() or _running(int(pid)):
            continue
        if kind == "old" and not place.exists():
            leftover.rename(place)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether another process with this id is still running (our own leftovers are stale)."""
    if pid == os.getpid():
        return False
    if os.name == "nt":  # os.kill would end the process there
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _refuse_to_replace(target: Path, place: Path, inputs: list, command: str) -> None:
    """Raise OutputError unless ``place`` is absent, empty, or all evaltool's to replace."""
    if os.path.ismount(place):  # a USB stick, a share, a disk: it cannot be moved aside
        raise OutputError(
            f"{target}：这是一个磁盘、分区或共享文件夹的根，{command} 每次整体替换输出文件夹，"
            "请指定其中的一个子文件夹"
        )
    if Path.cwd().resolve().is_relative_to(place):
        raise OutputError(
            f"{target}：输出文件夹不能是当前文件夹或它的上级；{command} 每次整体替换输出文件夹，"
            "请指定一个新的子文件夹"
        )
    if not place.exists():
        return
    if not place.is_dir():
        raise OutputError(f"{target}：已有同名文件，输出位置应为文件夹")
    inside = [Path(p).resolve() for p in inputs if Path(p).resolve().is_relative_to(place)]
    if inside:
        shown = target / inside[0].relative_to(place)  # as the user named the folder
        raise OutputError(
            f"{shown}：这是本次读取的文件，却放在输出文件夹 {target} 中；{command} 每次整体"
            "替换输出文件夹，请先把它移到输出文件夹以外，或换一个输出文件夹"
        )
    writer = _marker(place)
    if writer and writer[0] != command:
        raise OutputError(
            f"{target}：这是 evaltool {writer[0]} 写出的输出文件夹；{command} 每次整体替换输出"
            "文件夹，请指定另一个文件夹"
        )
    foreign = _foreign_file(place)
    if foreign is not None:
        raise OutputError(
            f"{target}：文件夹中有不是 evaltool {command} 写出的文件（{foreign}）；{command} 每次"
            "整体替换输出文件夹，请指定一个新的或空的文件夹（旧版本写出的文件夹没有记录，请先删除）"
        )


def _foreign_file(place: Path) -> str | None:
    """The first file under ``place`` that no marker (in it, a subfolder or a folder above)
    lists as written by evaltool, as a path relative to ``place``; None when there is none."""
    markers = {folder: found for folder in place.parents if (found := _marker(folder))}
    for root, folders, files in os.walk(place):
        root_path = Path(root)
        if writer := _marker(root_path):
            markers[root_path] = writer
        links = [name for name in folders if (root_path / name).is_symlink()]
        for name in [*files, *links]:
            path = root_path / name
            if name == OUTPUT_MARKER or _CLUTTER.match(name):
                continue
            if not any(
                path.is_relative_to(folder)
                and (listed is None or _nfc(path.relative_to(folder).as_posix()) in listed)
                for folder, (_, listed) in markers.items()
            ):
                return path.relative_to(place).as_posix()
    return None


def _marker(folder: Path) -> tuple[str, frozenset[str] | None] | None:
    """The command that wrote ``folder`` and the files it lists (None: an early marker that
    lists none and covers everything), or None when the folder has no marker."""
    try:
        lines = (folder / OUTPUT_MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    found = _COMMAND.search(lines[0]) if lines else None
    command = found.group(1) if found else "run"
    if _MARKER_FILES not in lines:
        return command, None
    return command, frozenset(_nfc(line) for line in lines[lines.index(_MARKER_FILES) + 1 :])


def _nfc(name: str) -> str:
    """A name as written, whichever Unicode form the file system hands it back in (macOS: NFD)."""
    return unicodedata.normalize("NFC", name)


def _write_marker(stage: Path, command: str) -> None:
    files = sorted(
        (Path(root) / name).relative_to(stage).as_posix()
        for root, _, names in os.walk(stage)
        for name in names
    )
    text = "\n".join(
        [
            f"evaltool {command} 写出的输出文件夹：再次运行时整体替换，请不要在其中存放其他文件",
            _MARKER_FILES,
            *files,
        ]
    )
    (stage / OUTPUT_MARKER).write_text(text + "\n", encoding="utf-8")


def _swap(stage: Path, place: Path, old_prefix: str) -> None:
    """Put ``stage`` at ``place``; the folder there before goes away. Another run finishing at
    the same moment may win the race: then this one, finishing later, replaces it in turn."""
    import shutil

    for _ in range(10):
        old = place.parent / f"{old_prefix}{os.urandom(4).hex()}"
        with suppress(FileNotFoundError):
            place.rename(old)
        try:
            stage.rename(place)
        except OSError as exc:
            if old.exists() and not place.exists():
                old.rename(place)  # the previous folder back before anything else
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            continue
        finally:
            if place.exists():
                shutil.rmtree(old, ignore_errors=True)
        return
    raise OSError(errno.EBUSY, "另一次运行正在写入同一个输出文件夹")


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
