"""The index configuration (docs/index.md): indicators, weights, normalisation, special indices.

Loaded with the safe line-number YAML reader; every problem is collected and reported as
``file:第 N 行：中文消息``. Without a file, the shipped default (``default.yaml`` in this
package) is used and the report says it is a default to adjust.
"""

import fnmatch
import importlib.resources
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltool.errors import ProblemsError
from evaltool.index.formulas import FORMULAS
from evaltool.yamlfile import LineDict, Validator, read_yaml

HIGHER, LOWER = "higher", "lower"
DIRECTIONS = {HIGHER: "越高越好", LOWER: "越低越好"}
SCALE, MINMAX, BANDS = "scale", "minmax", "bands"
METHODS = {SCALE: "按满分折算", MINMAX: "最小—最大值折算", BANDS: "目标值与下限之间折算"}
UNIT_EQUAL, CASE_WEIGHTED = "unit_equal", "case_weighted"
AGGREGATIONS = {
    UNIT_EQUAL: "各单位指数的简单平均（每个单位权重相同）",
    CASE_WEIGHTED: "各单位指数按评查案卷数加权平均",
}
DEFAULT_PROVISIONAL_BELOW = 0.5

TOP_KEYS = {
    "id",
    "title",
    "version",
    "description",
    "aggregation",
    "provisional_below",
    "indicators",
    "special",
}
INDICATOR_KEYS = {
    "id",
    "title",
    "formula",
    "weight",
    "direction",
    "normalise",
    "checks",
    "column",
    "strict",
    "description",
}
NORMALISE_KEYS = {"method", "max", "target", "floor"}
SPECIAL_KEYS = {"id", "title", "indicators", "description"}


class IndexConfigError(ProblemsError):
    """An index configuration that cannot be used; every message names file and line."""


@dataclass(frozen=True)
class Normalisation:
    """How a raw value becomes 0–100: ``scale`` (÷ max), ``minmax`` (across units) or ``bands``."""

    method: str = SCALE
    max: float | None = (
        None  # scale: the raw value worth 100 (default 100; checklist total for scores)
    )
    target: float | None = None  # bands: full marks at or beyond
    floor: float | None = None  # bands: 0 at or beyond


@dataclass(frozen=True)
class Indicator:
    """One indicator: a formula over the results (or an external value), its weight and scaling."""

    id: str
    title: str
    formula: str
    weight: float
    direction: str = HIGHER
    normalisation: Normalisation = Normalisation()
    checks: tuple[str, ...] = ()  # check_pass_share: check ids or patterns such as deadline.*
    column: str = ""  # external: the column of the --extra workbook
    strict: bool = False  # rectification_rate: only 已销号 counts as rectified
    description: str = ""


@dataclass(frozen=True)
class SpecialIndex:
    """A special index (the X of 1+3+N+X): a weighted mean of some indicators' 0–100 values."""

    id: str
    title: str
    weights: dict[str, float]
    description: str = ""


@dataclass(frozen=True)
class IndexConfig:
    id: str
    title: str
    version: str
    description: str
    aggregation: str
    provisional_below: float
    indicators: tuple[Indicator, ...]
    special: tuple[SpecialIndex, ...]
    path: str
    shipped: bool  # the default that ships with evaltool: the report asks to adjust it

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)


def default_config_path() -> Path:
    """The index configuration that ships with evaltool."""
    return Path(str(importlib.resources.files("evaltool.index") / "default.yaml"))


def load_index_config(
    path: str | Path | None = None, *, known_checks: Iterable[str] | None = None
) -> IndexConfig:
    """Read and validate an index configuration (the shipped default when ``path`` is None).

    ``known_checks``: the registered check ids; a ``checks`` pattern matching none of them is
    reported. Raises IndexConfigError listing every problem.
    """
    shipped = path is None
    path = default_config_path() if path is None else Path(path)
    data = read_yaml(path, error=IndexConfigError, what="指数配置文件")
    validator = _Validator(path, None if known_checks is None else sorted(known_checks))
    config = validator.config(data, shipped)
    if validator.problems:
        raise IndexConfigError(validator.problems)
    return config


class _Validator(Validator):
    """Turns parsed YAML into an IndexConfig, collecting every problem with its line."""

    def __init__(self, path: Path, known_checks: list[str] | None):
        super().__init__(path)
        self.known_checks = known_checks

    def text(self, node: LineDict, key: str, where: str, *, required: bool = False) -> str:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(node, key, f"{where}缺少「{key}」")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(node, key, f"{where}的「{key}」应为文字")
            return ""
        return str(value).strip()

    def number(
        self, node: LineDict, key: str, where: str, *, minimum: float | None = None
    ) -> float | None:
        value = node.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.error(node, key, f"{where}的「{key}」应为数字，实际为「{value}」")
            return None
        if minimum is not None and value < minimum:
            self.error(node, key, f"{where}的「{key}」不能小于 {minimum:g}，实际为 {value:g}")
            return None
        return float(value)

    def boolean(self, node: LineDict, key: str, where: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.error(node, key, f"{where}的「{key}」应为 true 或 false，实际为「{value}」")
            return False
        return value

    def choice(self, node: LineDict, key: str, where: str, choices: dict, default: str) -> str:
        value = node.get(key, default)
        if not isinstance(value, str) or value not in choices:
            allowed = "、".join(f"{k}（{v}）" for k, v in choices.items())
            self.error(node, key, f"{where}的「{key}」应为 {allowed} 之一，实际为「{value}」")
            return default
        return value

    def config(self, data: Any, shipped: bool) -> IndexConfig:
        if data is None:
            data = LineDict()
        if not self.mapping(data, TOP_KEYS, "指数配置", None, None):
            raise IndexConfigError(self.problems)
        where = "指数配置"
        provisional = self.number(data, "provisional_below", where, minimum=0)
        if provisional is not None and provisional > 1:
            self.error(
                data, "provisional_below", "「provisional_below」是已评估的占比，应在 0 到 1 之间"
            )
            provisional = None
        indicators = self.indicators(data)
        return IndexConfig(
            id=self.text(data, "id", where, required=True),
            title=self.text(data, "title", where) or "行政执法指数（评查）",
            version=self.text(data, "version", where),
            description=self.text(data, "description", where),
            aggregation=self.choice(data, "aggregation", where, AGGREGATIONS, UNIT_EQUAL),
            provisional_below=DEFAULT_PROVISIONAL_BELOW if provisional is None else provisional,
            indicators=indicators,
            special=self.specials(data, {i.id for i in indicators}),
            path=str(self.path),
            shipped=shipped,
        )

    def indicators(self, data: LineDict) -> tuple[Indicator, ...]:
        raw = data.get("indicators")
        if not isinstance(raw, list) or not raw:
            self.error(data, "indicators", "「indicators」应为指标列表（至少一项）")
            return ()
        indicators, seen = [], {}
        for node in raw:
            if not self.mapping(node, INDICATOR_KEYS, "指标", data, "indicators"):
                continue
            indicator = self.indicator(node)
            if indicator is None:
                continue
            if indicator.id in seen:
                self.error(
                    node,
                    "id",
                    f"指标编号「{indicator.id}」重复（第 {seen[indicator.id]} 行已出现）",
                )
                continue
            seen[indicator.id] = node.lines.get("id", node.line)
            indicators.append(indicator)
        if indicators and not sum(i.weight for i in indicators) > 0:
            self.error(data, "indicators", "各指标的权重之和应大于 0")
        return tuple(indicators)

    def indicator(self, node: LineDict) -> Indicator | None:
        where = "指标"
        indicator_id = self.text(node, "id", where, required=True)
        if not indicator_id:
            return None
        where = f"指标「{indicator_id}」"
        formula = node.get("formula")
        if formula not in FORMULAS:
            known = "、".join(f"{k}（{v.title}）" for k, v in FORMULAS.items())
            self.error(node, "formula", f"{where}的计算公式「{formula}」未知，可用：{known}")
            return None
        spec = FORMULAS[formula]
        for key in ("checks", "column", "strict"):
            if key in node and key not in spec.options:
                self.error(node, key, f"{where}：「{key}」只用于 {_users(key)} 公式")
        weight = self.number(node, "weight", where, minimum=0)
        if weight is None and "weight" not in node:
            self.error(node, "weight", f"{where}缺少权重「weight」（只用于专项指数时写 0）")
        direction = self.choice(node, "direction", where, DIRECTIONS, spec.direction)
        return Indicator(
            id=indicator_id,
            title=self.text(node, "title", where, required=True) or indicator_id,
            formula=formula,
            weight=weight or 0.0,
            direction=direction,
            normalisation=self.normalisation(node, where, direction),
            checks=self.checks(node, where) if "checks" in spec.options else (),
            column=self.text(node, "column", where, required="column" in spec.options),
            strict=self.boolean(node, "strict", where) if "strict" in spec.options else False,
            description=self.text(node, "description", where),
        )

    def checks(self, node: LineDict, where: str) -> tuple[str, ...]:
        raw = node.get("checks")
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not raw or not all(isinstance(p, str) for p in raw):
            self.error(
                node,
                "checks",
                f"{where}的「checks」应为检查编号列表，如 [deadline.*, hearing.timing]",
            )
            return ()
        for pattern in raw:
            if self.known_checks is not None and not fnmatch.filter(self.known_checks, pattern):
                self.error(
                    node, "checks", f"{where}：没有编号为「{pattern}」的检查（见 docs/checks/）"
                )
        return tuple(raw)

    def normalisation(self, node: LineDict, where: str, direction: str) -> Normalisation:
        raw = node.get("normalise", SCALE)
        if isinstance(raw, str):
            raw_node = LineDict()
            raw_node["method"] = raw
            raw_node.line = node.lines.get("normalise", node.line)
            raw = raw_node
        where = f"{where}的归一化方法"
        if not self.mapping(raw, NORMALISE_KEYS, where, node, "normalise"):
            return Normalisation()
        method = self.choice(raw, "method", where, METHODS, SCALE)
        maximum = self.number(raw, "max", where)
        target, floor = self.number(raw, "target", where), self.number(raw, "floor", where)
        if method != SCALE and maximum is not None:
            self.error(raw, "max", f"{where}：「max」只用于 scale")
        if method != BANDS and (target is not None or floor is not None):
            self.error(
                raw,
                "target" if target is not None else "floor",
                f"{where}：「target」「floor」只用于 bands",
            )
        if method == SCALE and maximum is not None and maximum <= 0:
            self.error(raw, "max", f"{where}：「max」应大于 0")
        if method == BANDS:
            if target is None or floor is None:
                self.error(
                    raw, "method", f"{where}：bands 需要「target」（满分线）和「floor」（零分线）"
                )
            elif direction == HIGHER and not target > floor:
                self.error(
                    raw,
                    "target",
                    f"{where}：越高越好的指标，target（{target:g}）应大于 floor（{floor:g}）",
                )
            elif direction == LOWER and not target < floor:
                self.error(
                    raw,
                    "target",
                    f"{where}：越低越好的指标，target（{target:g}）应小于 floor（{floor:g}）",
                )
        return Normalisation(method, maximum, target, floor)

    def specials(self, data: LineDict, indicator_ids: set[str]) -> tuple[SpecialIndex, ...]:
        raw = data.get("special") or []
        if not isinstance(raw, list):
            self.error(data, "special", "「special」应为专项指数列表")
            return ()
        specials, seen = [], set(indicator_ids)
        for node in raw:
            if not self.mapping(node, SPECIAL_KEYS, "专项指数", data, "special"):
                continue
            special_id = self.text(node, "id", "专项指数", required=True)
            where = f"专项指数「{special_id}」"
            if special_id in seen:
                self.error(node, "id", f"{where}：编号与其他指标或专项指数重复")
                continue
            seen.add(special_id)
            weights = node.get("indicators")
            if not isinstance(weights, LineDict) or not weights:
                self.error(
                    node,
                    "indicators",
                    f"{where}的「indicators」应为 指标编号: 权重 的映射，如 {{T: 60, P: 40}}",
                )
                continue
            for key in weights:
                if key not in indicator_ids:
                    self.error(weights, key, f"{where}：没有编号为「{key}」的指标")
                self.number(weights, key, where, minimum=0)
            values = [v for v in weights.values() if isinstance(v, int | float)]
            if not sum(values) > 0:
                self.error(node, "indicators", f"{where}：权重之和应大于 0")
            specials.append(
                SpecialIndex(
                    id=special_id,
                    title=self.text(node, "title", where, required=True) or special_id,
                    weights={
                        str(k): float(v)
                        for k, v in weights.items()
                        if isinstance(v, int | float) and not isinstance(v, bool)
                    },
                    description=self.text(node, "description", where),
                )
            )
        return tuple(specials)


def _users(key: str) -> str:
    return "、".join(name for name, spec in FORMULAS.items() if key in spec.options)
