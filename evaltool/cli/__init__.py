"""The ``evaltool`` command line: a thin layer over the library. Messages are in Chinese.

The group, its options and the error handling live here; each command family is
a module of this package (check, checklist, documents, workflow, rectify, index, …).
"""

import errno
import importlib
import os
import re
import sys

import click

from evaltool.cli import chinese
from evaltool.errors import EvaltoolError
from evaltool.output import printable, protect_inputs, refuse_input

chinese.install()

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class InputError(click.ClickException):
    """A bad input or usage, shown as one Chinese line; exit code 2."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        echo(f"错误：{self.format_message()}", err=True)


class InternalError(click.ClickException):
    """A bug in evaltool or a plugin: one line instead of a traceback; exit code 3."""

    exit_code = 3

    def show(self, file=None) -> None:
        echo(f"内部错误：{self.format_message()}", err=True)


def usage_message(message: str) -> str:
    """A Click usage message (already in Chinese, chinese.CATALOGUE) without Click's quotes around
    the option or argument it names."""
    return re.sub(r"^(缺少参数|缺少选项|没有选项|没有命令|选项) '([^']+)'", r"\1 \2", message)


# Every command: its module (imported only when the command runs) and its line in ``evaltool --help``.
COMMANDS = {
    "check": ("check", "检查案卷登记表并按评查标准评分（单位自查、律师初查）。"),
    "checklist": ("checklist", "评查标准：列出、查看（含打印用评分表）、校验、JSON Schema。"),
    "diff": ("workflow", "比较两次评查结果（逐年对比或整改前后）。"),
    "index": ("index", "计算行政执法指数（评查）：各单位、分组和全区（县）。"),
    "inspect": ("registers", "查看登记表是如何读取的（不评分）。"),
    "ledger": ("rectify", "由评查结果生成整改台账，每个问题一行。"),
    "notices": ("documents", "为每个执法单位生成整改通知书。"),
    "plugins": ("check", "列出已加载的插件及其注册的检查、读取器、输出格式和评查标准。"),
    "rectify": ("rectify", "整改跟踪：汇总单位反馈的整改台账（status），回头看（verify）。"),
    "run": ("run", "按评查配置完成整次评查，写出全部成果。"),
    "sample": ("workflow", "按单位抽取评查案卷，写出抽查清单。"),
    "score": ("workflow", "合并自动检查结果和评查人的评分表，计算得分。"),
    "sheet": ("workflow", "生成评查人填写的评分表（自动检查结果已预填）。"),
    "summary": ("documents", "生成全区（县）评查情况通报。"),
    "template": ("registers", "生成空白模板（案卷登记表）。"),
    "trend": ("index", "比较多次评查的行政执法指数。"),
}


def echo(message=None, **kwargs) -> None:
    """``click.echo`` for text that holds data: control and bidi characters never reach the terminal."""
    click.echo(printable(message) if isinstance(message, str) else message, **kwargs)


OUTPUT_PARAMETERS = {"output", "report"}  # check --report names a folder it writes


class EvaltoolCommand(click.Command):
    """A command whose usage line reads ``[选项]`` and that never writes over a file it reads.

    Every parameter value naming an existing file is an input; ``-o`` naming one is refused
    before any work, and no output written while the command runs may replace one.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        outputs, inputs = [], []
        for name, value in ctx.params.items():
            values = value if isinstance(value, tuple | list) else (value,)
            names = [str(v) for v in values if isinstance(v, str | os.PathLike)]
            (outputs if name in OUTPUT_PARAMETERS else inputs).extend(names)
        with protect_inputs(inputs):
            for output in outputs:
                refuse_input(output)
            return super().invoke(ctx)


class EvaltoolGroup(click.Group):
    """Commands loaded on first use; library errors turned into Chinese messages and exit codes."""

    command_class = EvaltoolCommand
    group_class = type  # subgroups are EvaltoolGroups too

    def __init__(self, *args, lazy: dict[str, tuple[str, str]] | None = None, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            importlib.import_module(f"evaltool.cli.{self.lazy[name][0]}")
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, without importing every command's module."""
        rows = [(name, self.lazy[name][1]) for name in sorted(self.lazy)]
        rows += [
            (name, command.get_short_help_str(formatter.width))
            for name, command in sorted(self.commands.items())
            if name not in self.lazy and not command.hidden
        ]
        if rows:
            with formatter.section(chinese.gettext("Commands")):
                formatter.write_dl(rows)

    command_class = EvaltoolCommand
    group_class = type  # subgroups (rectify, index, …) handle errors the same way

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        """Click's main, with usage errors shown in Chinese (exit 2) in standalone mode."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "evaltool"
            click.echo(
                f"错误：{usage_message(exc.format_message())}\n用法见 {command} --help",
                err=True,
            )
            sys.exit(EXIT_INPUT)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("已中止。", err=True)
            sys.exit(1)

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
            if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:  # the user's to fix
                raise InputError(f"{exc.filename}：文件名过长，请检查文件路径") from exc
            if os.environ.get("EVALTOOL_DEBUG"):
                raise
            raise InternalError(
                f"{type(exc).__name__}: {exc}\n这是 evaltool 或插件的缺陷，请附上命令和输入文件报告；"
                "设置环境变量 EVALTOOL_DEBUG=1 可查看详细信息。"
            ) from exc


class State:
    """What the group options set up for every command: the plugin registry, built once on first use."""

    def __init__(self, plugin_files: tuple[str, ...]):
        self.plugin_files = plugin_files
        self._registry = None

    @property
    def registry(self):
        if self._registry is None:
            from evaltool.plugins import load_registry  # loaded only by commands that need plugins

            self._registry = load_registry(self.plugin_files)
        return self._registry


@click.group(
    cls=EvaltoolGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="evaltool", prog_name="evaltool", message="%(prog)s %(version)s")
@click.option(
    "--plugin",
    "plugin_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="加载本地插件文件（可重复）。",
)
@click.pass_context
def cli(ctx: click.Context, plugin_files: tuple[str, ...]) -> None:
    """evaltool：行政执法案卷评查工具。

    \b
    示例：
      evaltool run examples/district/evaltool.yaml -o 评查输出
      evaltool check 登记表.xlsx
      evaltool 命令 --help
    """
    ctx.obj = State(plugin_files)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="evaltool")
