"""The ``evaltool`` command line: a thin layer over the library. Messages are in Chinese."""

import datetime as dt
import os
import sys
from pathlib import Path

import click

import evaltool
from evaltool.checklist.dump import resolved_yaml
from evaltool.checklist.load import catalogue, load_checklist
from evaltool.checklist.schema import schema_json
from evaltool.checklist.sheet import render_catalogue, render_html, render_text, write_xlsx
from evaltool.config import ReviewConfig, find_config, load_config
from evaltool.errors import ChecklistError, EvaltoolError
from evaltool.output import safe_filename, write_atomic
from evaltool.pipeline import check_registers
from evaltool.plugins import build_registry, get_plugin_manager, plugin_name, plugin_version
from evaltool.render import (
    FORMATS,
    DocumentSet,
    check_formats,
    make_environment,
    write_notices,
    write_selfcheck_reports,
    write_summary,
)
from evaltool.results import load_results

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


class EvaltoolGroup(click.Group):
    """Turns library errors into Chinese messages and exit codes for every command."""

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
    """What the group options set up for every command: the plugin manager, built on first use."""

    def __init__(self, plugin_files: tuple[str, ...]):
        self.plugin_files = plugin_files
        self._pm = None

    @property
    def pm(self):
        if self._pm is None:
            self._pm = get_plugin_manager(self.plugin_files)
        return self._pm


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


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD 格式：{value}") from None


FAIL_ON_LEVELS = ("veto", "fail", "never")


def exit_code(results: dict, fail_on: str) -> int:
    """0 when nothing reaches ``fail_on``; 1 when a veto (or, with ``fail``, any failure) is found."""
    if fail_on == "never":
        return EXIT_OK
    if fail_on == "veto":
        hit = any(case["vetoed"] for case in results["cases"])
    else:
        hit = any(f["outcome"] == "fail" for case in results["cases"] for f in case["findings"])
    return EXIT_FINDINGS if hit else EXIT_OK


@cli.command()
@click.argument("registers", nargs=-1, required=True)
@click.option(
    "-c", "--checklist", help="评查标准：内置标准的编号或 YAML 文件路径（默认 national-ordinary）。"
)
@click.option(
    "--format", "fmt", default="table", show_default=True, help="输出格式（见 evaltool plugins）。"
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="把结果写入文件。")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    default="veto",
    show_default=True,
    help="出现何种问题时以退出码 1 结束：否决项、任一不符合项，或从不。",
)
@click.option("--include-pass", is_flag=True, help="结果中也列出符合的检查项。")
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.option(
    "--review-date",
    callback=_parse_date,
    help="评查日期 YYYY-MM-DD（默认今天），用于判断日期是否合理。",
)
@click.option(
    "--report",
    type=click.Path(file_okay=False),
    help="把每个单位的自查报告（HTML、Markdown、docx）写入此文件夹。",
)
@click.option(
    "--templates", type=click.Path(file_okay=False), help="自定义模板文件夹（覆盖同名内置模板）。"
)
@click.pass_obj
def check(
    state,
    registers,
    checklist,
    fmt,
    output,
    fail_on,
    include_pass,
    unit,
    review_date,
    report,
    templates,
):
    """检查案卷登记表 REGISTER...（xlsx 文件或文件夹），按评查标准评分。"""
    registry = build_registry(state.pm)
    if fmt not in registry.reporters:
        raise click.BadParameter(
            f"未知的输出格式「{fmt}」，可用：{'、'.join(registry.reporters)}", param_hint="--format"
        )
    results = check_registers(
        registers,
        checklist=checklist,
        pm=state.pm,
        unit=unit,
        review_date=review_date,
        include_pass=include_pass,
    )
    if not results["inputs"]:
        for error in results["file_errors"]:
            click.echo(f"错误：{error}", err=True)
        raise EvaltoolError("没有读取到任何登记表，未进行评查")
    rendered = registry.reporters[fmt].render(results)
    if output:
        write_atomic(output, rendered)
        click.echo(registry.reporters["table"].render(results))
        click.echo(f"结果已写入：{output}")
    else:
        click.echo(rendered, nl=False)
    if report:
        env = make_environment([templates], state.pm)
        written = write_selfcheck_reports(
            DocumentSet(results, ReviewConfig()), env, report, FORMATS
        )
        click.echo(f"自查报告已写入：{report}（{len(written)} 个单位）", err=bool(not output))
    sys.exit(exit_code(results, fail_on))


@cli.command("plugins")
@click.pass_obj
def list_plugins(state):
    """列出已加载的插件、版本及其注册的检查、读取器和输出格式。"""
    pm = state.pm
    provided = build_registry(pm).provided
    for name, plugin in sorted((plugin_name(pm, p), p) for p in pm.get_plugins()):
        click.echo(f"{name} {plugin_version(pm, plugin)}".rstrip())
        for entry in provided.get(name, []):
            click.echo(f"  {entry}")


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
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.option(
    "--review-date",
    callback=_parse_date,
    help="评查日期 YYYY-MM-DD（默认今天），用于判断日期是否合理。",
)
@click.pass_obj
def inspect(state, registers, fmt, unit, review_date):
    """查看登记表 REGISTER... 是如何读取的（不评分）：表头行、各列对应的项目、执法单位和案卷数、数据问题。"""
    from evaltool.read.inspection import inspect_registers, render_text, to_json

    readers = build_registry(state.pm).readers
    report = inspect_registers(registers, readers, unit=unit, review_date=review_date)
    click.echo((to_json if fmt == "json" else render_text)(report), nl=False)
    if not report["registers"]:
        if fmt == "json":
            for error in report["file_errors"]:
                click.echo(f"错误：{error}", err=True)
        raise EvaltoolError("没有读取到任何登记表")


@cli.group()
def template():
    """生成空白模板。"""


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
    """生成空白的案卷登记表（标准列名、下拉列表、日期格式、填写说明），供执法单位填写。"""
    from pathlib import Path

    from evaltool.read.blank import write_blank_register

    if Path(output).exists() and not force:
        raise EvaltoolError(f"{output} 已存在；如需覆盖请加 --force")
    write_blank_register(output, rows=rows)
    click.echo(f"空白登记表已写入：{output}")


def document_options(func):
    """Options shared by the document commands; each overrides the review config."""
    options = [
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False),
            help="评查配置文件（默认：当前文件夹的 evaltool.yaml，见 docs/config.md）。",
        ),
        click.option(
            "--templates",
            type=click.Path(file_okay=False),
            help="自定义模板文件夹（覆盖同名内置模板）。",
        ),
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(FORMATS),
            help="文书格式（可重复；默认 html、md、docx 全部）。",
        ),
        click.option(
            "--issue-date", callback=_parse_date, help="成文日期 YYYY-MM-DD（默认取配置或今天）。"
        ),
        click.option(
            "--deadline-workdays",
            type=click.IntRange(min=1),
            help="整改期限：成文日期后的工作日数。",
        ),
        click.option("--docno-prefix", help="发文机关代字，如 綦司发（生成 綦司发〔2024〕3号）。"),
        click.option(
            "--show-names", is_flag=True, help="不遮蔽自然人当事人姓名（仅限内部工作底稿）。"
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _documents(state, results_file, config_file, templates, **overrides):
    """The results, review config (with CLI overrides) and template environment for a command."""
    path = find_config(config_file)
    if path is None:
        click.echo(
            "提示：未找到评查配置 evaltool.yaml，评查机关、发文字号等使用默认值（见 docs/config.md）。",
            err=True,
        )
    show_names = overrides.pop("show_names")
    config = load_config(path).override(**overrides, mask_names=False if show_names else None)
    env = make_environment([templates, config.templates], state.pm)
    documents = DocumentSet(load_results(results_file), config)
    if documents.calendar.fallback_years:
        years = "、".join(str(y) for y in sorted(documents.calendar.fallback_years))
        click.echo(f"提示：{years} 年的节假日数据缺失，整改期限按周一至周五计算。", err=True)
    return documents, env


@cli.command()
@click.argument("results_file", metavar="RESULTS", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False), help="输出文件夹。"
)
@document_options
@click.pass_obj
def notices(state, results_file, output, config_file, templates, formats, **overrides):
    """按评查结果 RESULTS 为每个执法单位生成整改通知书。"""
    documents, env = _documents(state, results_file, config_file, templates, **overrides)
    written = write_notices(documents, env, output, check_formats(formats))
    for document in written:
        click.echo(f"{document.title}：{'、'.join(str(p) for p in document.paths)}")
    click.echo(f"共 {len(written)} 份整改通知书，已写入：{output}")


@cli.command()
@click.argument("results_file", metavar="RESULTS", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="输出文件；后缀 .html/.md/.docx 只写该格式，否则三种格式都写。",
)
@document_options
@click.pass_obj
def summary(state, results_file, output, config_file, templates, formats, **overrides):
    """按评查结果 RESULTS 生成全区（县）评查情况通报。"""
    documents, env = _documents(state, results_file, config_file, templates, **overrides)
    base = Path(output)
    suffix = base.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        base = base.with_suffix("")
        formats = formats or (suffix,)
    written = write_summary(documents, env, base, check_formats(formats))
    click.echo(f"{written.title}：{'、'.join(str(p) for p in written.paths)}")


@cli.group("checklist")
def checklist_group() -> None:
    """评查标准：列出、查看（含打印用评分表）、校验，以及供编辑器使用的 JSON Schema。"""


def _load_standard(state, ref):
    registry = build_registry(state.pm)
    return load_checklist(ref, registry.checks, checklists=registry.checklists)


@checklist_group.command("list")
@click.pass_obj
def checklist_list(state):
    """列出内置和插件提供的评查标准。"""
    registry = build_registry(state.pm)
    click.echo(render_catalogue(catalogue(registry.checks, registry.checklists)), nl=False)


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
    """显示评查标准 ID|FILE（默认 national-ordinary）。"""
    standard = _load_standard(state, ref)
    header = {"被评查单位": unit, "案号": case_no, "评查人": reviewer, "日期": review_date}
    if resolved:
        text = resolved_yaml(standard)
    elif fmt == "html":
        text = render_html(standard, header)
    elif fmt == "xlsx":
        path = output or safe_filename(f"{standard.id}-评查评分表") + ".xlsx"
        write_atomic(path, lambda tmp: write_xlsx(standard, tmp, header))
        click.echo(f"评查评分表已写入：{path}")
        return
    else:
        text = render_text(standard)
    if output:
        write_atomic(output, text)
        click.echo(f"已写入：{output}")
    else:
        click.echo(text, nl=False)


@checklist_group.command("validate")
@click.argument("refs", metavar="FILE|ID...", nargs=-1, required=True)
@click.pass_obj
def checklist_validate(state, refs):
    """校验评查标准文件，一次列出所有问题（文件和行号）；有问题时退出码为 2。"""
    registry = build_registry(state.pm)
    problems = 0
    for ref in refs:
        try:
            standard = load_checklist(ref, registry.checks, checklists=registry.checklists)
        except ChecklistError as exc:
            for problem in exc.problems:
                click.echo(problem, err=True)
            click.echo(f"{ref}：共 {len(exc.problems)} 个问题", err=True)
            problems += len(exc.problems)
            continue
        automatic = sum(item.check is not None for item in standard.items)
        click.echo(
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
    """输出评查标准格式的 JSON Schema（含已注册检查的参数），供 VS Code 等编辑器校验。"""
    text = schema_json(build_registry(state.pm).checks)
    if output:
        write_atomic(output, text)
        click.echo(f"已写入：{output}")
    else:
        click.echo(text, nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="evaltool")
