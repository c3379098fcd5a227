"""``evaltool check`` and ``evaltool plugins``."""

import sys
from pathlib import Path

import click

from evaltool.cli import EXIT_FINDINGS, EXIT_OK, cli, echo
from evaltool.cli.options import (
    HOLIDAYS_HELP,
    checklist_option,
    config_option,
    documents_option,
    load_review_config,
    review_calendar,
    review_date_option,
    unit_option,
)
from evaltool.errors import EvaltoolError
from evaltool.output import staged_folder
from evaltool.pipeline import check_registers
from evaltool.plugins import plugin_name, plugin_version

FAIL_ON_LEVELS = ("veto", "fail", "never")


def exit_code(results: dict, fail_on: str) -> int:
    """0 when nothing reaches ``fail_on``; 1 when a veto (or, with ``fail``, any failure) is found."""
    if fail_on == "never":
        return EXIT_OK
    if fail_on == "veto":
        hit = any(case["vetoed"] for case in results["cases"])
    else:
        hit = any(f["outcome"] == "fail" for case in results["cases"] for f in case["findings"])
    return EXIT_FINDINGS if hit else EXIT_OK


@cli.command()
@click.argument("registers", nargs=-1, required=True)
@checklist_option()
@click.option(
    "--format", "fmt", default="table", show_default=True, help="输出格式（见 evaltool plugins）。"
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="把结果写入文件。")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    default="veto",
    show_default=True,
    help="出现何种问题时以退出码 1 结束：否决项、任一不符合项，或从不。",
)
@click.option("--include-pass", is_flag=True, help="结果中也列出符合的检查项。")
@unit_option
@review_date_option()
@click.option(
    "--report",
    type=click.Path(file_okay=False),
    help="把每个单位的自查报告（HTML、Markdown、docx）写入此文件夹。",
)
@click.option(
    "--templates", type=click.Path(file_okay=False), help="自定义模板文件夹（覆盖同名内置模板）。"
)
@documents_option
@config_option(HOLIDAYS_HELP)
@click.pass_obj
def check(
    state,
    registers,
    checklist,
    fmt,
    output,
    fail_on,
    include_pass,
    unit,
    review_date,
    report,
    templates,
    documents,
    config_file,
):
    """检查案卷登记表 REGISTER...（xlsx、csv 文件、文件夹或通配符），按评查标准评分。

    \b
    示例：
      evaltool check 案卷登记表.xlsx
      evaltool check 登记表/ -c chongqing --format json -o results.json
      evaltool check 登记表.xlsx --report 自查报告/
      evaltool check 登记表.xlsx --documents 文书/
    """
    registry = state.registry
    if report and output and Path(output).resolve().is_relative_to(Path(report).resolve()):
        raise EvaltoolError(
            f"{output}：结果文件不能放在 --report 文件夹 {report} 中（自查报告文件夹每次整体替换），"
            "请放在它以外"
        )
    if fmt not in registry.reporters:
        raise click.BadParameter(
            f"未知的输出格式「{fmt}」，可用：{'、'.join(registry.reporters)}", param_hint="--format"
        )
    config = load_review_config(config_file) if report else None  # the 自查报告 needs it all
    results = check_registers(
        registers,
        checklist=checklist,
        registry=state.registry,
        unit=unit,
        review_date=review_date,
        include_pass=include_pass,
        documents=documents or None,
        calendar=config.calendar() if config else review_calendar(config_file),
    )
    if not results["inputs"]:
        for error in results["file_errors"]:
            echo(f"错误：{error}", err=True)
        raise EvaltoolError("没有读取到任何登记表，未进行评查")
    if output:
        registry.reporters[fmt].write_file(results, output)
        echo(registry.reporters["table"].render(results))
        echo(f"结果已写入：{output}")
    else:
        echo(registry.reporters[fmt].render(results), nl=False)
    if report:
        from evaltool.render import (
            DEFAULT_FORMATS,
            DocumentSet,
            make_environment,
            write_selfcheck_reports,
        )

        env = make_environment([templates], state.registry)
        with staged_folder(report, command="check") as stage:
            written = write_selfcheck_reports(
                DocumentSet(results, config), env, stage, DEFAULT_FORMATS
            )
        echo(f"自查报告已写入：{report}（{len(written)} 个单位）", err=bool(not output))
    sys.exit(exit_code(results, fail_on))


@cli.command("plugins")
@click.pass_obj
def list_plugins(state):
    """列出已加载的插件、版本及其注册的检查、读取器和输出格式。

    \b
    示例：
      evaltool plugins
      evaltool --plugin 我的检查.py plugins
    """
    pm = state.registry.pm
    state.registry.template_extras()  # collected on first use; listed here with the rest
    provided = state.registry.provided
    for name, plugin in sorted((plugin_name(pm, p), p) for p in pm.get_plugins()):
        echo(f"{name} {plugin_version(pm, plugin)}".rstrip())
        for entry in provided.get(name, []):
            echo(f"  {entry}")
