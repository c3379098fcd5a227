"""Click's own words in Chinese: help headings, the help and version options, usage errors.

Click marks its messages for gettext (``_("Options")``); ``install`` gives its modules a
Chinese catalogue instead, so ``--help`` and usage errors are Chinese whatever the locale.
A message without a translation passes through unchanged. The module imports Click only in
``install``, so that the top-level help (evaltool.cli.tophelp) can use its words and layout alone.
"""

from evaltool.lazy import LazyPattern
from evaltool.width import display_width

CATALOGUE = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "required": "必填",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有命令 {name}。",
    "No such option {name!r}.": "没有选项 {name}。",
    "Invalid value for {param_hint}: {message}": "选项 {param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Try '{command} {option}' for help.": "用法见 {command} {option}",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename}：{message}",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 不接受值。",
    "Invalid start character for option ({option})": "选项开头的字符无效（{option}）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "directory": "文件夹",
    "file": "文件",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename} 不可执行。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是是/否值，可用：{states}",
    "Do you want to continue?": "是否继续？",
    "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
}
PLURALS = {
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Option {name!r} requires an argument.": "选项 {name} 需要给出值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个值。",
    "Did you mean {possibility}?": "（是否要用 {possibility}？）",
    "(Did you mean one of: {possibilities}?)": "（是否要用：{possibilities}？）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，只给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
}  # fmt: skip
# Type names Click shows in help and in messages.
METAVARS = {
    "TEXT": "文本",
    "FILE": "文件",
    "DIRECTORY": "文件夹",
    "PATH": "路径",
    "INTEGER": "整数",
    "FLOAT": "数值",
    "BOOLEAN": "是/否",
}
NUMBER_TYPES = {"integer": "整数", "float": "数值"}
_METAVAR = LazyPattern(r"\b(" + "|".join(METAVARS) + r")\b")


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    return PLURALS.get(message, message)


def chinese_metavars(text: str) -> str:
    """``-o, --output FILE`` → ``-o, --output 文件``."""
    return _METAVAR.sub(lambda m: METAVARS[m.group(1)], text)


class ChineseLayout:
    """Help pages in Chinese: full-width colons, Chinese type names, columns aligned by display
    width (a CJK character takes two columns) and long Chinese text wrapped at any character.

    A mixin over a formatter with ``write``, ``width`` and ``current_indent``: Click's
    HelpFormatter (``install``) or the top-level help's own (evaltool.cli.tophelp).
    """

    USAGE_PREFIX = CATALOGUE["Usage:"]

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, self.USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(chinese_metavars(first), second) for first, second in rows]
        first_width = min(max((display_width(first) for first, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        text_width = max(self.width - self.current_indent - first_width - col_spacing, 20)
        for first, second in rows:
            lines = _wrap(second, text_width) or [""]
            pad = first_width - display_width(first)
            if pad < 0:  # a long option name stands on its own line
                self.write(f"{indent}{first}\n")
                lines_prefix = " " * (self.current_indent + first_width + col_spacing)
                self.write("".join(f"{lines_prefix}{line}\n" for line in lines))
                continue
            self.write(f"{indent}{first}{' ' * (pad + col_spacing)}{lines[0]}\n")
            hanging = " " * (self.current_indent + first_width + col_spacing)
            self.write("".join(f"{hanging}{line}\n" for line in lines[1:]))


NO_LINE_START = "。，、；：！？）》」』”"  # punctuation that never begins a line (GB/T 15834)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns; Chinese text breaks between any characters."""
    lines, line = [], ""
    for char in " ".join(text.split()):
        if display_width(line + char) > width and char not in NO_LINE_START:
            lines.append(line.rstrip())
            line = char.lstrip()
        else:
            line += char
    if line:
        lines.append(line)
    return lines


def install() -> None:
    """Give Click's modules the Chinese catalogue and the help formatter (idempotent)."""
    import click
    from click import core, decorators, exceptions, formatting, parser, termui, types

    for module in (core, decorators, exceptions, formatting, parser, termui, types):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    if not issubclass(click.Context.formatter_class, ChineseLayout):
        click.Context.formatter_class = type(
            "ChineseFormatter", (ChineseLayout, click.HelpFormatter), {}
        )
    types.IntParamType.name = NUMBER_TYPES["integer"]
    types.IntRange.name = NUMBER_TYPES["integer"]
    types.FloatParamType.name = NUMBER_TYPES["float"]
    types.FloatRange.name = NUMBER_TYPES["float"]
