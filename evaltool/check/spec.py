"""How a check declares itself: its title, legal basis, the fields it reads and its parameters."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evaltool.check.days import Calendar
from evaltool.model import Case, Verdict


@dataclass(frozen=True)
class Param:
    """A checklist parameter of a check: its type, default and Chinese description."""

    type: type | tuple[type, ...]
    default: Any
    description: str


@dataclass(frozen=True)
class CheckInfo:
    """What ``@check_info`` attaches to a check function."""

    title: str
    basis: str
    reads: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    params: dict[str, Param] = field(default_factory=dict)


def check_info(
    *,
    title: str,
    basis: str,
    reads: Sequence[str] = (),
    requires: Sequence[str] | None = None,
    params: dict[str, Param] | None = None,
) -> Callable:
    """Declare a check's metadata.

    ``reads``: fields the check looks at; an unreadable value in any of them makes
    the case ``needs_review`` before the check runs. ``requires``: fields whose
    column must exist in the register (default: all of ``reads``); when a register
    lacks one, the check is reported once as not assessed for that register.
    """

    def decorate(func: Callable) -> Callable:
        func.__evaltool_check__ = CheckInfo(
            title=title,
            basis=basis,
            reads=tuple(reads),
            requires=tuple(reads if requires is None else requires),
            params=dict(params or {}),
        )
        return func

    return decorate


@dataclass(frozen=True)
class Check:
    """A registered check: a public id, the callable and its metadata."""

    id: str
    func: Callable[[Case, dict[str, Any], "CheckContext"], Verdict]
    info: CheckInfo
    plugin: str

    def __call__(self, case: Case, params: dict[str, Any], ctx: "CheckContext") -> Verdict:
        return self.func(case, params, ctx)


@dataclass
class CheckContext:
    """What a check may use besides the case: the calendar, all cases of the run, a memo."""

    calendar: Calendar
    cases: Sequence[Case]
    review_date: dt.date
    _memo: dict[Any, Any] = field(default_factory=dict)

    def memo(self, key: Any, factory: Callable[[], Any]) -> Any:
        """Compute something once per run (e.g. case-number counts per unit) and reuse it."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]
