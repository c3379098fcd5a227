"""Every --help is Chinese and shows real examples: each example parses with the command's own options."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from evaltool.cli import COMMANDS, cli

ENGLISH_CLICK_WORDS = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message",
    "[default:",
    "[required]",
)
ENGLISH_METAVAR = re.compile(r"--[\w-]+ (TEXT|FILE|DIRECTORY|INTEGER|FLOAT|PATH)\b")


def all_commands():
    """(path, command) for the group, every command and every subcommand."""
    ctx = click.Context(cli)
    found = [(("evaltool",), cli)]
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        found.append((("evaltool", name), command))
        if isinstance(command, click.Group):
            sub = click.Context(command)
            found += [
                (("evaltool", name, s), command.get_command(sub, s))
                for s in command.list_commands(sub)
            ]
    return found


COMMAND_PATHS = all_commands()


@pytest.mark.parametrize(
    ("path", "command"), COMMAND_PATHS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_help_is_chinese_with_examples(runner, path, command):
    result = runner.invoke(cli, [*path[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output and "显示此帮助并退出" in result.output
    for word in ENGLISH_CLICK_WORDS:
        assert word not in result.output, f"{' '.join(path)} --help 含英文「{word}」"
    assert not ENGLISH_METAVAR.search(result.output), result.output
    examples = re.findall(r"^ {4}(evaltool .+)$", result.output, re.M)
    assert examples, f"{' '.join(path)} --help 没有示例"


def example_lines():
    lines = []
    for path, command in COMMAND_PATHS:
        for line in re.findall(r"^\s+(evaltool .+)$", command.help or "", re.M):
            lines.append((path, line))
    return lines


@pytest.mark.parametrize(
    ("path", "line"), example_lines(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_example_uses_real_commands_and_options(path, line):
    """The example names commands that exist and options those commands have."""
    words = shlex.split(line.split(" > ")[0])[1:]
    if words == ["命令", "--help"]:
        return
    command, ctx = cli, click.Context(cli)
    known = {opt for param in cli.params for opt in (*param.opts, *param.secondary_opts)}
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        name, *words = words
        command = command.get_command(ctx, name)
        assert command is not None, f"示例「{line}」中的命令 {name} 不存在"
        ctx = click.Context(command, parent=ctx)
    known |= {"--help", "-h"}
    known |= {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    options = [w.split("=")[0] for w in words if w.startswith("-") and not w[1:2].isdigit()]
    assert set(options) <= known, f"示例「{line}」含不存在的选项：{sorted(set(options) - known)}"


def test_the_command_list_names_every_command():
    """The lazy command table and the commands the modules define are the same set."""
    ctx = click.Context(cli)
    for name in COMMANDS:
        assert cli.get_command(ctx, name) is not None, name
    assert set(cli.commands) == set(COMMANDS)


def test_help_loads_no_command_module():
    """evaltool --help is fast: no command module, no plugin, not even Click is imported."""
    code = (
        "import sys\nfrom evaltool.cli import main\nsys.argv=['evaltool','--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('click','openpyxl','jinja2','cn2an','docx','pluggy','yaml','python_calamine',"
        "'chinese_calendar','evaltool.cli.check','evaltool.plugins') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "HEAVY []" in out, out


def test_a_small_check_loads_only_what_it_uses(tmp_path):
    """A check of one register printing a table loads no writer, template or process machinery,
    no OpenSSL, without a 文书 folder no document reader, and without a review config no config
    module (once the first command has kept the parsed standards in the cache)."""
    example = Path(__file__).parents[1] / "examples" / "案卷登记表.xlsx"
    code = (
        "import sys\nfrom evaltool.cli import main\n"
        f"sys.argv=['evaltool','check',{str(example)!r},'--fail-on','never']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "unused=[m for m in ('openpyxl','jinja2','docx','tempfile','secrets','importlib.resources',"
        "'multiprocessing','concurrent.futures','evaltool.render','hashlib','_hashlib',"
        "'evaltool.read.documents.model','evaltool.read.documents.extract',"
        "'evaltool.read.documents.match','evaltool.config','statistics','calendar','html',"
        "'xml.etree.ElementTree','defusedxml') if m in sys.modules]\n"
        "print('UNUSED', unused)\n"
    )
    environment = {**os.environ, "EVALTOOL_CACHE": str(tmp_path)}
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
            cwd=tmp_path,  # no evaltool.yaml here
        ).stdout
    assert "UNUSED []" in out, out[-2000:]


def test_a_command_does_its_work_with_the_garbage_collector_on(tmp_path):
    """Start-up runs without the collector; the command itself (here: loading a plugin) with it."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import gc, pathlib\npathlib.Path(__file__).with_suffix('.txt').write_text(str(gc.isenabled()))\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "evaltool", "--plugin", str(probe), "plugins"],
        capture_output=True,
        check=True,
    )
    assert (tmp_path / "probe.txt").read_text() == "True"
