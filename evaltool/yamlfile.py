"""YAML read safely, with the line of every mapping and key kept for file:line error messages.

Every YAML file the tool reads comes through ``read_yaml``: a file above ``MAX_BYTES`` is
refused before parsing, and one whose aliases would expand past ``MAX_EXPANDED`` nodes (a
"billion laughs" alias bomb) is refused after composing, before anything walks the data.

Files are parsed with libyaml (about five times faster than PyYAML's pure-Python parser); a
file libyaml rejects is parsed again by the pure-Python parser, whose errors name the line and
problem that the Chinese messages translate. PyYAML itself is loaded only when a file must be
parsed: a file read with ``cache=True`` (the standards) is kept parsed in the user's cache
folder (evaltool.cache) and later read from there.
"""

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaltool.cache import load_entry, store_entry
from evaltool.lazy import LazyPattern
from evaltool.text import not_text

MAX_BYTES = 4 << 20  # 4 MB: the largest shipped checklist is under 30 KB
MAX_EXPANDED = 1_000_000  # nodes (and scalar text in units of 100 characters) with aliases expanded


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0

    def __init__(self):
        super().__init__()
        self.lines: dict[Any, int] = {}


@functools.cache
def _loaders() -> tuple[type, type]:
    """The libyaml loader and the pure-Python one, both keeping lines and refusing alias bombs."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        """``yaml.SafeLoader`` that records line numbers, rejects duplicate keys and alias bombs."""

        def compose_document(self):
            node = super().compose_document()
            _check_expansion(node)
            return node

    class FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        """``LineLoader`` on libyaml's parser (when PyYAML was built with it)."""

        def get_single_node(self):
            node = super().get_single_node()
            if node is not None:
                _check_expansion(node)
            return node

    for loader in (FastLineLoader, LineLoader):
        loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
        loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    return FastLineLoader, LineLoader


def _check_expansion(root) -> None:
    """Refuse a document whose aliases expand past ``MAX_EXPANDED`` (or refer to themselves).

    Sizes are counted once per node (aliases share nodes), so the check costs the size of the file.
    """
    from yaml.composer import ComposerError

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            weight = len(node.value) // 100 if node.id == "scalar" else 0
            sizes[key] = 1 + weight + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_EXPANDED:
                raise ComposerError(
                    None,
                    None,
                    f"别名（&锚点/*引用）展开后超过 {MAX_EXPANDED} 个节点，可能是“别名炸弹”，已拒绝读取",
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in active:
            raise ComposerError(
                None, None, "别名引用了包含它自身的节点（循环引用），已拒绝读取", node.start_mark
            )
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node) -> list:
    """The nodes inside a YAML node (``id`` is PyYAML's kind of node)."""
    if node.id == "sequence":
        return node.value
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    return []


def _construct_mapping(loader, node) -> LineDict:
    from yaml.constructor import ConstructorError

    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise ConstructorError(
                None,
                None,
                f"重复的键「{key}」（第 {mapping.lines[key]} 行已出现）",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


def _construct_timestamp(loader, node):
    """A date or time; one that does not exist (2030-13-01) is a YAML error at its line."""
    from yaml.constructor import ConstructorError, SafeConstructor

    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise ConstructorError(
            None, None, f"日期「{node.value}」不存在（{exc}）", node.start_mark
        ) from None


# A space that line folding (``>``, ``>-``) put between two CJK characters or punctuation marks.
_FOLDED_CJK_SPACE = LazyPattern(
    r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]) (?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])"
)


def _construct_str(loader, node) -> str:
    """A string; a folded one (``>``/``>-``) joins Chinese lines without the space folding adds."""
    value = loader.construct_scalar(node)
    if node.style == ">":
        value = _FOLDED_CJK_SPACE.sub("", value)
    return value


def parse_yaml(text: str, *, exact: bool = False) -> Any:
    """The data of a YAML document, with lines kept; a document libyaml rejects is parsed again
    by the pure-Python parser (``exact``: only by it), so that an error carries its exact line
    and PyYAML's wording."""
    import yaml

    fast, pure = _loaders()
    if not exact:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=pure)


# What a cached parse may hold: mappings, and the dates and times YAML gives.
CACHED_CLASSES = frozenset({LineDict, dt.date, dt.datetime, dt.timezone, dt.timedelta})


def read_yaml(
    path: Path,
    *,
    error: Callable[[list[str]], Exception],
    what: str,
    max_bytes: int = MAX_BYTES,
    cache: bool = False,
) -> Any:
    """Parse a YAML file safely; raise ``error`` naming the file (and line) when it cannot be read.

    ``error`` takes the list of problems (ChecklistError, ConfigError, …); ``what`` names the
    kind of file in the message, e.g. 评查标准文件. ``cache``: keep the parse of a file that
    rarely changes (a shipped standard) in the user's cache folder and reuse it.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise error(
                [
                    f"{path}：{what}大小 {size / (1 << 20):.1f} MB，超过上限 {max_bytes >> 20} MB，已拒绝读取"
                ]
            )
        content = path.read_bytes()
        if cache and (kept := load_entry("yaml", content, CACHED_CLASSES)) is not None:
            return kept
        text = content.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise error([f"{path}：{not_text(path, what)}"]) from exc
    except OSError as exc:
        raise error([f"{path}：无法读取{what}（{exc}）"]) from exc
    from yaml import YAMLError

    try:
        data = parse_yaml(text)
    except RecursionError:
        raise error([f"{path}：{what}嵌套层次过深，已拒绝读取"]) from None
    except YAMLError as exc:
        line, problem = explain_yaml_error(exc)
        where = f"第 {line} 行" if line else "位置未知"
        raise error([f"{path}:{where}：YAML 格式错误：{problem}"]) from exc
    if cache:
        store_entry("yaml", content, data)
    return data


# PyYAML's messages in Chinese; the mark to report: the problem's, or the context's (the stray line).
_YAML_PROBLEMS = (
    (
        "could not find expected ':'",
        "context",
        "这一行既不是「键: 值」也不是列表项「- 」（缺少冒号，或是多余的一行；冒号后要有空格）",
    ),
    (
        "mapping values are not allowed here",
        "problem",
        "此处不能出现「键: 值」：检查本行的缩进，或文字中的冒号（含冒号的文字请加引号）",
    ),
    (
        "found character '\\t' that cannot start any token",
        "problem",
        "使用了制表符（Tab），请改用空格缩进",
    ),
    (
        "expected <block end>, but found",
        "problem",
        "缩进与上文不一致（同一层的键应对齐，列表项的「- 」应对齐）",
    ),
    ("did not find expected key", "problem", "缩进与上文不一致，或缺少「- 」"),
    ("did not find expected '-' indicator", "problem", "列表项应以「- 」开头，且与上一项对齐"),
    ("found unexpected end of stream", "context", "引号没有配对：缺少结束的引号"),
    ("found undefined alias", "problem", "引用了未定义的锚点（*名称）"),
    ("expected ',' or ']'", "context", "方括号 [ ] 中的列表没有正确结束：缺少「]」或逗号"),
    ("expected ',' or '}'", "context", "花括号 { } 中的映射没有正确结束：缺少「}」或逗号"),
)


def explain_yaml_error(exc: Exception) -> tuple[int | None, str]:
    """The line to report (1-based) and a Chinese explanation of a YAML syntax error."""
    problem = getattr(exc, "problem", None) or str(exc)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    for english, which, chinese in _YAML_PROBLEMS:
        if problem.startswith(english):
            mark = (context_mark if which == "context" else problem_mark) or problem_mark
            return (mark.line + 1 if mark else None), chinese
    if not problem.isascii():  # already in Chinese: duplicate keys, bad dates, alias bombs
        mark = problem_mark or context_mark
        return (mark.line + 1 if mark else None), problem
    mark = problem_mark or context_mark
    return (mark.line + 1 if mark else None), f"无法解析（{problem}）"


def suggestion(unknown: Any, allowed: set[str]) -> str:
    """「，是否应为「title」？」 for a key close to an allowed one, else empty."""
    import difflib

    close = difflib.get_close_matches(str(unknown), sorted(allowed), n=1, cutoff=0.6)
    return f"，是否应为「{close[0]}」？" if close else ""


class Validator:
    """Base for turning parsed YAML into objects: collects every problem as ``file:第 N 行：…``."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def at(self, node: Any, key: Any = None) -> str:
        """The location of a key (or the mapping itself) as messages show it: ``file:第 N 行``."""
        line = node.lines.get(key, node.line) if isinstance(node, LineDict) else 0
        return f"{self.path}:第 {line} 行" if line else str(self.path)

    def error(self, node: Any, key: Any, message: str) -> None:
        self.problems.append(f"{self.at(node, key)}：{message}")

    def mapping(self, node: Any, allowed: set[str], where: str, parent: Any, key: Any) -> bool:
        """Whether ``node`` is a mapping; every key outside ``allowed`` is a problem."""
        if not isinstance(node, LineDict):
            self.error(parent, key, f"{where}应为键值映射")
            return False
        for unknown in sorted(set(node) - allowed, key=str):
            self.error(
                node,
                unknown,
                f"{where}中有未知的键「{unknown}」{suggestion(unknown, allowed)}"
                f"（允许：{'、'.join(sorted(allowed))}）",
            )
        return True
