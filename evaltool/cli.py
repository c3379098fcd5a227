"""The ``evaltool`` command line: a thin layer over the library. Messages are in Chinese."""

import datetime as dt
import os
import sys

import click

import evaltool
from evaltool.errors import EvaltoolError
from evaltool.output import write_atomic
from evaltool.pipeline import check_registers
from evaltool.plugins import build_registry, get_plugin_manager, plugin_name, plugin_version

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class InputError(click.ClickException):
    """A bad input or usage, shown as one Chinese line; exit code 2."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class InternalError(click.ClickException):
    """A bug in evaltool or a plugin: one line instead of a traceback; exit code 3."""

    exit_code = 3

    def show(self, file=None) -> None:
        click.echo(f"内部错误：{self.format_message()}", err=True)


class EvaltoolGroup(click.Group):
    """Turns library errors into Chinese messages and exit codes for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EvaltoolError as exc:
            raise InputError(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # output piped into head(1) and the like
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get("EVALTOOL_DEBUG"):
                raise
            raise InternalError(
                f"{type(exc).__name__}: {exc}\n这是 evaltool 或插件的缺陷，请附上命令和输入文件报告；"
                "设置环境变量 EVALTOOL_DEBUG=1 可查看详细信息。"
            ) from exc


class State:
    """What the group options set up for every command: the plugin manager, built on first use."""

    def __init__(self, plugin_files: tuple[str, ...]):
        self.plugin_files = plugin_files
        self._pm = None

    @property
    def pm(self):
        if self._pm is None:
            self._pm = get_plugin_manager(self.plugin_files)
        return self._pm


@click.group(cls=EvaltoolGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(evaltool.__version__, prog_name="evaltool", message="%(prog)s %(version)s")
@click.option(
    "--plugin",
    "plugin_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="加载本地插件文件（可重复）。",
)
@click.pass_context
def cli(ctx: click.Context, plugin_files: tuple[str, ...]) -> None:
    """evaltool：行政执法案卷评查工具。"""
    ctx.obj = State(plugin_files)


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD 格式：{value}") from None


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
@click.option(
    "-c", "--checklist", help="评查标准：内置标准的编号或 YAML 文件路径（默认 national-ordinary）。"
)
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
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.option(
    "--review-date",
    callback=_parse_date,
    help="评查日期 YYYY-MM-DD（默认今天），用于判断日期是否合理。",
)
@click.pass_obj
def check(state, registers, checklist, fmt, output, fail_on, include_pass, unit, review_date):
    """检查案卷登记表 REGISTER...（xlsx 文件或文件夹），按评查标准评分。"""
    registry = build_registry(state.pm)
    if fmt not in registry.reporters:
        raise click.BadParameter(
            f"未知的输出格式「{fmt}」，可用：{'、'.join(registry.reporters)}", param_hint="--format"
        )
    results = check_registers(
        registers,
        checklist=checklist,
        pm=state.pm,
        unit=unit,
        review_date=review_date,
        include_pass=include_pass,
    )
    if not results["inputs"]:
        for error in results["file_errors"]:
            click.echo(f"错误：{error}", err=True)
        raise EvaltoolError("没有读取到任何登记表，未进行评查")
    rendered = registry.reporters[fmt].render(results)
    if output:
        write_atomic(output, rendered)
        click.echo(registry.reporters["table"].render(results))
        click.echo(f"结果已写入：{output}")
    else:
        click.echo(rendered, nl=False)
    sys.exit(exit_code(results, fail_on))


@cli.command("plugins")
@click.pass_obj
def list_plugins(state):
    """列出已加载的插件、版本及其注册的检查、读取器和输出格式。"""
    pm = state.pm
    provided = build_registry(pm).provided
    for name, plugin in sorted((plugin_name(pm, p), p) for p in pm.get_plugins()):
        click.echo(f"{name} {plugin_version(pm, plugin)}".rstrip())
        for entry in provided.get(name, []):
            click.echo(f"  {entry}")


@cli.command()
@click.argument("registers", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="输出格式：供人阅读的文字，或供脚本使用的 JSON。",
)
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.option(
    "--review-date",
    callback=_parse_date,
    help="评查日期 YYYY-MM-DD（默认今天），用于判断日期是否合理。",
)
@click.pass_obj
def inspect(state, registers, fmt, unit, review_date):
    """查看登记表 REGISTER... 是如何读取的（不评分）：表头行、各列对应的项目、执法单位和案卷数、数据问题。"""
    from evaltool.read.inspect import inspect_registers, render_text, to_json

    readers = build_registry(state.pm).readers
    report = inspect_registers(registers, readers, unit=unit, review_date=review_date)
    click.echo((to_json if fmt == "json" else render_text)(report), nl=False)
    if not report["registers"]:
        if fmt == "json":
            for error in report["file_errors"]:
                click.echo(f"错误：{error}", err=True)
        raise EvaltoolError("没有读取到任何登记表")


@cli.group()
def template():
    """生成空白模板。"""


@template.command("register")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="登记表.xlsx",
    show_default=True,
    help="模板文件路径。",
)
@click.option(
    "--rows",
    type=click.IntRange(1, 100_000),
    default=500,
    show_default=True,
    help="预设格式和下拉列表的行数。",
)
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
def template_register(output, rows, force):
    """生成空白的案卷登记表（标准列名、下拉列表、日期格式、填写说明），供执法单位填写。"""
    from pathlib import Path

    from evaltool.read.blank import write_blank_register

    if Path(output).exists() and not force:
        raise EvaltoolError(f"{output} 已存在；如需覆盖请加 --force")
    write_blank_register(output, rows=rows)
    click.echo(f"空白登记表已写入：{output}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="evaltool")
