"""How a check declares itself: its title, legal basis, the fields it reads and its parameters."""

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evaltool.calendar import Calendar
from evaltool.model import Case, Verdict

Columns = Sequence[str] | Callable[[dict[str, Any]], Sequence[str]]


@dataclass(frozen=True)
class Param:
    """A checklist parameter of a check: its type, default and Chinese description.

    ``check`` validates a value beyond its type and returns a Chinese problem, or
    None when the value is fine. Any parameter may be given with effective dates
    (see ``evaltool.check.params``); ``default`` may itself be a ``Dated`` value.
    A parameter whose default is None is optional: ``null`` in a checklist is allowed.
    """

    type: type | tuple[type, ...]
    default: Any
    description: str
    check: Callable[[Any], str | None] | None = None


class NeedsReview(Exception):
    """Raised inside a check when a case cannot be decided; the engine turns it into ``needs_review``."""

    def __init__(self, message: str, *fields: str):
        super().__init__(message)
        self.message = message
        self.fields = fields


@dataclass(frozen=True)
class CheckInfo:
    """What ``@check_info`` attaches to a check function."""

    title: str
    basis: str
    reads: tuple[str, ...] = ()
    requires: Columns = ()
    optional: Columns = ()

    params: dict[str, Param] = field(default_factory=dict)
    documents: bool = False  # reads the case-file documents (文书), not only the register
    clear_passes: "ClearPasses | None" = None  # the optional fast form (see ``check_info``)

    def required_columns(self, params: dict[str, Any]) -> tuple[str, ...]:
        """Columns without which the check cannot run on a register at all."""
        return tuple(self.requires(params) if callable(self.requires) else self.requires)

    def optional_columns(self, params: dict[str, Any]) -> tuple[str, ...]:
        """Columns the check uses when present; without them it assesses only part of its rule."""
        return tuple(self.optional(params) if callable(self.optional) else self.optional)


def check_info(
    *,
    title: str,
    basis: str,
    reads: Sequence[str] = (),
    requires: Columns | None = None,
    optional: Columns = (),
    params: dict[str, Param] | None = None,
    documents: bool = False,
    clear_passes: "ClearPasses | None" = None,
) -> Callable:
    """Declare a check's metadata.

    ``reads``: fields the check looks at; when the check asks for one whose value
    could not be read, the case becomes ``needs_review`` (a field it never asks for,
    such as a fallback it does not need, does not matter). ``requires``: fields whose
    column must exist in the register (default: all of ``reads``); when a register
    lacks one, the check is reported once as not assessed for that register.
    ``optional``: columns the check can do without; when a register lacks one, the
    check still runs and the register is reported once as partly assessed.
    ``requires`` and ``optional`` may be functions of the item's params.
    ``documents``: the check reads ``case.documents``; without documents for a register it
    is reported once as not assessed for that register.
    ``clear_passes``: an optional fast form, ``clear_passes(batch, params, ctx)``, that looks
    at many cases at once (a ``Batch``, column by column, params already resolved) and
    returns one bool per case: True only where the check would certainly return ``passed``.
    When passed items are not kept, those cases skip the check; the others, and every case
    when passes are kept, go through the check itself, which alone builds messages.
    """

    def decorate(func: Callable) -> Callable:
        func.__evaltool_check__ = CheckInfo(
            title=title,
            basis=basis,
            reads=tuple(reads),
            requires=tuple(reads) if requires is None else requires,
            optional=optional,
            params=dict(params or {}),
            documents=documents,
            clear_passes=clear_passes,
        )
        return func

    return decorate


class Batch:
    """Cases of one register that a check's fast form is asked about, column by column.

    ``batch["decided_on"]`` is the list of that field's typed values, one per case in
    order (None where blank); each column is built once. Cases with an unreadable value
    in the check's ``reads`` are never in a batch.
    """

    def __init__(self, cases: Sequence[Case]):
        self.cases = cases
        self.register = cases[0].register if cases else None
        self._columns: dict[str, list[Any]] = {}
        self._rows: list[dict[str, Any]] | None = None  # each case's values
        self._whole: tuple[Batch, Sequence[int]] | None = None  # the batch this one was taken from

    def __len__(self) -> int:
        return len(self.cases)

    def __getitem__(self, key: str) -> list[Any]:
        column = self._columns.get(key)
        if column is None:
            if self._whole is None:
                if self._rows is None:
                    self._rows = [case.values for case in self.cases]
                column = list(map(dict.get, self._rows, itertools.repeat(key)))
            else:
                whole, positions = self._whole
                column = list(map(whole[key].__getitem__, positions))
            self._columns[key] = column
        return column

    def take(self, positions: Sequence[int]) -> "Batch":
        """The batch of the cases at these positions; its columns come from this batch's."""
        part = Batch(list(map(self.cases.__getitem__, positions)))
        part._whole = (self, positions)
        return part

    def has_column(self, key: str) -> bool:
        """Whether the register has a column for this field."""
        return self.register is not None and self.register.has_column(key)


ClearPasses = Callable[[Batch, dict[str, Any], "CheckContext"], Sequence[bool]]


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
    """What a check may use besides the case: the calendar, every case read in the run, a memo."""

    calendar: Calendar
    cases: Sequence[Case]
    review_date: dt.date
    _memo: dict[Any, Any] = field(default_factory=dict)

    def memo(self, key: Any, factory: Callable[[], Any]) -> Any:
        """Compute something once per run (e.g. case-number counts per unit) and reuse it."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]
