"""The enforcement index: ``evaltool index`` (one review) and ``evaltool trend`` (several)."""

import sys
from pathlib import Path

import click

from evaltool.cli import EXIT_FINDINGS, EXIT_OK, cli, echo
from evaltool.cli.options import config_option, load_review_config
from evaltool.errors import EvaltoolError
from evaltool.index.compute import compute_index
from evaltool.index.config import default_config_path, load_index_config
from evaltool.index.report import render_index, write_index_files
from evaltool.index.trend import Period, compute_trend, default_labels
from evaltool.index.trend_report import render_trend, write_trend_files
from evaltool.output import moved, staged_folder
from evaltool.rectify.ledger import in_ledger
from evaltool.render import make_environment
from evaltool.score.metrics import is_failure
from evaltool.score.results import load_results


def index_options(func):
    """Options shared by ``index`` and ``trend``."""
    options = [
        click.option(
            "--index-config",
            type=click.Path(dir_okay=False),
            help="指数配置文件（默认：evaltool 自带的默认配置，见 docs/index.md）。",
        ),
        config_option("评查配置文件（默认：当前文件夹的 evaltool.yaml）：单位全称和分组。"),
        click.option(
            "--templates",
            type=click.Path(file_okay=False),
            help="自定义模板文件夹（覆盖同名内置模板）。",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _setup(state, index_config, config_file, templates):
    checks = state.registry.checks
    config = load_index_config(index_config, known_checks=checks)
    review_config = load_review_config(config_file)
    env = make_environment([templates, review_config.templates], state.registry)
    return config, review_config, env


@cli.command("index")
@click.argument("results_file", metavar="RESULTS", required=False, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    help="输出文件夹：index.json、行政执法指数.xlsx、行政执法指数.html。",
)
@click.option(
    "--ledger",
    "ledgers",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="上一轮各单位反馈的整改台账（可重复），用于整改率。",
)
@click.option(
    "--extra",
    type=click.Path(dir_okay=False),
    help="外部数据表（xlsx）：执法单位列和外部指标列（如 社会满意度）。",
)
@click.option(
    "--previous",
    "previous_file",
    type=click.Path(dir_okay=False),
    help="上一次（上年度）评查的结果文件：报告写明同比变化（默认取评查配置的 previous）。",
)
@click.option("--show-config", is_flag=True, help="打印所用的指数配置（可另存后修改），不计算。")
@click.option(
    "--pdf", is_flag=True, help="另外生成 行政执法指数.pdf（需本机安装 Chromium 浏览器）。"
)
@index_options
@click.pass_obj
def index_command(
    state,
    results_file,
    output,
    ledgers,
    extra,
    previous_file,
    show_config,
    pdf,
    index_config,
    config_file,
    templates,
):
    """按评查结果 RESULTS 计算行政执法指数（评查）：各单位、分组和全区（县）的指数及每项得分。

    \b
    示例：
      evaltool index results.json -o 行政执法指数/
      evaltool index results.json --ledger 整改台账.xlsx -o 指数/
      evaltool index --show-config > 指数配置.yaml
    """
    if show_config:
        path = Path(index_config) if index_config else default_config_path()
        load_index_config(path, known_checks=state.registry.checks)
        echo(path.read_text(encoding="utf-8"), nl=False)
        return
    if not results_file or not output:
        raise EvaltoolError(
            "请给出评查结果文件 RESULTS 和输出文件夹 -o（或用 --show-config 查看配置）"
        )
    config, review_config, env = _setup(state, index_config, config_file, templates)
    previous = previous_file or review_config.previous
    index = compute_index(
        load_results(results_file),
        config,
        review_config=review_config,
        ledgers=ledgers,
        extra=extra,
        # the previous round is read for 同比 and its ledgers' 整改率 only
        previous=load_results(previous, findings=lambda f: is_failure(f) or in_ledger(f))
        if previous
        else None,
    )
    with staged_folder(output, command="index") as stage:
        written = moved(write_index_files(index, env, stage, pdf=pdf), stage, output)
    echo(render_index(index), nl=False)
    for problem in index["problems"]:
        echo(f"无法识别：{problem}", err=True)
    echo(f"已写入：{'、'.join(str(p) for p in written)}")
    sys.exit(EXIT_FINDINGS if index["problems"] else EXIT_OK)


def _labelled(ctx, param, values) -> dict[str, list[str]]:
    """``LABEL=FILE`` options as {label: [files]}."""
    pairs: dict[str, list[str]] = {}
    for value in values:
        label, sep, path = value.partition("=")
        if not sep or not label.strip() or not path.strip():
            raise click.BadParameter(f"应写成 标签=文件，如 2024=整改台账.xlsx：{value}")
        pairs.setdefault(label.strip(), []).append(path.strip())
    return pairs


@cli.command("trend")
@click.argument(
    "results_files", metavar="RESULTS...", nargs=-1, required=True, type=click.Path(dir_okay=False)
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="输出文件夹：trend.json、行政执法指数趋势.xlsx、行政执法指数趋势.html。",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    help="各次评查的标签，按 RESULTS 的顺序（默认：评查年度，年度相同时用评查日期）。",
)
@click.option(
    "--ledger",
    "ledgers",
    multiple=True,
    callback=_labelled,
    help="某次评查所用的上一轮整改台账：标签=文件（可重复），如 2024=反馈/市场监管局.xlsx。",
)
@click.option(
    "--extra",
    multiple=True,
    callback=_labelled,
    help="某次评查的外部数据表：标签=文件，如 2024=外部指标2024.xlsx。",
)
@index_options
@click.pass_obj
def trend_command(
    state, results_files, output, labels, ledgers, extra, index_config, config_file, templates
):
    """比较多次评查（逐年或整改前后）的行政执法指数：各单位指数和分指数的变化、变化最大的单位。

    RESULTS 按时间先后给出，至少两个。

    \b
    示例：
      evaltool trend 2022年度/results.json 2023年度/results.json -o 指数趋势/
      evaltool trend 上年.json 本年.json --label 2022年度 --label 2023年度 -o 趋势/
    """
    if len(results_files) < 2:
        raise EvaltoolError("趋势至少需要两次评查的结果文件")
    results = [load_results(path) for path in results_files]
    if labels and len(labels) != len(results):
        raise EvaltoolError(f"给出了 {len(labels)} 个 --label，但有 {len(results)} 个结果文件")
    labels = list(labels) or default_labels(results)
    if len(set(labels)) != len(labels):
        raise EvaltoolError(f"各次评查的标签重复：{'、'.join(labels)}")
    for option, given in (("--ledger", ledgers), ("--extra", extra)):
        unknown = sorted(set(given) - set(labels))
        if unknown:
            raise EvaltoolError(
                f"{option} 的标签「{'、'.join(unknown)}」不是任何一次评查（标签：{'、'.join(labels)}）"
            )
        if option == "--extra" and any(len(files) > 1 for files in given.values()):
            raise EvaltoolError("每次评查只能给出一个 --extra 外部数据表")
    config, review_config, env = _setup(state, index_config, config_file, templates)
    periods = []
    problems = []
    for number, (label, result) in enumerate(zip(labels, results, strict=True)):
        index = compute_index(
            result,
            config,
            review_config=review_config,
            ledgers=ledgers.get(label, ()),
            extra=(extra.get(label) or [None])[0],
            previous=results[number - 1] if number else None,
        )
        problems += [f"{label}：{p}" for p in index["problems"]]
        periods.append(Period(label, result, index))
    trend = compute_trend(periods, config)
    if trend["mixed_review"]:
        click.echo(f"警告：{trend['notes'][0]}", err=True)
    with staged_folder(output, command="trend") as stage:
        written = moved(write_trend_files(trend, env, stage), stage, output)
    echo(render_trend(trend), nl=False)
    for problem in problems:
        echo(f"无法识别：{problem}", err=True)
    echo(f"已写入：{'、'.join(str(p) for p in written)}")
    sys.exit(EXIT_FINDINGS if problems else EXIT_OK)
