"""``evaltool``, ``evaltool --help`` and ``evaltool -h`` printed without importing Click.

Importing Click alone costs about twice the start-up of Python itself, so the top-level help
is laid out here from the command table and the help text in evaltool.cli, with the Chinese
layout Click uses (evaltool.cli.chinese). Only the layout this page needs is implemented:
whenever Click would wrap differently (a line too long for the terminal), ``render`` declines
and Click prints the help instead. tests/test_cli_tophelp.py renders both at every terminal
width and requires identical bytes, so the two cannot drift apart.
"""

import os
import sys

from evaltool.cli import (
    COMMANDS,
    GROUP_HELP,
    HELP_OPTIONS,
    OPTIONS_METAVAR,
    PLUGIN_HELP,
    SUBCOMMAND_METAVAR,
)
from evaltool.cli.chinese import CATALOGUE, ChineseLayout

PROG = "evaltool"
COMPLETE_VAR = "_EVALTOOL_COMPLETE"  # Click's shell completion: left to Click
OPTION_ROWS = (
    ("--version", CATALOGUE["Show the version and exit."]),
    ("--plugin FILE", PLUGIN_HELP),
    (", ".join(HELP_OPTIONS), CATALOGUE["Show this message and exit."]),
)


class Declined(Exception):
    """The page needs wrapping this module does not reproduce; Click prints it."""


class PlainFormatter:
    """The part of Click's HelpFormatter the top-level help uses, with its exact output."""

    def __init__(self, width: int):
        self.width, self.current_indent, self.buffer = width, 0, []

    def write(self, text: str) -> None:
        self.buffer.append(text)

    def write_paragraph(self) -> None:
        if self.buffer:
            self.write("\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        line = f"{prefix:>{self.current_indent}}{prog} {args}"
        if len(line) > self.width - self.current_indent:
            raise Declined
        self.write(f"{line}\n")

    def write_text(self, text: str) -> None:
        """Paragraphs as Click's ``wrap_text`` lays them out when none needs wrapping: a block
        marked ``\\b`` line by line, any other paragraph on one line."""
        indent = " " * self.current_indent
        paragraphs = []
        for block in text.split("\n\n"):
            lines = block.split("\n")
            extra = " " * (len(lines[0]) - len(lines[0].lstrip()))
            lines[0] = lines[0].lstrip()
            if lines[0] == "\b":
                paragraphs.append("\n".join(f"{indent}{extra}{line}" for line in lines[1:]))
                continue
            joined = " ".join(lines).strip()
            if len(indent + extra + joined) > self.width or "\t" in joined or not joined:
                raise Declined
            paragraphs.append(f"{indent}{extra}{joined}")
        self.write("\n\n".join(paragraphs) + "\n")

    def section(self, heading: str, rows) -> None:
        self.write_paragraph()
        self.write_heading(heading)
        self.current_indent += 2
        self.write_dl(rows)
        self.current_indent -= 2


class TopHelpFormatter(ChineseLayout, PlainFormatter):
    """The Chinese help layout over the plain formatter."""


def terminal_width() -> int:
    """Click's help width: the terminal's columns (``COLUMNS`` first) up to 80, less 2, at
    least 50. The same rule as ``shutil.get_terminal_size``, without importing shutil."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(min(columns, 80) - 2, 50)


def render(width: int) -> str | None:
    """The top-level help page as Click prints it (without the final newline), or None."""
    page = TopHelpFormatter(width)
    try:
        page.write_usage(PROG, f"{OPTIONS_METAVAR} {SUBCOMMAND_METAVAR}")
        text = GROUP_HELP.partition("\f")[0].strip("\n")
        page.write_paragraph()
        page.current_indent += 2
        page.write_text(text)
        page.current_indent -= 2
    except Declined:
        return None
    page.section(CATALOGUE["Options"], OPTION_ROWS)
    page.section(CATALOGUE["Commands"], [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)])
    return "".join(page.buffer).rstrip("\n")


def answer(args: list[str]) -> None:
    """If ``args`` ask only for the top-level help, print it and exit as Click would (no
    arguments: on stderr with exit code 2); otherwise return and let Click run."""
    if (args and args not in [[option] for option in HELP_OPTIONS]) or COMPLETE_VAR in os.environ:
        return
    stream = sys.stdout if args else sys.stderr
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8":  # Click re-encodes for other terminals
        return
    text = render(terminal_width())
    if text is None:
        return
    stream.write(f"{text}\n")
    stream.flush()
    sys.exit(0 if args else 2)
