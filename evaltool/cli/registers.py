"""Register commands: ``inspect`` (how registers are read) and ``template register`` (a blank one)."""

from pathlib import Path

import click

from evaltool.cli import cli, echo
from evaltool.cli.options import documents_option, review_date_option, unit_option
from evaltool.errors import EvaltoolError
from evaltool.read.blank import write_blank_register
from evaltool.read.inspection import inspect_registers, render_text, to_json


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
@unit_option
@review_date_option()
@documents_option
@click.pass_obj
def inspect(state, registers, fmt, unit, review_date, documents):
    """查看登记表是如何读取的（不评分）：表头行、各列对应的项目、执法单位和案卷数、数据问题。

    REGISTERS 可以是 xlsx、csv 文件、文件夹或通配符（如 "登记表/*.xlsx"）。有案卷文书时（--documents，
    或登记表旁的“文书”文件夹），还列出每份文书的种类、匹配的案卷和读出的各项内容（所在页、段和原文）。

    \b
    示例：
      evaltool inspect 案卷登记表.xlsx
      evaltool inspect 登记表/ --format json
      evaltool inspect 登记表.xlsx --documents 文书/
    """
    readers = state.registry.readers
    report = inspect_registers(
        registers, readers, unit=unit, review_date=review_date, documents=documents or None
    )
    echo((to_json if fmt == "json" else render_text)(report), nl=False)
    if not report["registers"]:
        if fmt == "json":
            for error in report["file_errors"]:
                echo(f"错误：{error}", err=True)
        raise EvaltoolError("没有读取到任何登记表")


@cli.group()
def template():
    """生成空白模板。

    \b
    示例：
      evaltool template register -o 案卷登记表.xlsx
    """


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
    """生成空白的案卷登记表（标准列名、下拉列表、日期格式、填写说明），供执法单位填写。

    \b
    示例：
      evaltool template register -o 案卷登记表.xlsx
    """
    if Path(output).exists() and not force:
        raise EvaltoolError(f"{output} 已存在；如需覆盖请加 --force")
    write_blank_register(output, rows=rows)
    echo(f"空白登记表已写入：{output}")
