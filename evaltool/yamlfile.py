"""YAML read safely, with the line of every mapping and key kept for file:line error messages."""

from pathlib import Path
from typing import Any

import yaml

from evaltool.errors import ProblemsError


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0

    def __init__(self):
        super().__init__()
        self.lines: dict[Any, int] = {}


class LineLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that records line numbers and rejects duplicate keys."""


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


def read_yaml(path: Path, *, error: type[ProblemsError], what: str) -> Any:
    """Parse a YAML file safely; raise ``error`` naming the file (and line) when it cannot be read.

    ``what`` names the kind of file in the message, e.g. 评查标准文件.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise error([f"{path}：无法读取{what}（{exc}）"]) from exc
    try:
        return yaml.load(text, Loader=LineLoader)
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
