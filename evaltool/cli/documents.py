"""Documents: ``evaltool notices`` (整改通知书) and ``evaltool summary`` (评查情况通报)."""

from pathlib import Path

import click

from evaltool.calendar import no_data_warning
from evaltool.cli import cli, echo
from evaltool.cli.options import (
    config_option,
    deadline_workdays_option,
    find_config,
    issue_date_option,
)
from evaltool.config import load_config
from evaltool.diff import year_over_year
from evaltool.index.report import load_index
from evaltool.output import moved, staged_folder
from evaltool.rectify.counts import rectification_counts
from evaltool.rectify.ledger import in_ledger
from evaltool.render import (
    FORMATS,
    DocumentSet,
    check_formats,
    make_environment,
    write_notices,
    write_summary,
)
from evaltool.render.filters import date_cn
from evaltool.score.metrics import is_failure
from evaltool.score.results import load_results


def document_options(func):
    """Options shared by the document commands; each overrides the review config."""
    options = [
        config_option(),
        click.option(
            "--templates",
            type=click.Path(file_okay=False),
            help="自定义模板文件夹（覆盖同名内置模板）。",
        ),
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(FORMATS),
            help="文书格式（可重复；默认 html、md、docx；pdf 需本机安装 Chromium 浏览器）。",
        ),
        click.option(
            "--draft",
            is_flag=True,
            help="配置缺少评查组织单位、发文字号或成文日期时仍生成，文书标明「草稿」。",
        ),
        issue_date_option(),
        deadline_workdays_option(),
        click.option("--docno-prefix", help="发文机关代字，如 綦司发（生成 綦司发〔2024〕3号）。"),
        click.option(
            "--show-names", is_flag=True, help="不遮蔽自然人当事人姓名（仅限内部工作底稿）。"
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _documents(
    state,
    results_file,
    config_file,
    templates,
    ledgers=(),
    index_file=None,
    previous_file=None,
    rectification=False,
    **overrides,
):
    """The results, review config (with CLI overrides) and template environment for a command;
    ``rectification``: with the rectification counts the 通报 states."""
    path = find_config(config_file)
    if path is None:
        echo(
            "提示：未找到评查配置 evaltool.yaml；整改通知书和通报所需的评查组织单位、发文字号、"
            "成文日期须在配置中填写（见 docs/config.md），否则只能加 --draft 生成草稿。",
            err=True,
        )
    show_names = overrides.pop("show_names")
    draft = overrides.pop("draft")
    config = load_config(path).override(**overrides, mask_names=False if show_names else None)
    env = make_environment([templates, config.templates], state.registry)
    results = load_results(results_file, findings=lambda f: is_failure(f) or in_ledger(f))
    index = load_index(index_file, results) if index_file else None
    counts = (  # the 通报 states them; reckoning them builds the bureau's whole ledger
        rectification_counts(results, ledgers, reviewers=config.reviewers).summary()
        if rectification
        else None
    )
    previous = previous_file or config.previous
    documents = DocumentSet(
        results,
        config,
        rectification=counts,
        index=index,
        year_over_year=year_over_year(load_results(previous, findings=is_failure), results)
        if previous
        else None,
        draft=draft,
    )
    deadline = documents.deadline()
    if deadline["beyond_holiday_data"]:
        echo(
            f"注意：整改期限 {date_cn(deadline['date'])} 所在年度没有法定节假日数据，"
            "按周一至周五推算，文书中已注明；国务院公布节假日安排后，"
            "可在评查配置的 holidays 中填写（见 docs/config.md）再重新生成。",
            err=True,
        )
    elif documents.calendar.fallback_years:
        echo(no_data_warning(documents.calendar.fallback_years), err=True)
    return documents, env


@cli.command()
@click.argument("results_file", metavar="RESULTS", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False), help="输出文件夹。"
)
@document_options
@click.pass_obj
def notices(state, results_file, output, config_file, templates, formats, **overrides):
    """按评查结果 RESULTS 为每个执法单位生成整改通知书。

    \b
    示例：
      evaltool notices 评查输出/results.json -o 整改通知书/
      evaltool notices results.json -o 通知书/ --config evaltool.yaml --format docx
    """
    documents, env = _documents(state, results_file, config_file, templates, **overrides)
    with staged_folder(output, command="notices") as stage:
        written = write_notices(documents, env, stage, check_formats(formats))
    for document in written:
        echo(f"{document.title}：{'、'.join(str(p) for p in moved(document.paths, stage, output))}")
    echo(f"共 {len(written)} 份整改通知书，已写入：{output}")


@cli.command()
@click.argument("results_file", metavar="RESULTS", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="输出文件；后缀 .html/.md/.docx/.pdf 只写该格式，否则写 html、md、docx 三种格式。",
)
@click.option(
    "--ledger",
    "ledgers",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="单位报回的整改台账（可重复），通报据此写明已整改到位的问题数。",
)
@click.option(
    "--index",
    "index_file",
    type=click.Path(dir_okay=False),
    help="evaltool index 写出的 index.json：通报中加入各单位行政执法指数表。",
)
@click.option(
    "--previous",
    "previous_file",
    type=click.Path(dir_okay=False),
    help="上一次（上年度）评查的结果文件：通报写明同比变化（默认取评查配置的 previous）。",
)
@document_options
@click.pass_obj
def summary(
    state,
    results_file,
    output,
    config_file,
    templates,
    formats,
    ledgers,
    index_file,
    previous_file,
    **overrides,
):
    """按评查结果 RESULTS 生成全区（县）评查情况通报。

    \b
    示例：
      evaltool summary results.json -o 评查情况通报.docx
      evaltool summary results.json -o 通报 --ledger 整改台账-已反馈.xlsx
    """
    documents, env = _documents(
        state,
        results_file,
        config_file,
        templates,
        ledgers=ledgers,
        index_file=index_file,
        previous_file=previous_file,
        rectification=True,
        **overrides,
    )
    base = Path(output)
    suffix = base.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        base = base.with_suffix("")
        formats = formats or (suffix,)
    formats = check_formats(formats)
    written = write_summary(documents, env, base, formats)
    echo(f"{written.title}：{'、'.join(str(p) for p in written.paths)}")
    for other in (base.with_name(f"{base.name}.{f}") for f in FORMATS if f not in formats):
        if other.exists():  # an earlier run's, or the user's: not ours to delete
            echo(f"注意：{other} 不是本次生成的，内容可能与本次的通报不同", err=True)
