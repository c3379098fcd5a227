"""Choosing the files to review (抽查): per unit, a count or a ratio, stratified by procedure type.

Reproducible: each unit's draw depends only on the seed, the unit and its cases (ordered by 案号),
never on the order of the input files or on other units. ``--all-ordinary`` takes every
ordinary-procedure file instead (full coverage, as many districts do).
"""

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook

from evaltool.errors import EvaltoolError
from evaltool.model import Case
from evaltool.review.inputs import CellRef, InputProblems, find_header, open_workbook, table_rows
from evaltool.review.plan import case_keys
from evaltool.text import natural_key
from evaltool.xlsx import save_workbook, set_value, write_table

ORDINARY = "普通程序"
NO_PROCEDURE = "（未填写程序类型）"
LIST_SHEET, RULE_SHEET = "抽查清单", "抽样说明"
UNIT, CASE_NO = "执法单位", "案号"
LIST_HEADERS = [
    "序号",
    UNIT,
    CASE_NO,
    "程序类型",
    "案由",
    "决定日期",
    "登记表",
    "工作表",
    "行号",
]


@dataclass(frozen=True)
class SampleRule:
    """How many files to draw per unit: ``count``, or ``ratio`` with at least ``minimum``."""

    seed: int
    count: int | None = None
    ratio: Fraction | None = None
    minimum: int = 1
    all_ordinary: bool = False

    def __post_init__(self):
        chosen = [self.count is not None, self.ratio is not None, self.all_ordinary]
        if sum(chosen) != 1:
            raise EvaltoolError("请指定一种抽样方式：--count、--ratio 或 --all-ordinary")
        if self.count is not None and self.count < 1:
            raise EvaltoolError("--count 应为正整数")
        if self.ratio is not None and not 0 < self.ratio <= 1:
            raise EvaltoolError("--ratio 应大于 0 且不超过 1，如 0.1")
        if self.minimum < 0:
            raise EvaltoolError("--min 不能为负数")

    def size(self, population: int) -> int:
        """Files to draw from a unit with ``population`` files."""
        if self.count is not None:
            return min(self.count, population)
        wanted = max(math.ceil(self.ratio * population), self.minimum)
        return min(wanted, population)

    def describe(self) -> str:
        if self.all_ordinary:
            return "各单位普通程序案卷全部评查"
        if self.count is not None:
            how = f"各单位随机抽取 {self.count} 件（不足的全部抽取）"
        else:
            how = (
                f"各单位按 {float(self.ratio):.0%} 的比例随机抽取（向上取整），"
                f"每单位不少于 {self.minimum} 件（不足的全部抽取）"
            )
        return f"{how}，按程序类型分层、按比例分配，随机种子 {self.seed}"


@dataclass
class Stratum:
    """One procedure type within a unit: files there and files drawn."""

    procedure: str
    population: int
    drawn: int


@dataclass
class UnitSample:
    """The files drawn from one unit, and how."""

    unit: str
    population: int
    strata: list[Stratum]
    cases: list[Case] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    method: str = ""

    @property
    def drawn(self) -> int:
        return len(self.cases)


@dataclass
class Sample:
    rule: SampleRule
    units: list[UnitSample]


def procedure_of(case: Case) -> str:
    return case.get("procedure") or NO_PROCEDURE


def draw_sample(cases: Sequence[Case], rule: SampleRule) -> Sample:
    """Draw each unit's files per the rule; units in order of first appearance."""
    keyed: dict[str, list[tuple[str, Case]]] = {}
    for case, key in zip(cases, case_keys(list(cases)), strict=True):
        keyed.setdefault(case.unit, []).append((key, case))
    return Sample(
        rule,
        [
            _draw_unit(unit, sorted(pairs, key=lambda pair: natural_key(pair[0])), rule)
            for unit, pairs in keyed.items()
        ],
    )


def _draw_unit(unit: str, pairs: list[tuple[str, Case]], rule: SampleRule) -> UnitSample:
    strata: dict[str, list[tuple[str, Case]]] = {}
    for key, case in pairs:
        strata.setdefault(procedure_of(case), []).append((key, case))
    if rule.all_ordinary:
        quotas = {name: len(members) if name == ORDINARY else 0 for name, members in strata.items()}
        method = f"普通程序案卷全部评查（{quotas.get(ORDINARY, 0)} 件）"
    else:
        quotas = allocate(rule.size(len(pairs)), {n: len(m) for n, m in strata.items()})
        method = "、".join(f"{n}{quotas[n]}/{len(m)}" for n, m in sorted(strata.items()))
        method = f"分层随机抽取 {sum(quotas.values())}/{len(pairs)} 件（{method}）"
    chosen: set[str] = set()
    for name, members in strata.items():
        rng = random.Random(f"{rule.seed}|{unit}|{name}")
        chosen.update(key for key, _ in rng.sample(members, quotas[name]))
    drawn = [(key, case) for key, case in pairs if key in chosen]
    return UnitSample(
        unit=unit,
        population=len(pairs),
        strata=[Stratum(n, len(m), quotas[n]) for n, m in sorted(strata.items())],
        cases=[case for _, case in drawn],
        keys=[key for key, _ in drawn],
        method=method,
    )


def allocate(size: int, strata: dict[str, int]) -> dict[str, int]:
    """Split ``size`` over strata in proportion to their sizes (largest remainder, exact)."""
    total = sum(strata.values())
    if total == 0:
        return dict.fromkeys(strata, 0)
    quotas = {name: Fraction(size * n, total) for name, n in strata.items()}
    shares = {name: math.floor(q) for name, q in quotas.items()}
    left = size - sum(shares.values())
    by_remainder = sorted(strata, key=lambda n: (-(quotas[n] - shares[n]), -strata[n], n))
    for name in by_remainder[:left]:
        shares[name] += 1
    return shares


def write_sample_list(sample: Sample, path: str | Path, *, inputs: Sequence[str]) -> Path:
    """The sample list workbook: the files drawn, and the rule, seed and counts per unit."""
    workbook = Workbook()
    listing = workbook.active
    listing.title = LIST_SHEET
    rows = []
    for unit in sample.units:
        for key, case in zip(unit.keys, unit.cases, strict=True):
            decided = case.get("decided_on")
            rows.append(
                [
                    len(rows) + 1,
                    unit.unit,
                    key,
                    case.get("procedure"),
                    case.get("cause"),
                    decided.isoformat() if isinstance(decided, dt.date) else None,
                    Path(case.register.file).name,
                    case.register.sheet,
                    case.row,
                ]
            )
    write_table(listing, LIST_HEADERS, rows)
    rule = workbook.create_sheet(RULE_SHEET)
    facts = [
        ("抽样规则", sample.rule.describe()),
        ("随机种子", sample.rule.seed),
        ("抽取件数", sample.rule.count),
        ("抽取比例", float(sample.rule.ratio) if sample.rule.ratio is not None else None),
        ("每单位最少", sample.rule.minimum if sample.rule.ratio is not None else None),
        ("普通程序全部评查", "是" if sample.rule.all_ordinary else "否"),
        ("生成时间", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("登记表", "；".join(map(str, inputs))),
    ]
    for number, (name, value) in enumerate(facts, start=1):
        set_value(rule.cell(row=number, column=1), name)
        set_value(rule.cell(row=number, column=2), value)
    procedures = sorted({s.procedure for unit in sample.units for s in unit.strata})
    write_table(
        rule,
        [UNIT, "案卷总数", "抽取数", *(f"{p}（抽取/总数）" for p in procedures), "抽取方式"],
        [
            [
                unit.unit,
                unit.population,
                unit.drawn,
                *(_stratum_cell(unit, p) for p in procedures),
                unit.method,
            ]
            for unit in sample.units
        ],
        start_row=len(facts) + 2,
    )
    return save_workbook(workbook, path)


def _stratum_cell(unit: UnitSample, procedure: str) -> str:
    stratum = next((s for s in unit.strata if s.procedure == procedure), None)
    return f"{stratum.drawn}/{stratum.population}" if stratum else "0/0"


def read_sample_list(path: str | Path) -> list[tuple[tuple[str, str], CellRef]]:
    """The (unit, 案号) of each file in a sample list, with the cell of its 案号."""
    workbook = open_workbook(path)
    try:
        sheet = (
            workbook[LIST_SHEET] if LIST_SHEET in workbook.sheetnames else workbook.worksheets[0]
        )
        header_row = find_header(sheet, [UNIT, CASE_NO])
        if header_row is None:
            raise EvaltoolError(
                f"{path}「{sheet.title}」：找不到「{UNIT}」「{CASE_NO}」表头，不是抽查清单"
            )
        rows = list(table_rows(path, sheet, header_row))
    finally:
        workbook.close()
    entries, problems = [], []
    for row in rows:
        if row.is_blank(UNIT) or row.is_blank(CASE_NO):
            problems.append(f"{row.ref(UNIT)}：第{row.row}行缺少执法单位或案号")
            continue
        entries.append(((row.text(UNIT), row.text(CASE_NO)), row.ref(CASE_NO)))
    if problems:
        raise InputProblems(problems)
    return entries
