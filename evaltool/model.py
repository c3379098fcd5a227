"""The data that flows through a run: registers and cases (read), verdicts and findings (check)."""

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from evaltool.fields import label


class Outcome(StrEnum):
    """What a check concluded for one case."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    NEEDS_REVIEW = "needs_review"

    @property
    def label(self) -> str:
        """The Chinese word users see: 符合, 不符合, 不适用, 待人工核对."""
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.PASS: "符合",
    Outcome.FAIL: "不符合",
    Outcome.NOT_APPLICABLE: "不适用",
    Outcome.NEEDS_REVIEW: "待人工核对",
}
# Each outcome's text held once: str() of a member makes a new string each time, and a results
# document with passes holds 1.7 million of them for 10^5 cases.
OUTCOME_TEXT = {outcome: outcome.value for outcome in Outcome}


@dataclass(frozen=True)
class Source:
    """Where a case row is, as the user sees it in Excel."""

    file: str
    sheet: str
    row: int

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row}


@dataclass(frozen=True)
class DataIssue:
    """A value that could not be read, or a file-level problem, located to its cell."""

    file: str
    sheet: str
    cell: str
    field: str
    raw: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "field": self.field,
            "raw": self.raw,
            "message": self.message,
        }

    def describe(self) -> str:
        """One Chinese line naming file, sheet, cell, field and raw text."""
        where = f"{Path(self.file).name}「{self.sheet}」{self.cell}"
        if self.field:
            return f"{where} {label(self.field)}：{self.message}（原值：{self.raw}）"
        return f"{where}：{self.message}"


@dataclass
class Register:
    """One table of cases: a sheet (or CSV file) with its header row and column mapping."""

    file: str
    sheet: str
    header_row: int
    columns: dict[str, list[str]]  # field key -> column letters (several for the wide officer form)
    unmapped: dict[str, str] = field(default_factory=dict)  # column letter -> header text
    cases: list["Case"] = field(default_factory=list)
    issues: list[DataIssue] = field(default_factory=list)
    reader: str = ""
    headers: dict[str, str] = field(
        default_factory=dict
    )  # column letter -> header text, every column
    format: str = "register"  # "register" (案卷登记表) or "shuang_gongshi" (双公示 行政处罚信息)
    hidden: bool = False  # a hidden sheet (it is read all the same)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, why it is not a case)
    title_unit: str = ""  # the unit a title row above the header names (执法单位：…), or ""
    notes: list[str] = field(default_factory=list)  # what a reviewer should know about the sheet
    documents_given: bool = False  # case-file documents (文书) were read for this register's cases

    def has_column(self, key: str) -> bool:
        """Whether the register has a column for the field at all."""
        return key in self.columns


@dataclass
class Case:
    """One case file (one register row) with typed values; unreadable values are in `issues`."""

    register: Register
    row: int
    unit: str
    values: dict[str, Any]
    issues: dict[str, DataIssue] = field(default_factory=dict)
    documents: list[Any] = field(default_factory=list)  # matched 文书 (evaltool.read.documents)

    @property
    def case_no(self) -> str:
        return self.values.get("case_no") or f"第{self.row}行"

    @property
    def source(self) -> Source:
        return Source(self.register.file, self.register.sheet, self.row)

    def get(self, key: str, default: Any = None) -> Any:
        """The typed value of a field, or `default` when blank, absent or unreadable."""
        value = self.values.get(key)
        return default if value is None else value

    def cells(self, *keys: str) -> list[str]:
        """The cells (e.g. ``F12``) that hold these fields in this row."""
        return [f"{col}{self.row}" for key in keys for col in self.register.columns.get(key, ())]

    def describe(self, key: str) -> str:
        """A field's label and cell for messages, e.g. ``送达日期（F12）``."""
        cells = "、".join(self.cells(key))
        return f"{label(key)}（{cells}）" if cells else label(key)


@dataclass(frozen=True)
class Verdict:
    """What a check returns for one case: outcome, a Chinese message, the fields it read."""

    outcome: Outcome
    message: str
    fields: tuple[str, ...] = ()
    occurrences: int = 1


def passed(message: str, *fields: str) -> Verdict:
    return Verdict(Outcome.PASS, message, fields)


def failed(message: str, *fields: str, occurrences: int = 1) -> Verdict:
    return Verdict(Outcome.FAIL, message, fields, occurrences)


def not_applicable(message: str, *fields: str) -> Verdict:
    return Verdict(Outcome.NOT_APPLICABLE, message, fields)


def needs_review(message: str, *fields: str) -> Verdict:
    return Verdict(Outcome.NEEDS_REVIEW, message, fields)


@dataclass
class Finding:
    """A checklist item's result on one case, with the deduction it causes."""

    item_id: str
    check: str | None
    outcome: Outcome
    deduction: float
    message: str
    cells: list[str]
    basis: str
    veto: bool = False
    source: str = "auto"  # "auto" (an automatic check) or "manual" (a reviewer's mark)
    reviewer: str | None = None  # the reviewer(s) whose marks decided it, joined with "、"
    waived: bool = False  # an accepted exception (waiver): the outcome stands, nothing is deducted
    waiver: str | None = None  # the waiver's reason and approver
    bonus: float = 0.0  # points a bonus item (加分项) earned, kept apart from deductions
    reason: str | None = None  # the reviewer's reason, when a reviewer decided the item
    automatic: dict[str, Any] | None = None  # the automatic verdict a reviewer overruled
    rule: str | None = None  # the disagreement rule (从严, 从宽) that chose between reviewers

    def as_dict(self) -> dict[str, Any]:
        entry = {
            "item_id": self.item_id,
            "check": self.check,
            "outcome": OUTCOME_TEXT.get(self.outcome) or str(self.outcome),
            "deduction": self.deduction,
            "veto": self.veto,
            "message": self.message,
            "cells": self.cells,
            "basis": self.basis,
            "source": self.source,
            "reviewer": self.reviewer,
            "waived": self.waived,
            "waiver": self.waiver,
            "reason": self.reason,
            "automatic": self.automatic,
            "rule": self.rule,
        }
        if self.bonus:
            entry["bonus"] = self.bonus
        return entry
