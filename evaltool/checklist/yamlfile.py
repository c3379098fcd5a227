"""Reading checklist YAML safely while remembering the line of every mapping and key."""

from pathlib import Path
from typing import Any

import yaml

from evaltool.errors import ChecklistError


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0

    def __init__(self):
        super().__init__()
        self.lines: dict[Any, int] = {}


class _LineLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that records line numbers and rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely; raise ChecklistError with file and line when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError([f"{path}：无法读取评查标准文件（{exc}）"]) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else "位置未知"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ChecklistError([f"{path}:{line}：YAML 格式错误：{problem}"]) from exc
