"""The ``evaltool`` Click group: its options, lazy commands and error handling.

Each command family is a module of this package (check, checklist, documents, workflow,
rectify, index, …); the command table and the top-level help text live in evaltool.cli.
"""

import errno
import gc
import importlib
import os
import re
import sys

import click

from evaltool import collector
from evaltool.cli import (
    COMMANDS,
    GROUP_HELP,
    HELP_OPTIONS,
    OPTIONS_METAVAR,
    PLUGIN_HELP,
    SUBCOMMAND_METAVAR,
    chinese,
)
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
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        if not gc.isenabled():  # main() loaded the command without the garbage collector
            collector.freeze_start_up()  # what start-up made is never walked again
            gc.enable()
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
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
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
        except click.exceptions.NoArgsIsHelpError as exc:  # the help page alone, as Click shows it
            exc.show()
            sys.exit(exc.exit_code)
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
    cls=EvaltoolGroup,
    lazy=COMMANDS,
    help=GROUP_HELP,
    context_settings={"help_option_names": HELP_OPTIONS},
)
@click.version_option(package_name="evaltool", prog_name="evaltool", message="%(prog)s %(version)s")
@click.option(
    "--plugin",
    "plugin_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help=PLUGIN_HELP,
)
@click.pass_context
def cli(ctx: click.Context, plugin_files: tuple[str, ...]) -> None:
    """Set up what every command uses (the help text is GROUP_HELP)."""
    ctx.obj = State(plugin_files)
