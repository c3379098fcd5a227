"""The ``evaltool`` command line: a thin layer over the library. Messages are in Chinese.

The group, its options and the error handling live here; each command family is
a module of this package (check, checklist, documents, workflow, rectify, index, …).
"""

import os
import re
import sys

import click

import evaltool
from evaltool.errors import EvaltoolError
from evaltool.plugins import load_registry

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


# Click's own usage messages, said in Chinese (first match wins; the rest is kept as it is).
_USAGE_MESSAGES = (
    (r"Missing argument '(.+)'\.", r"缺少参数 \1"),
    (r"Missing option '(.+)'\.", r"缺少选项 \1"),
    (r"No such option:? '?([^'\s]+)'?\.?(.*)", r"没有选项 \1\2"),
    (r"No such command '(.+)'\.(.*)", r"没有命令 \1\2"),
    (r"Invalid value for '?([^':]+)'?: (.*)", r"选项 \1 的值无效：\2"),
    (r"Option '(.+)' requires (an argument|\d+ arguments)\.", r"选项 \1 需要给出值"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数：\1"),
    (r"Missing command\.", r"缺少命令"),
)
_USAGE_WORDS = (
    ("(Did you mean one of: ", "（是否要用："),
    ("(Did you mean ", "（是否要用 "),
    ("?)", "）"),
    ("is not one of ", "不是以下之一："),
    ("does not exist", "不存在"),
)


def usage_message(message: str) -> str:
    """A Click usage message in Chinese."""
    for pattern, replacement in _USAGE_MESSAGES:
        translated, count = re.subn(pattern, replacement, message, count=1)
        if count:
            message = translated
            break
    for english, chinese in _USAGE_WORDS:
        message = message.replace(english, chinese)
    return message


class EvaltoolGroup(click.Group):
    """Turns library errors into Chinese messages and exit codes for every command."""

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
            self._registry = load_registry(self.plugin_files)
        return self._registry


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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="evaltool")


# The command modules register themselves on ``cli``.
from evaltool.cli import (  # noqa: E402, F401
    check,
    checklist,
    documents,
    index,
    rectify,
    registers,
    run,
    workflow,
)
