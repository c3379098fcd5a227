"""The ``evaltool`` command line: a thin layer over the library. Messages are in Chinese.

This module holds the command table and the top-level help text and loads nothing heavy:
``evaltool``, ``evaltool --help`` and ``evaltool -h`` are printed by evaltool.cli.tophelp
without Click (a test keeps the two renderings identical); every other command line goes
to the Click group in evaltool.cli.group, which the names below load on first use.
"""

import gc
import sys

from evaltool.lazy import lazy_getattr

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

GROUP_HELP = """evaltool：行政执法案卷评查工具。

\b
示例：
  evaltool run examples/district/evaltool.yaml -o 评查输出
  evaltool check 登记表.xlsx
  evaltool 命令 --help
"""
PLUGIN_HELP = "加载本地插件文件（可重复）。"
HELP_OPTIONS = ["-h", "--help"]
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

# Names of the Click group's module, loaded on first use (command modules import them from here).
__getattr__ = lazy_getattr(
    "evaltool.cli",
    dict.fromkeys(
        (
            "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "EvaltoolCommand", "EvaltoolGroup",
            "InputError", "InternalError", "State", "cli", "echo", "usage_message",
        ),
        "evaltool.cli.group",
    ),
)  # fmt: skip


def main() -> None:
    """Console-script entry point."""
    # Start-up (the command's modules and libraries) creates what lives as long as the process:
    # collecting garbage meanwhile finds none. EvaltoolCommand.invoke switches the collector
    # back on for the command's own work.
    gc.disable()
    from evaltool.cli import tophelp

    tophelp.answer(sys.argv[1:])
    from evaltool.cli.group import cli

    try:
        cli(prog_name="evaltool")
    finally:
        # The process ends here. At exit the garbage collector would walk every object once more
        # (an eighth of a small check's CPU time) only for the memory to be returned with the
        # process; atexit handlers still run and files are still closed.
        gc.freeze()
