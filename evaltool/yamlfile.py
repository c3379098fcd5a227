"""YAML read safely, with the line of every mapping and key kept for file:line error messages.

Every YAML file the tool reads comes through ``read_yaml``: a file above ``MAX_BYTES`` is
refused before parsing, and one whose aliases would expand past ``MAX_EXPANDED`` nodes (a
"billion laughs" alias bomb) is refused after composing, before anything walks the data.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from evaltool.text import not_text

MAX_BYTES = 4 << 20  # 4 MB: the largest shipped checklist is under 30 KB
MAX_EXPANDED = 1_000_000  # nodes (and scalar text in units of 100 characters) with aliases expanded


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0

    def __init__(self):
        super().__init__()
        self.lines: dict[Any, int] = {}


class LineLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that records line numbers, rejects duplicate keys and alias bombs."""

    def compose_document(self):
        node = super().compose_document()
        _check_expansion(node)
        return node


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past ``MAX_EXPANDED`` (or refer to themselves).

    Sizes are counted once per node (aliases share nodes), so the check costs the size of the file.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            weight = len(node.value) // 100 if isinstance(node, yaml.ScalarNode) else 0
            sizes[key] = 1 + weight + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_EXPANDED:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"别名（&锚点/*引用）展开后超过 {MAX_EXPANDED} 个节点，可能是“别名炸弹”，已拒绝读取",
                    node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in active:
            raise yaml.composer.ComposerError(
                None, None, "别名引用了包含它自身的节点（循环引用），已拒绝读取", node.start_mark
            )
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"重复的键「{key}」（第 {mapping.lines[key]} 行已出现）",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


def _construct_timestamp(loader: LineLoader, node: yaml.ScalarNode):
    """A date or time; one that does not exist (2030-13-01) is a YAML error at its line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"日期「{node.value}」不存在（{exc}）", node.start_mark
        ) from None


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_yaml(
    path: Path, *, error: Callable[[list[str]], Exception], what: str, max_bytes: int = MAX_BYTES
) -> Any:
    """Parse a YAML file safely; raise ``error`` naming the file (and line) when it cannot be read.

    ``error`` takes the list of problems (ChecklistError, ConfigError, …); ``what`` names the
    kind of file in the message, e.g. 评查标准文件.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise error(
                [
                    f"{path}：{what}大小 {size / (1 << 20):.1f} MB，超过上限 {max_bytes >> 20} MB，已拒绝读取"
                ]
            )
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error([f"{path}：{not_text(path, what)}"]) from exc
    except OSError as exc:
        raise error([f"{path}：无法读取{what}（{exc}）"]) from exc
    try:
        return yaml.load(text, Loader=LineLoader)
    except RecursionError:
        raise error([f"{path}：{what}嵌套层次过深，已拒绝读取"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else "位置未知"
        problem = getattr(exc, "problem", None) or str(exc)
        raise error([f"{path}:{line}：YAML 格式错误：{problem}"]) from exc


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
                f"{where}中有未知的键「{unknown}」（允许：{'、'.join(sorted(allowed))}）",
            )
        return True
