"""Raw indicator values to 0–100, each with the arithmetic spelled out (docs/index.md).

- ``scale``: 100 × raw ÷ max (max 100 for shares, the checklist total for scores);
- ``minmax``: 100 × (raw − lowest) ÷ (highest − lowest) across the units with a value;
- ``bands``: 100 at or beyond ``target``, 0 at or beyond ``floor``, linear between.

``lower`` turns each around (100 − scale; highest − raw for minmax; bands with target < floor).
Results are clamped to 0–100, and the clamp is said.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from evaltool.index.config import BANDS, LOWER, MINMAX, Indicator
from evaltool.index.formulas import FORMULAS
from evaltool.render.filters import number


@dataclass(frozen=True)
class Bounds:
    """The lowest and highest raw value across units (min–max normalisation)."""

    low: float
    high: float


def bounds(values: Iterable[float | None]) -> Bounds | None:
    present = [v for v in values if v is not None]
    return Bounds(min(present), max(present)) if present else None


def scale_max(indicator: Indicator, total: float) -> float:
    if indicator.normalisation.max is not None:
        return indicator.normalisation.max
    return total if FORMULAS[indicator.formula].on_points else 100.0


def normalise(
    raw: float, indicator: Indicator, *, total: float, span: Bounds | None
) -> tuple[float, str]:
    """The 0–100 value of a raw value, and the arithmetic as a reader checks it."""
    lower = indicator.direction == LOWER
    method = indicator.normalisation.method
    if method == MINMAX:
        if span is None or span.high == span.low:
            return 100.0, "各单位数值相同，均按 100 计"
        width = span.high - span.low
        if lower:
            value = 100 * (span.high - raw) / width
            text = f"100 ×（最高 {number(span.high)} − {number(raw)}）÷（{number(width)}）"
        else:
            value = 100 * (raw - span.low) / width
            text = f"100 ×（{number(raw)} − 最低 {number(span.low)}）÷（{number(width)}）"
    elif method == BANDS:
        target, floor = indicator.normalisation.target, indicator.normalisation.floor
        reached = raw <= target if lower else raw >= target
        failed = raw >= floor if lower else raw <= floor
        if reached:
            return 100.0, f"达到目标值 {number(target)}，得 100"
        if failed:
            return 0.0, f"{'不低于' if lower else '不高于'}下限 {number(floor)}，得 0"
        value = (
            100 * (floor - raw) / (floor - target)
            if lower
            else 100 * (raw - floor) / (target - floor)
        )
        text = (
            f"100 ×（下限 {number(floor)} − {number(raw)}）÷（{number(floor)} − 目标 {number(target)}）"
            if lower
            else f"100 ×（{number(raw)} − 下限 {number(floor)}）÷（目标 {number(target)} − {number(floor)}）"
        )
    else:
        maximum = scale_max(indicator, total)
        value = 100 * raw / maximum
        text = number(raw) if maximum == 100 else f"{number(raw)} ÷ {number(maximum)} × 100"
        if lower:
            value = 100 - value
            text = f"100 − {text}"
        elif maximum == 100:
            return min(max(value, 0.0), 100.0), _clamped(f"满分 100，原始值直接采用：{text}", value)
    return min(max(value, 0.0), 100.0), _clamped(f"{text} = {number(value)}", value)


def _clamped(text: str, value: float) -> str:
    clamped = min(max(value, 0.0), 100.0)
    return text if clamped == value else f"{text}，超出 0–100，按 {number(clamped)} 计"


def describe(indicator: Indicator, total: float) -> str:
    """The normalisation rule in Chinese, for the indicator table."""
    settings = indicator.normalisation
    lower = indicator.direction == LOWER
    if settings.method == MINMAX:
        best, worst = ("最低", "最高") if lower else ("最高", "最低")
        return f"各单位中{best}者得 100、{worst}者得 0，其余按比例"
    if settings.method == BANDS:
        if lower:
            return f"不高于 {number(settings.target)} 得 100，不低于 {number(settings.floor)} 得 0，其间按比例"
        return f"不低于 {number(settings.target)} 得 100，不高于 {number(settings.floor)} 得 0，其间按比例"
    maximum = number(scale_max(indicator, total))
    return f"100 − 原始值 ÷ {maximum} × 100" if lower else f"原始值 ÷ {maximum} × 100"
