"""The ``evaltool`` command line: a thin layer over the library. Messages are in Chinese."""

import datetime as dt
import json
import os
import re
import secrets
import sys
from fractions import Fraction

import click

import evaltool
from evaltool.diff import diff_results, has_regressions, render_diff
from evaltool.errors import EvaltoolError
from evaltool.output import write_atomic
from evaltool.pipeline import check_registers
from evaltool.plugins import build_registry, get_plugin_manager, plugin_name, plugin_version
from evaltool.results import load_results
from evaltool.review.sample import SampleRule
from evaltool.review.workflow import (
    DEFAULT_MARGIN,
    make_scoring_workbook,
    review_summary,
    sample_registers,
    score_review,
)
from evaltool.text import text_table

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
@click.pass_obj
def check(state, registers, checklist, fmt, output, fail_on, include_pass, unit, review_date):
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


def _split_names(ctx, param, values) -> tuple[str, ...]:
    """Names given as repeated options or separated by commas or 、."""
    names = [n.strip() for v in values for n in re.split(r"[,，、]", v)]
    return tuple(dict.fromkeys(n for n in names if n))


def _ratio(ctx, param, value):
    if value is None:
        return None
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise click.BadParameter(f"应为 0 到 1 之间的比例，如 0.1：{value}") from None


@cli.command("sample")
@click.argument("registers", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="抽查清单（xlsx）。"
)
@click.option("--count", type=int, help="每个单位抽取的案卷数（不足的全部抽取）。")
@click.option("--ratio", callback=_ratio, help="每个单位抽取的比例，如 0.1（向上取整）。")
@click.option(
    "--min",
    "minimum",
    type=int,
    default=1,
    show_default=True,
    help="按比例抽取时每个单位至少抽取的件数。",
)
@click.option("--all-ordinary", is_flag=True, help="不抽样：普通程序案卷全部评查。")
@click.option("--seed", type=int, help="随机种子（默认随机生成）；种子和登记表相同，清单就相同。")
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.pass_obj
def sample_command(state, registers, output, count, ratio, minimum, all_ordinary, seed, unit):
    """按单位抽取评查案卷（按程序类型分层、可复现），写出抽查清单。"""
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    rule = SampleRule(seed, count=count, ratio=ratio, minimum=minimum, all_ordinary=all_ordinary)
    drawn, read = sample_registers(registers, output, rule, pm=state.pm, unit=unit)
    for error in read.file_errors:
        click.echo(f"无法读取：{error}", err=True)
    rows = [["执法单位", "案卷数", "抽取数", "抽取方式"]]
    rows += [[u.unit, str(u.population), str(u.drawn), u.method] for u in drawn.units]
    click.echo("\n".join(text_table(rows)))
    click.echo(f"抽样规则：{rule.describe()}")
    click.echo(f"随机种子：{seed}（用 --seed {seed} 可重新得到相同的清单）")
    click.echo(f"抽查清单已写入：{output}")


@cli.command("sheet")
@click.argument("registers", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="评分表（xlsx）。"
)
@click.option(
    "--sample", "sample_list", type=click.Path(dir_okay=False), help="只列入抽查清单中的案卷。"
)
@click.option(
    "-c", "--checklist", help="评查标准：内置标准的编号或 YAML 文件路径（默认 national-ordinary）。"
)
@click.option(
    "--reviewers",
    multiple=True,
    callback=_split_names,
    help="评查人姓名（逗号分隔或重复）：每人一个工作表，案卷轮流分配。",
)
@click.option(
    "--per-file",
    type=int,
    default=1,
    show_default=True,
    help="每个案卷分配给几名评查人（交叉评查用 2）。",
)
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.option("--review-date", callback=_parse_date, help="评查日期 YYYY-MM-DD（默认今天）。")
@click.pass_obj
def sheet_command(
    state, registers, output, sample_list, checklist, reviewers, per_file, unit, review_date
):
    """生成评查人填写的评分表：每个案卷每个评查项目一行，自动检查结果已预填。"""
    made = make_scoring_workbook(
        registers,
        output,
        checklist=checklist,
        sample=sample_list,
        reviewers=reviewers,
        per_file=per_file,
        pm=state.pm,
        unit=unit,
        review_date=review_date,
    )
    for error in made.run.read.file_errors:
        click.echo(f"无法读取：{error}", err=True)
    for note in made.left_out:
        click.echo(f"未列入：{note}")
    rows = [["工作表", "案卷数"]] + [[name, str(n)] for name, n in made.summary.sheets.items()]
    click.echo("\n".join(text_table(rows)))
    click.echo(
        f"共 {made.summary.rows} 行，其中 {made.summary.inputs} 个单元格由评查人填写。"
        f"评分表已写入：{output}"
    )


@cli.command("score")
@click.argument("registers", nargs=-1, required=True)
@click.option(
    "--marks",
    multiple=True,
    required=True,
    type=click.Path(),
    help="评查人填好的评分表（xlsx 文件或文件夹，可重复）。",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False), help="输出文件夹。"
)
@click.option("-c", "--checklist", help="评查标准（默认取评分表记录的评查标准）。")
@click.option("--resolve", type=click.Path(dir_okay=False), help="填好的复核表（复核.xlsx）。")
@click.option("--waivers", type=click.Path(dir_okay=False), help="豁免文件（YAML 或 xlsx）。")
@click.option("--no-waivers", is_flag=True, help="不适用任何豁免（审计用）。")
@click.option(
    "--margin",
    type=click.FloatRange(min=0),
    default=DEFAULT_MARGIN,
    show_default=True,
    help="交叉评查时得分相差超过此分数即列入复核。",
)
@click.option(
    "--review-failing/--no-review-failing",
    default=True,
    show_default=True,
    help="交叉评查时任一评查人评为最低等次即列入复核。",
)
@click.option("--include-pass", is_flag=True, help="结果中也列出符合的项目。")
@click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")
@click.option("--review-date", callback=_parse_date, help="评查日期（默认取评分表记录的日期）。")
@click.pass_obj
def score_command(
    state,
    registers,
    marks,
    output,
    checklist,
    resolve,
    waivers,
    no_waivers,
    margin,
    review_failing,
    include_pass,
    unit,
    review_date,
):
    """合并自动检查结果和评查人的评分表，计算得分，写出 results.json 和 评查结果.xlsx。"""
    scored = score_review(
        registers,
        marks,
        output,
        checklist=checklist,
        resolve=resolve,
        waivers=waivers,
        use_waivers=not no_waivers,
        margin=margin,
        review_failing=review_failing,
        include_pass=include_pass,
        pm=state.pm,
        unit=unit,
        review_date=review_date,
    )
    click.echo(build_registry(state.pm).reporters["table"].render(scored.results))
    click.echo(review_summary(scored))
    sys.exit(EXIT_OK if scored.complete else EXIT_FINDINGS)


@cli.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="把比较结果写入文件。")
def diff_command(old, new, fmt, output):
    """比较两次评查结果 OLD.json 和 NEW.json（逐年对比或整改前后）：单位和评查项目的变化。"""
    diff = diff_results(load_results(old), load_results(new))
    rendered = (
        render_diff(diff)
        if fmt == "table"
        else json.dumps(diff, ensure_ascii=False, indent=2) + "\n"
    )
    if output:
        write_atomic(output, rendered)
        click.echo(render_diff(diff), nl=False)
        click.echo(f"比较结果已写入：{output}")
    else:
        click.echo(rendered, nl=False)
    sys.exit(EXIT_FINDINGS if has_regressions(diff) else EXIT_OK)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="evaltool")
