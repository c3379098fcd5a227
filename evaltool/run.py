"""The main job (`evaltool run`): one review config in, every deliverable in one output folder.

read → check → merge reviewers' marks → score → results (json, xlsx) → the enforcement index
(when configured) → 整改通知书 per unit → 评查情况通报 → 整改台账. Each step is the library call its own command uses.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltool.calendar import no_data_warning
from evaltool.config import ReviewConfig, load_config
from evaltool.diff import year_over_year
from evaltool.errors import EvaltoolError
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from evaltool.index.report import write_index_files
from evaltool.output import moved, staged_folder
from evaltool.pipeline import check_registers
from evaltool.plugins import Registry, load_registry
from evaltool.rectify.counts import rectification_counts
from evaltool.rectify.ledger import build_ledger, write_ledger
from evaltool.render import DEFAULT_FORMATS, DocumentSet, Written, make_environment, write_notices
from evaltool.render import write_summary as write_summary_document
from evaltool.render.workbook import write_results_workbook
from evaltool.review.unit_marks import open_unit_items
from evaltool.review.workflow import (
    RESULTS_JSON,
    RESULTS_XLSX,
    ScoreSettings,
    score_review,
    unlisted_lines,
)
from evaltool.score.results import load_results, write_results

DEFAULT_OUTPUT = "评查输出"
NOTICES_FOLDER, SUMMARY_NAME, LEDGER_NAME = "整改通知书", "评查情况通报", "整改台账.xlsx"
INDEX_FOLDER = "行政执法指数"


@dataclass
class RunReport:
    """What a run produced: the results, every file written (by title), and notes for the user."""

    results: dict[str, Any]
    written: list[Written] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    complete: bool = True  # False while files still await 复核 or marks


@dataclass
class Progress:
    """Callbacks a front end may set: ``step(label)`` as each step starts, ``notice(written)``
    after each unit's notice (the longest step), with ``units`` the number of notices to come."""

    step: Callable[[str], None] = lambda label: None
    notices: Callable[[int], Callable[[Written], None]] = lambda units: lambda written: None


def output_folder(config: ReviewConfig, output: str | Path | None) -> Path:
    """The option, else the config's ``output``, else 评查输出 next to the config."""
    if output is not None:
        return Path(output)
    if config.output is not None:
        return config.output
    base = config.path.parent if config.path else Path.cwd()
    return base / DEFAULT_OUTPUT


def run_review(
    config: ReviewConfig,
    *,
    output: str | Path | None = None,
    registry: Registry | None = None,
    progress: Progress | None = None,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    draft: bool = False,
) -> RunReport:
    """Do the whole review of ``config`` and write every deliverable under the output folder;
    ``draft``: issue the documents even without the config fields they state, marked 草稿."""
    if not config.inputs:
        raise EvaltoolError(f"{config.path or '评查配置'}：没有指定登记表「inputs」，无法评查")
    if not draft:
        DocumentSet.check_issuing_fields(config)
    registry = registry or load_registry()
    progress = progress or Progress()
    target = output_folder(config, output)
    inputs = [*config.inputs, *config.marks, config.resolve, config.waivers, config.previous]
    with (
        staged_folder(target, [p for p in inputs if p is not None], command="run") as out,
        _in_config_folder(config) as config,
    ):
        report = _review(config, out, registry, progress, formats, draft)
    report.written = [Written(w.title, moved(w.paths, out, target)) for w in report.written]
    return report


@contextmanager
def _in_config_folder(config: ReviewConfig) -> Iterator[ReviewConfig]:
    """Work in the config's folder, on the config as read from there, while the block runs.

    The paths it names (registers, marks, 文书, previous results …) are then relative to its
    folder, and everything written records them so, as when the run is started there: never
    with the absolute path of the folder a user happened to start it from. The output folder
    (``out``) is absolute already; the working folder is restored afterwards.
    """
    if config.path is None:  # built in code, not read from a file: nothing to be relative to
        yield config
        return
    with chdir(config.path.parent):
        yield load_config(config.path.name)


def _review(
    config: ReviewConfig, out: Path, registry: Registry, progress: Progress, formats, draft
):
    """Every deliverable of the review written under ``out`` (the staging folder)."""
    review_date = config.review_date or dt.date.today()
    report = _score(config, out, registry, progress, review_date)

    env = make_environment([config.templates], registry)
    previous = load_results(config.previous) if config.previous else None
    index = _index(config, report, out, env, registry, progress, previous) if config.index else None
    progress.step("生成整改通知书")
    counts = rectification_counts(report.results).summary()
    documents = DocumentSet(
        report.results,
        config,
        rectification=counts,
        index=index,
        year_over_year=year_over_year(previous, report.results) if previous else None,
        draft=draft,
    )
    notices = write_notices(
        documents,
        env,
        out / NOTICES_FOLDER,
        formats,
        progress=progress.notices(len(documents.notice_units)),
    )
    paths = [path for notice in notices for path in notice.paths]
    report.written.append(Written(f"整改通知书（{len(notices)} 个单位）", paths))
    progress.step("生成评查情况通报")
    report.written.append(write_summary_document(documents, env, out / SUMMARY_NAME, formats))

    progress.step("生成整改台账")
    ledger = build_ledger(
        report.results,
        issued=config.issue_date or dt.date.today(),
        workdays=config.deadline_workdays,
        calendar=config.calendar(),
    )
    report.notes += ledger.warnings
    path = write_ledger(ledger, out / LEDGER_NAME)
    report.written.append(Written(f"整改台账（问题 {len(ledger.keys)} 个）", [path]))
    years = documents.calendar.fallback_years | set(report.results["calendar"]["fallback_years"])
    if years:
        report.notes.append(no_data_warning(years))
    return report


def _index(
    config: ReviewConfig,
    report: RunReport,
    out: Path,
    env,
    registry: Registry,
    progress: Progress,
    previous: dict | None,
):
    """The enforcement index of the results (its reports under 行政执法指数/), for the summary."""
    progress.step("计算行政执法指数")
    settings = config.index
    index_config = load_index_config(settings.config, known_checks=registry.checks)
    index = compute_index(
        report.results,
        index_config,
        review_config=config,
        ledgers=settings.ledgers,
        extra=settings.extra,
        previous=previous,
    )
    report.written.append(
        Written("行政执法指数", write_index_files(index, env, out / INDEX_FOLDER))
    )
    report.notes += [f"外部指标无法识别：{problem}" for problem in index["problems"]]
    return index


def _score(
    config, out: Path, registry: Registry, progress: Progress, review_date: dt.date
) -> RunReport:
    """Results with the reviewers' marks when the config names them, else the automatic ones."""
    if config.marks:
        progress.step("读取登记表、自动检查并合并评分表")
        settings = ScoreSettings(
            config.inputs,
            config.marks,
            checklist=config.checklist,
            resolve=config.resolve,
            waivers=config.waivers,
            review_date=review_date,
            disagreement=config.disagreement,
            calendar=config.calendar(),
        )
        scored = score_review(settings, registry)
        report = RunReport(scored.results, complete=scored.complete)
        report.written.append(Written("评查结果", scored.write(out)))
        report.notes += unlisted_lines(scored.results["review"])
        if not scored.files_complete:
            report.notes.append(
                "部分案卷尚待复核、合议或未评完，见 复核.xlsx 和 评查结果.xlsx 的评查进度"
            )
        report.notes += open_unit_items(scored.results)
        return report
    progress.step("读取登记表并自动检查")
    results = check_registers(
        config.inputs,
        checklist=config.checklist,
        registry=registry,
        review_date=review_date,
        calendar=config.calendar(),
    )
    if not results["inputs"]:
        raise EvaltoolError(
            "\n".join([*results["file_errors"], "没有读取到任何登记表，未进行评查"])
        )
    paths = [
        write_results(results, out / RESULTS_JSON),
        write_results_workbook(results, out / RESULTS_XLSX),
    ]
    report = RunReport(results, [Written("评查结果（自动检查）", paths)])
    report.notes.append("配置中没有评分表「marks」：结果只含自动检查，人工评查项目未计分")
    return report
