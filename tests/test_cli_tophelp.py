"""``evaltool``, ``evaltool --help`` and ``-h`` are printed without Click, byte for byte as Click
prints them, at every terminal width; any other command line still goes to Click."""

import os
import subprocess
import sys

import click
import pytest

from evaltool.cli import tophelp
from evaltool.cli.group import cli

# Click's help width is min(columns, 80) - 2, at least 50: these cover every width and the edges.
COLUMNS = ["1", "51", *map(str, range(52, 82)), "120", "0", "abc"]
CLICK_PATH = "import sys\nfrom evaltool.cli.group import cli\ncli(prog_name='evaltool')\n"
FAST_PATH = (
    "import sys\nfrom evaltool.cli import main\ntry:\n    main()\nfinally:\n"
    "    print('click:', 'click' in sys.modules, file=sys.stderr)\n"
)


def clicks_page() -> str:
    """The page Click renders for the terminal (CliRunner would force a width of 80)."""
    return cli.get_help(click.Context(cli, info_name="evaltool", **cli.context_settings))


@pytest.mark.parametrize("columns", COLUMNS)
def test_the_page_equals_clicks_at_every_width(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    page = tophelp.render(tophelp.terminal_width())
    assert page is not None, "顶层帮助未走快速路径"
    assert page == clicks_page()


def test_the_width_of_a_terminal_without_columns_is_clicks(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert tophelp.render(tophelp.terminal_width()) == clicks_page()


def test_narrow_and_wide_terminals_give_different_pages(monkeypatch):
    """The widths above matter: the command list wraps on a narrow terminal."""
    narrow, wide = tophelp.render(50).splitlines(), tophelp.render(78).splitlines()
    assert len(narrow) > len(wide)


def test_a_line_too_long_for_the_terminal_is_left_to_click(monkeypatch):
    monkeypatch.setattr(tophelp, "GROUP_HELP", "很长的说明" * 20)
    assert tophelp.render(78) is None


def run(code: str, args: list[str], columns: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, env=env, check=False
    )


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"]], ids=["无参数", "--help", "-h"])
@pytest.mark.parametrize("columns", [None, "60"])
def test_the_command_prints_what_click_prints_without_click(args, columns):
    fast, click = run(FAST_PATH, args, columns), run(CLICK_PATH, args, columns)
    assert fast.returncode == click.returncode == (2 if not args else 0)
    assert fast.stdout == click.stdout
    assert fast.stderr.removesuffix(b"click: False\n") == click.stderr
    assert "用法：evaltool".encode() in (fast.stdout if args else fast.stderr)


@pytest.mark.parametrize(
    "args", [["--help", "x"], ["--plugin", "p.py", "--help"], ["check", "--help"], ["--version"]]
)
def test_any_other_command_line_goes_to_click(args):
    fast = run(FAST_PATH, args, None)
    click = run(CLICK_PATH, args, None)
    assert fast.stderr.endswith(b"click: True\n")
    assert (fast.returncode, fast.stdout, fast.stderr.removesuffix(b"click: True\n")) == (
        click.returncode,
        click.stdout,
        click.stderr,
    )


@pytest.mark.parametrize("args", [[], ["rectify"]], ids=["evaltool", "evaltool rectify"])
def test_a_group_without_a_command_shows_its_help_not_an_error(runner, args):
    result = runner.invoke(cli, args, prog_name="evaltool")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"用法：{' '.join(['evaltool', *args])} ")
    assert "错误" not in result.stderr
