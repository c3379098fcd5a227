"""Rectification: ``evaltool ledger`` and ``evaltool rectify status|verify``."""

import datetime as dt
import sys
from pathlib import Path

import click

from evaltool.cli import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, cli, echo
from evaltool.cli.options import (
    checklist_option,
    config_option,
    deadline_workdays_option,
    issue_date_option,
    load_review_config,
    parse_date,
    review_date_option,
    unit_option,
)
from evaltool.output import moved, safe_filename, staged_folder
from evaltool.rectify.ledger import (
    PROBLEM,
    SUGGESTION,
    build_ledger,
    in_ledger,
    issued_ledger,
    write_ledger,
)
from evaltool.rectify.report import (
    render_status,
    render_verify,
    status_json,
    write_status_workbook,
)
from evaltool.rectify.status import StatusReport, ledger_status
from evaltool.rectify.verify import verify_ledger
from evaltool.score.results import load_results


@cli.command()
@click.argument("results_file", metavar="RESULTS", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="台账文件（默认 整改台账.xlsx）；与 --split 同用时为文件夹（默认 整改台账）。",
)
@config_option("评查配置文件（默认：当前文件夹的 evaltool.yaml），整改时限与整改通知书一致。")
@issue_date_option(
    "整改通知成文日期，如 2024-07-15（默认取配置或今天），整改时限自次日起按工作日计算。"
)
@deadline_workdays_option("整改期限：成文日期后的工作日数（默认取配置或 20）。")
@click.option("--split", is_flag=True, help="每个执法单位单独一个台账文件。")
def ledger(results_file, output, config_file, issue_date, deadline_workdays, split):
    """由评查结果 RESULTS（check --format json 的输出）生成整改台账，每个问题一行。

    \b
    示例：
      evaltool ledger results.json -o 整改台账.xlsx
      evaltool ledger results.json -o 台账/ --split
    """
    config = load_review_config(config_file).override(
        issue_date=issue_date, deadline_workdays=deadline_workdays
    )
    book = build_ledger(
        load_results(results_file, findings=in_ledger),
        issued=config.issue_date or dt.date.today(),
        workdays=config.deadline_workdays,
        calendar=config.calendar(),
    )
    for warning in book.warnings:
        echo(warning, err=True)
    if split:
        folder = output or "整改台账"
        with staged_folder(folder, command="ledger") as stage:
            paths = [
                write_ledger(
                    book.for_unit(unit),
                    stage / f"整改台账-{safe_filename(unit)}.xlsx",
                    title=f"{unit}整改台账",
                )
                for unit in book.units
            ]
        written = moved(paths, stage, folder)
    else:
        written = [write_ledger(book, output or "整改台账.xlsx")]
    echo(
        f"整改台账：问题 {book.count(PROBLEM)} 个，建议 {book.count(SUGGESTION)} 条，"
        f"整改时限 {book.meta['deadline']}（{book.meta['workdays']} 个工作日）"
    )
    for path in written:
        echo(f"已写入：{path}")


@cli.group()
def rectify():
    """整改跟踪：汇总单位反馈的整改台账（status），回头看（verify）。

    \b
    示例：
      evaltool rectify status 反馈/*.xlsx
      evaltool rectify verify 整改台账.xlsx 整改后登记表.xlsx
    """


RECTIFY_FAIL_ON = ("overdue", "flags", "never")


def status_exit_code(report: StatusReport, fail_on: str) -> int:
    """2 when a ledger could not be read; 1 when ``fail_on`` flags were raised; else 0."""
    if report.errors:
        return EXIT_INPUT
    if fail_on == "overdue" and report.has_flags("overdue"):
        return EXIT_FINDINGS
    if fail_on == "flags" and report.has_flags():
        return EXIT_FINDINGS
    return EXIT_OK


@rectify.command("status")
@click.argument(
    "ledgers", metavar="LEDGER...", nargs=-1, required=True, type=click.Path(dir_okay=False)
)
@click.option(
    "--as-of", callback=parse_date, help="统计日期，如 2024-05-20（默认今天），据此判断逾期。"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="终端输出格式。",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="同时把报告写入 xlsx 文件。")
@click.option(
    "--results",
    "results_file",
    type=click.Path(dir_okay=False),
    help="评查机构留存的评查结果（生成台账所用的 results.json）：以它为准核对交回的台账，"
    "找出未反馈的单位和被删改的行。",
)
@config_option("评查配置（默认：当前文件夹的 evaltool.yaml）：整改时限、复核人名单（reviewers）。")
@issue_date_option("与 --results 同用：整改通知成文日期，如 2024-07-15（默认取配置）。")
@deadline_workdays_option("与 --results 同用：整改期限的工作日数（默认取配置或 20）。")
@click.option(
    "--fail-on",
    type=click.Choice(RECTIFY_FAIL_ON),
    default="never",
    show_default=True,
    help="何时以退出码 1 结束：有逾期问题、有任何需关注事项，或从不。",
)
def rectify_status(
    ledgers,
    as_of,
    fmt,
    output,
    results_file,
    config_file,
    issue_date,
    deadline_workdays,
    fail_on,
):
    """汇总单位反馈的整改台账 LEDGER...：整改率、逾期、无佐证材料、被改动的内容。

    \b
    示例：
      evaltool rectify status 整改台账-交通局.xlsx 整改台账-教委.xlsx
      evaltool rectify status 反馈/ --results results.json --as-of 2024-05-20 -o 整改情况.xlsx
    """
    config = load_review_config(config_file).override(
        issue_date=issue_date, deadline_workdays=deadline_workdays
    )
    reference = (
        issued_ledger(load_results(results_file, findings=in_ledger), config)
        if results_file
        else None
    )
    report = ledger_status(ledgers, as_of=as_of, reference=reference, reviewers=config.reviewers)
    if fmt == "json":
        echo(status_json(report), nl=False)
        for error in report.errors:
            echo(f"错误：{error}", err=True)
    else:
        echo(render_status(report), nl=False)
    if output:
        write_status_workbook(report, output)
        echo(f"报告已写入：{output}", err=fmt == "json")
    sys.exit(status_exit_code(report, fail_on))


@rectify.command("verify")
@click.argument("ledger_file", metavar="LEDGER", type=click.Path(dir_okay=False))
@click.argument("registers", metavar="REGISTER...", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="写入回头看结果的台账副本（默认：台账文件名加“-回头看”）。",
)
@checklist_option("评查标准（默认：生成台账时使用的标准）。")
@unit_option
@review_date_option("复查日期，如 2024-06-30（默认今天）。")
@click.option(
    "--close",
    is_flag=True,
    help="问题已消除且附佐证材料的行在副本中销号（须同时用 --reviewer 指明复核人）。",
)
@click.option("--reviewer", help="销号的复核人姓名（须在评查配置的 reviewers 名单中）。")
@click.option(
    "--results",
    "results_file",
    type=click.Path(dir_okay=False),
    help="评查机构留存的评查结果：只核实、销号其中的问题，并按其中的案卷核对。",
)
@click.option(
    "--before",
    "before",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="评查时的登记表（可重复；默认为台账中记录的登记表文件，相对路径从评查配置所在文件夹找起），"
    "用于对比改动。",
)
@config_option("评查配置（默认：当前文件夹的 evaltool.yaml）：复核人名单、整改时限。")
@click.pass_obj
def rectify_verify(
    state,
    ledger_file,
    registers,
    output,
    checklist,
    unit,
    review_date,
    close,
    reviewer,
    results_file,
    before,
    config_file,
):
    """回头看：对整改后的登记表重新运行自动检查，在台账副本中标记问题已消除、待核实、仍存在或无法自动核实。

    \b
    示例：
      evaltool rectify verify 整改台账.xlsx 整改后登记表.xlsx
      evaltool rectify verify 整改台账.xlsx 登记表/ --results results.json --close --reviewer 赵某
    """
    config = load_review_config(config_file)
    reference = (
        build_ledger(
            load_results(results_file, findings=in_ledger), issued=dt.date.today(), workdays=0
        )
        if results_file
        else None
    )
    source = Path(ledger_file)
    report = verify_ledger(
        source,
        registers,
        output=output or source.with_name(f"{source.stem}-回头看.xlsx"),
        checklist=checklist,
        registry=state.registry,
        unit=unit,
        review_date=review_date,
        close=close,
        reviewer=reviewer,
        reviewers=config.reviewers,
        reference=reference,
        before=before,
        sources_folder=config.path.parent if config.path else None,
        calendar=config.calendar(),
    )
    echo(render_verify(report), nl=False)
