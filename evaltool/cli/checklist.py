"""``evaltool checklist``: list, show (and print the 评查评分表), validate, schema."""

import sys

import click

from evaltool.checklist.dump import resolved_yaml
from evaltool.checklist.load import catalogue, load_checklist
from evaltool.checklist.schema import schema_json
from evaltool.cli import EXIT_INPUT, cli, echo
from evaltool.errors import ChecklistError
from evaltool.output import safe_filename, write_atomic
from evaltool.render.checklist_sheet import render_catalogue, render_html, render_text, write_xlsx


@cli.group("checklist")
def checklist_group() -> None:
    """评查标准：列出、查看（含打印用评分表）、校验，以及供编辑器使用的 JSON Schema。

    \b
    示例：
      evaltool checklist list
      evaltool checklist show national-ordinary --resolved
      evaltool checklist validate 本市标准.yaml
    """


def _load_standard(state, ref):
    registry = state.registry
    return load_checklist(ref, registry.checks, checklists=registry.checklists)


@checklist_group.command("list")
@click.pass_obj
def checklist_list(state):
    """列出内置和插件提供的评查标准。

    \b
    示例：
      evaltool checklist list
    """
    registry = state.registry
    echo(render_catalogue(catalogue(registry.checks, registry.checklists)), nl=False)


@checklist_group.command("show")
@click.argument("ref", metavar="ID|FILE", required=False)
@click.option(
    "--resolved", is_flag=True, help="打印剪裁合并后的完整标准（YAML），注明每处修改的来源。"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "html", "xlsx"]),
    default="table",
    show_default=True,
    help="table：终端表格；html、xlsx：打印用的评查评分表。",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="写入文件（xlsx 默认写入当前目录）。"
)
@click.option("--unit", default="", help="评分表表头：被评查单位。")
@click.option("--case-no", default="", help="评分表表头：案号。")
@click.option("--reviewer", default="", help="评分表表头：评查人。")
@click.option("--date", "review_date", default="", help="评分表表头：日期。")
@click.pass_obj
def checklist_show(state, ref, resolved, fmt, output, unit, case_no, reviewer, review_date):
    """显示评查标准 ID|FILE（默认 national-ordinary）。

    \b
    示例：
      evaltool checklist show national-ordinary
      evaltool checklist show 本市标准.yaml --resolved
      evaltool checklist show simple --format html -o 评分表.html
    """
    standard = _load_standard(state, ref)
    header = {"被评查单位": unit, "案号": case_no, "评查人": reviewer, "日期": review_date}
    if resolved:
        text = resolved_yaml(standard)
    elif fmt == "html":
        text = render_html(standard, header)
    elif fmt == "xlsx":
        path = output or safe_filename(f"{standard.id}-评查评分表") + ".xlsx"
        write_atomic(path, lambda tmp: write_xlsx(standard, tmp, header))
        echo(f"评查评分表已写入：{path}")
        return
    else:
        text = render_text(standard)
    if output:
        write_atomic(output, text)
        echo(f"已写入：{output}")
    else:
        echo(text, nl=False)


@checklist_group.command("validate")
@click.argument("refs", metavar="FILE|ID...", nargs=-1, required=True)
@click.pass_obj
def checklist_validate(state, refs):
    """校验评查标准文件，一次列出所有问题（文件和行号）；有问题时退出码为 2。

    \b
    示例：
      evaltool checklist validate 本市标准.yaml
    """
    registry = state.registry
    problems = 0
    for ref in refs:
        try:
            standard = load_checklist(ref, registry.checks, checklists=registry.checklists)
        except ChecklistError as exc:
            for problem in exc.problems:
                echo(problem, err=True)
            echo(f"{ref}：共 {len(exc.problems)} 个问题", err=True)
            problems += len(exc.problems)
            continue
        automatic = sum(item.check is not None for item in standard.items)
        echo(
            f"{ref}：有效。{standard.title}（版本 {standard.version}），{len(standard.items)} 个评查项目"
            f"（自动检查 {automatic} 个、人工评查 {len(standard.items) - automatic} 个），"
            f"总分 {standard.scoring.total:g}"
        )
    if problems:
        sys.exit(EXIT_INPUT)


@checklist_group.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件。")
@click.pass_obj
def checklist_schema(state, output):
    """输出评查标准格式的 JSON Schema（含已注册检查的参数），供 VS Code 等编辑器校验。

    \b
    示例：
      evaltool checklist schema -o checklist.schema.json
    """
    text = schema_json(state.registry.checks)
    if output:
        write_atomic(output, text)
        echo(f"已写入：{output}")
    else:
        echo(text, nl=False)
