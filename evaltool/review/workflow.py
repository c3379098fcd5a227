"""The reviewer's workflow as library calls, one per command: sample, sheet, score."""

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltool.calendar import Calendar
from evaltool.checklist.load import load_checklist
from evaltool.errors import EvaltoolError
from evaltool.pipeline import AutomaticRun, build_results, run_automatic, score_cases
from evaltool.pipeline.standards import Standards, StandardsRef
from evaltool.plugins import Registry, load_registry
from evaltool.read import ReadResult, expand_inputs, read_registers
from evaltool.render import make_environment
from evaltool.render.workbook import write_results_workbook
from evaltool.review.inputs import InputProblems
from evaltool.review.marks import Cover, read_cover, read_marks
from evaltool.review.merge import (
    DELIBERATE,
    DISPUTED,
    NOT_REVIEWED,
    PARTIAL,
    RESOLVED,
    REVIEWED,
    RULE_TEXT,
    STRICT,
    CaseReview,
    no_waivers,
    review_cases,
)
from evaltool.review.plan import CasePlan, case_keys, plan_review
from evaltool.review.printable import write_printable_sheets
from evaltool.review.resolve import read_resolution, write_resolution_workbook
from evaltool.review.sample import (
    Sample,
    SampleRule,
    draw_sample,
    read_sample_list,
    write_sample_list,
)
from evaltool.review.sheet import SheetSummary, assign, checklist_facts, write_scoring_workbook
from evaltool.review.unit_marks import (
    open_unit_items,
    read_unit_marks,
    unit_item_report,
    unit_review,
)
from evaltool.review.waivers import Waivers, load_waivers
from evaltool.score.metrics import unit_metrics
from evaltool.score.results import REVIEW, skipped_entry, skipped_lines, write_results

RESULTS_JSON, RESULTS_XLSX, RESOLUTION_XLSX = "results.json", "评查结果.xlsx", "复核.xlsx"
STATUSES = (REVIEWED, RESOLVED, DELIBERATE, DISPUTED, PARTIAL, NOT_REVIEWED)
DEFAULT_MARGIN = 5.0


def _require_registers(read: ReadResult) -> None:
    if not read.registers:
        raise EvaltoolError("\n".join([*read.file_errors, "没有读取到任何登记表"]))


def sample_registers(
    registers: Sequence[str],
    output: str | Path,
    rule: SampleRule,
    *,
    registry: Registry | None = None,
    unit: str | None = None,
) -> tuple[Sample, ReadResult]:
    """Draw the sample from the registers and write the sample list."""
    registry = registry or load_registry()
    read = read_registers(registers, registry.readers, unit=unit)
    _require_registers(read)
    sample = draw_sample(read.cases, rule)
    write_sample_list(sample, output, inputs=registers)
    return sample, read


@dataclass
class SheetRun:
    """A written scoring workbook (or None), the printable sheets, and what was left out."""

    summary: SheetSummary | None
    run: AutomaticRun
    left_out: list[str] = field(default_factory=list)
    printed: list[Path] = field(default_factory=list)
    plans: list[CasePlan] = field(default_factory=list)

    def by_standard(self) -> list[str]:
        """How many files of the workbook each standard scores, as the terminal states it."""
        counts = Counter(id(plan.checklist) for plan in self.plans)
        standards = self.run.standards
        return [
            f"{checklist.title}（{checklist.id}，{checklist.version}）："
            f"{'、'.join(standards.procedures(checklist)) or '全部'}案卷 {counts[id(checklist)]} 件"
            for checklist in standards.all
            if counts[id(checklist)]
        ]


def make_scoring_workbook(
    registers: Sequence[str],
    output: str | Path | None,
    *,
    checklist: StandardsRef = None,
    sample: str | Path | None = None,
    reviewers: Sequence[str] = (),
    per_file: int = 1,
    registry: Registry | None = None,
    unit: str | None = None,
    review_date: dt.date | None = None,
    documents: Sequence[str | Path] | None = None,
    printable: str | Path | None = None,
    templates: str | Path | None = None,
    calendar: Calendar | None = None,
) -> SheetRun:
    """Write the scoring workbook for every case in scope, or for the files of a sample list;
    with ``printable``, also one printable 评分表 (HTML) per file into that folder.

    Each file gets the standard of its procedure type, as ``check`` chooses it: ``checklist``
    (one standard with its companions, or a procedure → standard mapping; docs/checklists.md).

    ``documents``: folders of 文书 (default: a 文书 folder beside each register, if any);
    ``calendar`` counts the days (the review config's, with its holiday schedule).
    """
    registry = registry or load_registry()
    run = run_automatic(
        registers,
        checklist=checklist,
        registry=registry,
        unit=unit,
        review_date=review_date,
        documents=documents,
        calendar=calendar,
    )
    _require_registers(run.read)
    plans = plan_review(run)
    reasons = run.checks.skip_reasons
    left_out = skipped_lines([skipped_entry(c, reasons.get(id(c))) for c in run.checks.skipped])
    if sample is not None:
        plans, left_out = _sampled(plans, run, read_sample_list(sample))
    if not plans:
        raise EvaltoolError("没有需要评查的案卷，未生成评分表")
    made = SheetRun(None, run, left_out, plans=plans)
    if output is not None:
        made.summary = write_scoring_workbook(
            plans,
            run.standards,
            output,
            review_date=run.review_date,
            inputs=registers,
            sample=str(sample) if sample else None,
            reviewers=reviewers,
            per_file=per_file,
        )
    if printable is not None:
        names: dict[tuple[str, str], list[str]] = {}
        if reviewers:
            for name, assigned in assign(plans, reviewers, per_file).items():
                for plan in assigned:
                    names.setdefault(plan.ident, []).append(name)
        made.printed = write_printable_sheets(
            plans,
            printable,
            review_date=run.review_date,
            env=make_environment([templates], registry),
            reviewers={ident: "、".join(people) for ident, people in names.items()},
        )
    return made


def _sampled(plans: list[CasePlan], run: AutomaticRun, entries) -> tuple[list[CasePlan], list]:
    every = dict(zip(case_keys(run.read.cases), run.read.cases, strict=True))
    known = {(case.unit, key) for key, case in every.items()}
    wanted = {ident for ident, _ in entries}
    unknown = [
        f"{where}：登记表中没有案卷「{u}」「{k}」"
        for (u, k), where in entries
        if (u, k) not in known
    ]
    if unknown:
        raise InputProblems(unknown)
    chosen = [plan for plan in plans if plan.ident in wanted]
    in_plan = {plan.ident for plan in chosen}
    left_out = [
        f"{u} {k}：没有适用于该案卷的评查标准，未列入评分表"
        for (u, k), _ in entries
        if (u, k) not in in_plan
    ]
    return chosen, left_out


@dataclass(frozen=True)
class ScoreSettings:
    """What a scoring run is asked (``evaltool score``, or ``evaltool run`` with marks)."""

    registers: Sequence[str | Path]
    marks: Sequence[str | Path]
    checklist: StandardsRef = None  # default: the ones the scoring workbooks record
    resolve: str | Path | None = None  # a filled 复核.xlsx
    waivers: str | Path | None = None
    use_waivers: bool = True
    margin: float = DEFAULT_MARGIN
    review_failing: bool = True
    disagreement: str = STRICT  # the rule for rows reviewers disagree on, until 合议
    include_pass: bool = False
    unit: str | None = None
    review_date: dt.date | None = None  # default: the one the scoring workbooks record
    documents: Sequence[str | Path] | None = None  # 文书 folders (default: 文书 beside a register)
    calendar: Calendar | None = None  # default: chinesecalendar's data alone


@dataclass
class ScoreRun:
    """The results of a review, the reviews behind them, and the 复核 still open."""

    results: dict[str, Any]
    reviews: list[CaseReview]
    standards: Standards  # the standards the files were scored by, one per procedure type
    review_date: dt.date
    rulings: dict = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)

    @property
    def files_complete(self) -> bool:
        """Whether every file in the workbooks has a final score."""
        return all(r.status in (REVIEWED, RESOLVED) for r in self.reviews)

    @property
    def complete(self) -> bool:
        """Whether every file has a final score and every unit's unit-level items (if any) are
        scored from entries without problems."""
        return self.files_complete and not open_unit_items(self.results)

    def write(self, outdir: str | Path) -> list[Path]:
        """Write results.json, 评查结果.xlsx and, while files await 复核 or 合议, 复核.xlsx."""
        outdir = Path(outdir)
        self.written = [
            write_results(self.results, outdir / RESULTS_JSON),
            write_results_workbook(self.results, outdir / RESULTS_XLSX),
        ]
        disputed = [r for r in self.reviews if r.status in (DISPUTED, DELIBERATE)]
        if disputed:
            facts = checklist_facts(self.standards, self.review_date, outdir)
            self.written.append(
                write_resolution_workbook(
                    disputed,
                    outdir / RESOLUTION_XLSX,
                    facts=facts,
                    rulings=self.rulings,
                    rule=self.results["review"]["disagreement"],
                )
            )
        return self.written


def score_review(settings: ScoreSettings, registry: Registry | None = None) -> ScoreRun:
    """Merge automatic findings with the marks of filled scoring workbooks and score each file
    by its procedure's standard (the ones the workbooks record, unless ``settings.checklist``)."""
    registry = registry or load_registry()
    marks = expand_inputs(settings.marks, {".xlsx", ".xlsm"})
    if not marks:
        raise EvaltoolError("没有找到评分表（--marks 应为 xlsx 文件或包含 xlsx 的文件夹）")
    covers = [read_cover(path) for path in marks]
    checklist, review_date = settings.checklist, settings.review_date
    if checklist is None:
        checklist = _cover_standards(covers, registry)
    if review_date is None:
        review_date = _one({c.review_date for c in covers}, "评查日期", "--review-date")
    run = run_automatic(
        settings.registers,
        checklist=checklist,
        registry=registry,
        unit=settings.unit,
        review_date=review_date,
        documents=settings.documents,
        calendar=settings.calendar,
    )
    _require_registers(run.read)
    plans = plan_review(run)
    mark_set = read_marks(marks, plans, run.standards)
    resolve = settings.resolve
    rulings = read_resolution(resolve, plans, run.standards) if resolve else {}
    waive = no_waivers
    waivers, use_waivers = settings.waivers, settings.use_waivers
    if waivers and use_waivers:
        waive = Waivers(load_waivers(waivers, run.standards.all), run.review_date, str(waivers))
    reviews = review_cases(
        plans,
        mark_set,
        margin=settings.margin,
        review_failing=settings.review_failing,
        resolution=rulings,
        waive=waive,
        rule=settings.disagreement,
    )
    _check_rulings(rulings, reviews)
    final = [r for r in reviews if r.findings is not None]
    case_results = score_cases(
        [r.plan.case for r in final],
        [r.findings for r in final],
        [r.plan.checklist for r in final],
        registry,
    )
    units = read_unit_marks(
        marks, {case.unit for case in run.read.cases}, run.checklist, settings.disagreement
    )
    results = build_results(
        run, case_results, include_pass=settings.include_pass, unit_marks=units.marks
    )
    results["scope"] = REVIEW
    for entry, review in zip(results["cases"], final, strict=True):
        rule = review.dispute.rule if review.status == DELIBERATE else None
        entry["final"] = entry["final"] and rule is None
        entry.update(
            reviewers=review.reviewers,
            review_status=review.status,
            resolved_by=review.resolver,
            decided_by_rule=rule,
        )
    results["review"] = {
        "marks": [str(m) for m in marks],
        "resolve": str(resolve) if resolve else None,
        "margin": settings.margin,
        "review_failing": settings.review_failing,
        "disagreement": settings.disagreement,
        **_progress(run, plans, reviews),
        "waivers": _waiver_report(waive, waivers, use_waivers),
        **unit_review(run.checklist, units, [unit["unit"] for unit in results["units"]]),
    }
    metrics = {row["unit"]: row for row in unit_metrics(results)}
    for entry in results["units"]:
        row = metrics[entry["unit"]]
        entry.update({k: row[k] for k in EXTRA_UNIT_KEYS})
    registry.hook.evaltool_run_finished(results=results)
    return ScoreRun(results, reviews, run.standards, run.review_date, rulings)


EXTRA_UNIT_KEYS = (
    "in_scope",
    "coverage",
    "min_score",
    "max_score",
    "rates",
    "problems",
    "waived",
    "problems_per_file",
    "rank",
)


def _cover_standards(covers: list[Cover], registry: Registry) -> StandardsRef:
    """The standards the scoring workbooks were made with (all must agree): the main one and,
    as a procedure → standard mapping, the one of each other procedure type. A workbook made
    before standards were chosen per procedure type names only the main one: its companions
    then score the other procedure types, whose files that workbook does not list."""
    found = {
        (_cover_file(c, c.main) or c.checklist_id, tuple(sorted(_others(c).items())))
        for c in covers
    }
    if len(found) > 1:
        shown = sorted(
            "、".join([main, *(f"{p}：{ref}" for p, ref in others)]) for main, others in found
        )
        raise EvaltoolError(f"各评分表的评查标准不同（{'；'.join(shown)}），请用 -c 指定")
    main, others = found.pop()
    if not others:
        return main
    procedures = load_checklist(main, registry.checks, checklists=registry.checklists).applies_to
    return {**dict.fromkeys(procedures, main), **dict(others)} if procedures else main


def _others(cover: Cover) -> dict[str, str]:
    return {p: _cover_file(cover, ref) or ref.id for p, ref in cover.by_procedure.items()}


def _cover_file(cover: Cover, ref) -> str | None:
    """The standard file a cover names, relative to the working folder or the workbook's."""
    if not ref.path:
        return None
    for candidate in (Path(ref.path), Path(cover.file).parent / ref.path):
        if candidate.is_file():
            return os.path.normpath(candidate)
    return None


def _one(values: set, what: str, option: str):
    values.discard(None)
    values.discard("")
    if len(values) > 1:
        raise EvaltoolError(
            f"各评分表的{what}不同（{'、'.join(sorted(map(str, values)))}），请用 {option} 指定"
        )
    return next(iter(values), None)


def _check_rulings(rulings: dict, reviews: list[CaseReview]) -> None:
    """Every 复核 decision must be for a row of a disputed file."""
    disputed = {
        (*r.plan.ident, item_id) for r in reviews if r.dispute for item_id in r.dispute.items
    }
    stale = [
        f"{ruling.where}：案卷「{key[1]}」评查项目 {key[2]} 不在本次的复核范围内"
        "（评分可能已修改），请使用本次生成的复核表"
        for key, ruling in rulings.items()
        if key not in disputed
    ]
    if stale:
        raise InputProblems(stale)


def _progress(run: AutomaticRun, plans: list[CasePlan], reviews: list[CaseReview]) -> dict:
    """Status counts, coverage per unit, files not complete, disputes."""
    status_of = {r.plan.ident: r.status for r in reviews}
    coverage = []
    for unit in dict.fromkeys(case.unit for case in run.read.cases):
        in_scope = [p for p in plans if p.unit == unit]
        statuses = Counter(status_of[p.ident] for p in in_scope if p.ident in status_of)
        reviewed = statuses[REVIEWED] + statuses[RESOLVED] + statuses[DELIBERATE]
        coverage.append(
            {
                "unit": unit,
                "in_scope": len(in_scope),
                "automatic": len(in_scope),
                "listed": sum(statuses.values()),
                "reviewed": reviewed,
                "disputed": statuses[DISPUTED],
                "deliberate": statuses[DELIBERATE],
                "partial": statuses[PARTIAL],
                "not_reviewed": statuses[NOT_REVIEWED],
                "automatic_coverage": 1.0 if in_scope else None,
                "review_coverage": round(reviewed / len(in_scope), 4) if in_scope else None,
            }
        )
    return {
        "status": {status: sum(r.status == status for r in reviews) for status in STATUSES},
        "coverage": coverage,
        "pending": [
            {
                "unit": r.plan.unit,
                "case_no": r.plan.key,
                "status": r.status,
                "reviewers": r.reviewers,
                "missing": r.missing,
            }
            for r in reviews
            if r.status in (PARTIAL, NOT_REVIEWED)
        ],
        "disputes": [_dispute_entry(r) for r in reviews if r.dispute],
        "unlisted": _unlisted(run, plans, status_of),
    }


def _unlisted(run: AutomaticRun, plans: list[CasePlan], status_of: dict) -> list[dict[str, Any]]:
    """Standards none of whose files the workbooks list (e.g. a workbook made when it held one
    standard's files only): how many files each leaves unscored."""
    files = Counter(id(plan.checklist) for plan in plans)
    listed = Counter(id(plan.checklist) for plan in plans if plan.ident in status_of)
    return [
        {
            "checklist": checklist.id,
            "procedures": run.standards.procedures(checklist),
            "files": files[id(checklist)],
        }
        for checklist in run.standards.all
        if files[id(checklist)] and not listed[id(checklist)]
    ]


def _waiver_report(waive, waivers, use_waivers: bool) -> dict[str, Any]:
    if isinstance(waive, Waivers):
        return {"used": True, **waive.report()}
    if waivers and not use_waivers:
        return {"used": False, "file": str(waivers), "note": "按 --no-waivers 未适用豁免"}
    return {"used": False, "file": None, "note": "未指定豁免文件"}


def _dispute_entry(review: CaseReview) -> dict[str, Any]:
    dispute = review.dispute
    return {
        "unit": review.plan.unit,
        "case_no": review.plan.key,
        "status": review.status,
        "reviewers": review.reviewers,
        "reasons": dispute.reasons,
        "scores": [
            {"reviewer": name, "score": v.score, "grade": v.grade, "veto_items": v.veto_items}
            for name, v in dispute.views.items()
        ],
        "items": [
            {
                "item_id": item_id,
                "opinions": [
                    {
                        "reviewer": name,
                        "deduction": d.deduction,
                        "veto": d.hit,
                        "reason": d.reason,
                        "keeps_auto": d.keeps_auto,
                    }
                    for name, d in sorted(dispute.opinions[item_id].items())
                ],
            }
            for item_id in dispute.items
        ],
        "unresolved": dispute.unresolved,
        "resolved_by": review.resolver,
        "rule": dispute.rule if review.status == DELIBERATE else None,
    }


def unlisted_lines(review: dict[str, Any]) -> list[str]:
    """The standards whose files no scoring workbook lists, one line each (``review.unlisted``)."""
    return [
        f"未评查：按评查标准「{gap['checklist']}」评查的{'、'.join(gap['procedures']) or '全部'}"
        f"案卷 {gap['files']} 件不在评分表中（评分表可能只按一个评查标准生成），"
        "请重新运行 evaltool sheet 生成评分表后评查"
        for gap in review["unlisted"]
    ]


def review_summary(scored: ScoreRun) -> str:
    """What a reviewer needs to know after ``score``: progress, disputes, waivers, files written."""
    review = scored.results["review"]
    counts = "，".join(f"{status} {n} 件" for status, n in review["status"].items() if n)
    lines = [f"评查进度：{counts or '评分表中没有案卷'}"]
    for dispute in review["disputes"]:
        if dispute["status"] == DISPUTED:
            open_rows = "、".join(dispute["unresolved"] or [i["item_id"] for i in dispute["items"]])
            lines.append(
                f"待复核：{dispute['unit']} {dispute['case_no']}："
                f"{'；'.join(dispute['reasons'])}（需复核项目：{open_rows}）"
            )
        elif dispute["status"] == DELIBERATE:
            open_rows = "、".join(dispute["unresolved"] or [i["item_id"] for i in dispute["items"]])
            lines.append(
                f"待合议：{dispute['unit']} {dispute['case_no']}：评查项目 {open_rows} 评分不一致，"
                f"合议前按{dispute['rule']}规则（{RULE_TEXT[dispute['rule']]}）暂定计分"
            )
    lines += unlisted_lines(review)
    for pending in review["pending"]:
        missing = "、".join(pending["missing"]) or "全部"
        lines.append(
            f"{pending['status']}：{pending['unit']} {pending['case_no']}（未填：{missing}）"
        )
    waivers = review["waivers"]
    if waivers.get("used"):
        for waiver in waivers["expired"]:
            lines.append(f"豁免已过期，未适用：{waiver['where']}（有效期至 {waiver['expires']}）")
        for waiver in waivers["unmatched"]:
            lines.append(f"豁免未匹配任何问题：{waiver['where']}")
    elif waivers.get("file"):
        lines.append(f"注意：{waivers['note']}（{waivers['file']}）")
    lines += open_unit_items(scored.results) + unit_item_report(scored.results)
    lines += [f"已写入：{path}" for path in scored.written]
    return "\n".join(lines)
