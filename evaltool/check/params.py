"""Checklist parameters: validation, effective dates, and resolution per case by its decision date.

Any parameter may be written in a checklist either as a plain value or as a list
of periods, each with the value in force then and where it comes from::

    limits:
      - {to: 2021-07-14, value: {自然人: 50, 法人及非法人组织: 1000}, source: 行政处罚法（1996年）第三十三条}
      - {from: 2021-07-15, value: {自然人: 200, 法人及非法人组织: 3000}, source: 行政处罚法第五十一条}

``from`` and ``to`` are inclusive and optional (open-ended); periods must not
overlap; ``value: null`` means the rule was not in force then. A case takes the
period that covers its decision date. A case without a decision date takes the
value only when every period agrees; otherwise it is ``needs_review``.
"""

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evaltool.check.spec import NeedsReview, Param
from evaltool.fields import label
from evaltool.model import Case

DECISION_FIELD = "decided_on"
PERIOD_KEYS = ("from", "to", "value", "source")
TYPE_LABELS = {
    bool: "true 或 false",
    int: "整数",
    float: "数值",
    str: "文本",
    list: "列表",
    dict: "键值映射",
}


@dataclass(frozen=True)
class Span:
    """One period of a dated parameter: from and to inclusive, None for open-ended."""

    start: dt.date | None
    end: dt.date | None
    value: Any
    source: str = ""

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def describe(self) -> str:
        """The period in Chinese, e.g. ``2021-07-15起``, ``至2021-07-14``, ``2000-01-01至2023-02-28``."""
        if self.start and self.end:
            return f"{self.start}至{self.end}"
        if self.start:
            return f"{self.start}起"
        return f"至{self.end}" if self.end else "始终"


@dataclass(frozen=True)
class Dated:
    """A parameter whose value depends on the decision date."""

    spans: tuple[Span, ...]

    def at(self, day: dt.date) -> Span | None:
        return next((span for span in self.spans if span.covers(day)), None)

    def describe(self) -> str:
        return "；".join(f"{span.describe()}：{span.value}" for span in self.spans)


def dated(*periods: tuple[str | None, str | None, Any, str]) -> Dated:
    """A dated default in code: ``dated((None, "2021-07-14", 50, "来源"), ("2021-07-15", None, 200, "来源"))``."""
    return Dated(
        tuple(Span(_iso(start), _iso(end), value, source) for start, end, value, source in periods)
    )


def _iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class CaseParams(Mapping[str, Any]):
    """A checklist item's params as one case sees them: dated values resolved by its decision date."""

    def __init__(self, values: Mapping[str, Any], case: Case):
        self._values = values
        self._case = case
        self._spans: dict[str, Span] = {}
        # each value once resolved (cases decided on a day share it)
        self._plain: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name in self._plain:
            return self._plain[name]
        value = self._values[name]
        if isinstance(value, Dated):
            value = self._span(name).value
        self._plain[name] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def source(self, name: str) -> str:
        """The ``source`` note of the period that applies to this case ("" for a plain value)."""
        return self._span(name).source if isinstance(self._values[name], Dated) else ""

    def _span(self, name: str) -> Span:
        if name not in self._spans:
            self._spans[name] = self._resolve(name, self._values[name])
        return self._spans[name]

    def _resolve(self, name: str, value: Dated) -> Span:
        day = self._case.get(DECISION_FIELD)
        if not isinstance(day, dt.date):
            if len({repr(span.value) for span in value.spans}) == 1:
                return value.spans[0]
            where = self._case.describe(DECISION_FIELD)
            raise NeedsReview(
                f"{where}未填写，无法确定参数「{name}」适用哪一时期的标准（{value.describe()}）",
                DECISION_FIELD,
            )
        span = value.at(day)
        if span is None:
            raise NeedsReview(
                f"{label(DECISION_FIELD)} {day} 不在参数「{name}」的任何有效期内"
                f"（{value.describe()}），需人工核对适用的标准",
                DECISION_FIELD,
            )
        return span


class ParamsByDate:
    """One item's params for every case, resolved once per decision date.

    A dated value depends on nothing but the decision date, so the cases decided on
    the same day share one ``CaseParams`` (and its resolved periods); a case without
    a decision date gets its own, because its messages name its cell.
    """

    def __init__(self, values: Mapping[str, Any]):
        self._values = values
        self._by_day: dict[dt.date, CaseParams] = {}
        self._dated = [name for name, value in values.items() if isinstance(value, Dated)]

    @property
    def dated(self) -> bool:
        """Whether any param depends on the decision date."""
        return bool(self._dated)

    def grouped(
        self, cases: Sequence[Case], positions: Sequence[int], by_day: Mapping[Any, list[int]]
    ) -> list[tuple[dict[str, Any], Sequence[int]]]:
        """The ``positions`` of ``cases`` in groups that share every param value, each group with
        those values; ``by_day`` holds the same positions by decision date (read only when a
        param is dated). Cases whose params cannot be resolved are left out (the check itself
        says why)."""
        if not self._dated:
            return [(dict(self._values), positions)] if positions else []
        groups: dict[tuple, tuple[dict[str, Any], list[int]]] = {}
        for day, decided in by_day.items():
            # a case without a decision date is resolved on its own (its messages name its cell)
            for members in [decided] if isinstance(day, dt.date) else [[p] for p in decided]:
                resolved = self._resolved(cases[members[0]])
                if resolved is not None:
                    key, values = resolved
                    groups.setdefault(key, (values, []))[1].extend(members)
        return list(groups.values())

    def _resolved(self, case: Case) -> tuple[tuple, dict[str, Any]] | None:
        """The plain values of ``case``'s params and the key of the periods they come from."""
        params = self.for_case(case)
        try:
            values = {name: params[name] for name in params}
        except NeedsReview:
            return None
        return tuple(id(params._span(name)) for name in self._dated), values

    def for_case(self, case: Case) -> CaseParams:
        day = case.get(DECISION_FIELD)
        if not isinstance(day, dt.date):
            return CaseParams(self._values, case)
        params = self._by_day.get(day)
        if params is None:
            params = self._by_day[day] = CaseParams(self._values, case)
        return params


# Validation ---------------------------------------------------------------------------------

Problem = tuple[Any, Any, str]  # (YAML node or None for the params mapping, key, Chinese message)


def parse_param(name: str, param: Param, raw: Any) -> tuple[Any, list[Problem]]:
    """A checklist value for ``param``, plain or dated, with every problem found (empty when valid)."""
    if _is_dated_form(raw):
        return _parse_dated(name, param, raw)
    problem = _value_problem(name, param, raw, allow_null=param.default is None)
    return raw, [(None, name, problem)] if problem else []


def _is_dated_form(raw: Any) -> bool:
    return (
        isinstance(raw, list)
        and bool(raw)
        and all(isinstance(entry, dict) and "value" in entry for entry in raw)
    )


def _value_problem(name: str, param: Param, value: Any, *, allow_null: bool) -> str | None:
    if value is None:
        return None if allow_null else f"参数「{name}」不能为空：{param.description}"
    types = param.type if isinstance(param.type, tuple) else (param.type,)
    accepted = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if float in types and isinstance(value, int) and not isinstance(value, bool):
        accepted = True
    if not accepted:
        wanted = "或".join(TYPE_LABELS.get(t, t.__name__) for t in types)
        return f"参数「{name}」应为{wanted}（{param.description}），实际为「{value}」"
    problem = param.check(value) if param.check else None
    return f"参数「{name}」{problem}" if problem else None


def _parse_dated(name: str, param: Param, raw: list) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    spans = []
    for entry in raw:
        for key in entry:
            if key not in PERIOD_KEYS:
                problems.append(
                    (
                        entry,
                        key,
                        f"参数「{name}」的有效期条目中有未知的键「{key}」（允许：from、to、value、source）",
                    )
                )
        known = len(problems)
        start, end = (
            _period_date(name, entry, "from", problems),
            _period_date(name, entry, "to", problems),
        )
        dates_ok = len(problems) == known
        if start and end and start > end:
            problems.append((entry, "from", f"参数「{name}」的有效期 from {start} 晚于 to {end}"))
        problem = _value_problem(name, param, entry["value"], allow_null=True)
        if problem:
            problems.append((entry, "value", problem))
        source = entry.get("source", "")
        if not isinstance(source, str):
            problems.append((entry, "source", f"参数「{name}」的 source 应为文本（出处说明）"))
            source = str(source)
        spans.append((Span(start, end, entry["value"], source), dates_ok))
    ordered = sorted((span for span, _ in spans), key=lambda s: s.start or dt.date.min)
    checkable = [span for span in ordered if (span, True) in spans]
    for before, after in itertools.pairwise(checkable):
        if before.end is None or after.start is None or before.end >= after.start:
            problems.append(
                (
                    None,
                    name,
                    f"参数「{name}」的有效期相互重叠：{before.describe()} 与 {after.describe()}",
                )
            )
    return Dated(tuple(ordered)), problems


def _period_date(name: str, entry: dict, key: str, problems: list[Problem]) -> dt.date | None:
    value = entry.get(key)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(
        (entry, key, f"参数「{name}」的有效期 {key} 应为日期，如 2021-07-15，实际为「{value}」")
    )
    return None
