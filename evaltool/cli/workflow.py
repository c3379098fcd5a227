"""The reviewer's workflow: ``evaltool sample``, ``sheet``, ``score`` and ``diff``."""

import re
import secrets
import sys
from fractions import Fraction

import click

from evaltool.cli import EXIT_FINDINGS, EXIT_OK, cli, echo
from evaltool.cli.options import (
    HOLIDAYS_HELP,
    checklist_option,
    config_option,
    documents_option,
    review_calendar,
    review_date_option,
    unit_option,
)
from evaltool.config import DISAGREEMENT_RULES
from evaltool.diff import diff_results, has_regressions, render_diff
from evaltool.output import write_atomic
from evaltool.review.sample import SampleRule
from evaltool.review.workflow import (
    DEFAULT_MARGIN,
    ScoreSettings,
    make_scoring_workbook,
    review_summary,
    sample_registers,
    score_review,
)
from evaltool.score.metrics import is_failure
from evaltool.score.results import load_results
from evaltool.text import json_text, text_table


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
@unit_option
@click.pass_obj
def sample_command(state, registers, output, count, ratio, minimum, all_ordinary, seed, unit):
    """按单位抽取评查案卷（按程序类型分层、可复现），写出抽查清单。

    \b
    示例：
      evaltool sample 登记表/ -o 抽查清单.xlsx --ratio 0.3 --min 5 --seed 2024
      evaltool sample 登记表/ -o 抽查清单.xlsx --all-ordinary
    """
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    rule = SampleRule(seed, count=count, ratio=ratio, minimum=minimum, all_ordinary=all_ordinary)
    drawn, read = sample_registers(registers, output, rule, registry=state.registry, unit=unit)
    for error in read.file_errors:
        echo(f"无法读取：{error}", err=True)
    rows = [["执法单位", "案卷数", "抽取数", "抽取方式"]]
    rows += [[u.unit, str(u.population), str(u.drawn), u.method] for u in drawn.units]
    echo("\n".join(text_table(rows)))
    echo(f"抽样规则：{rule.describe()}")
    echo(f"随机种子：{seed}（用 --seed {seed} 可重新得到相同的清单）")
    echo(f"抽查清单已写入：{output}")


@cli.command("sheet")
@click.argument("registers", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="评分表（xlsx）。")
@click.option(
    "--print",
    "printable",
    type=click.Path(file_okay=False),
    help="把每个案卷的可打印评分表（HTML，按评查标准的格式，已填自动检查结果）写入此文件夹。",
)
@click.option(
    "--templates", type=click.Path(file_okay=False), help="自定义模板文件夹（覆盖同名内置模板）。"
)
@click.option(
    "--sample", "sample_list", type=click.Path(dir_okay=False), help="只列入抽查清单中的案卷。"
)
@checklist_option()
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
@unit_option
@review_date_option("评查日期，如 2024-06-30（默认今天）。")
@documents_option
@config_option(HOLIDAYS_HELP)
@click.pass_obj
def sheet_command(
    state,
    registers,
    output,
    printable,
    templates,
    sample_list,
    checklist,
    reviewers,
    per_file,
    unit,
    review_date,
    documents,
    config_file,
):
    """生成评查人填写的评分表：每个案卷每个评查项目一行，自动检查结果已预填。

    每个案卷按其程序类型的评查标准列出评查项目（普通程序按 -c 指定的标准，简易程序按其配套标准，
    同 check）。用 -o 写出评分表（xlsx），用 --print 为每个案卷写出可打印的评分表（HTML），可同时使用。

    \b
    示例：
      evaltool sheet 登记表/ -o 评分表.xlsx --reviewers 甲律师,乙律师
      evaltool sheet 登记表/ --sample 抽查清单.xlsx -o 评分表.xlsx --per-file 2
      evaltool sheet 登记表/ --sample 抽查清单.xlsx --print 打印评分表/
    """
    if output is None and printable is None:
        raise click.UsageError("请用 -o 指定评分表（xlsx），或用 --print 指定可打印评分表的文件夹")
    made = make_scoring_workbook(
        registers,
        output,
        checklist=checklist,
        sample=sample_list,
        reviewers=reviewers,
        per_file=per_file,
        registry=state.registry,
        unit=unit,
        review_date=review_date,
        documents=documents or None,
        printable=printable,
        templates=templates,
        calendar=review_calendar(config_file),
    )
    for error in made.run.read.file_errors:
        echo(f"无法读取：{error}", err=True)
    for line in made.by_standard():
        echo(f"评查标准：{line}")
    for note in made.left_out:
        echo(f"未列入：{note}")
    if made.summary is not None:
        sheets = made.summary.sheets.items()
        rows = [["工作表", "案卷数"]] + [[name, str(n)] for name, n in sheets]
        echo("\n".join(text_table(rows)))
        if made.summary.unit_blocks:
            echo(f"单位评查：{made.summary.unit_blocks} 个单位（按单位评查的项目，每个单位评一次）")
        echo(
            f"共 {made.summary.rows} 行，其中 {made.summary.inputs} 个单元格由评查人填写。"
            f"评分表已写入：{output}"
        )
    if made.printed:
        echo(f"可打印评分表 {len(made.printed)} 份已写入：{printable}")


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
@checklist_option("评查标准（默认取评分表记录的评查标准）。")
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
@click.option(
    "--disagreement",
    type=click.Choice(DISAGREEMENT_RULES),
    default=DISAGREEMENT_RULES[0],
    show_default=True,
    help="评查人对同一项目评分不同时，合议前的暂定规则：从严取较大的扣分，从宽取较小的扣分（不取平均）。",
)
@click.option("--include-pass", is_flag=True, help="结果中也列出符合的项目。")
@unit_option
@review_date_option("评查日期（默认取评分表记录的日期）。")
@documents_option
@config_option(HOLIDAYS_HELP)
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
    disagreement,
    include_pass,
    unit,
    review_date,
    documents,
    config_file,
):
    """合并自动检查结果和评查人的评分表，计算得分，写出 results.json 和 评查结果.xlsx。

    \b
    示例：
      evaltool score 登记表/ --marks 评分表/ -o 评查输出/
      evaltool score 登记表/ --marks 评分表/ --resolve 评查输出/复核.xlsx -o 评查输出/
    """
    settings = ScoreSettings(
        registers,
        marks,
        checklist=checklist,
        resolve=resolve,
        waivers=waivers,
        use_waivers=not no_waivers,
        margin=margin,
        review_failing=review_failing,
        disagreement=disagreement,
        include_pass=include_pass,
        unit=unit,
        review_date=review_date,
        documents=documents or None,
        calendar=review_calendar(config_file),
    )
    scored = score_review(settings, state.registry)
    scored.write(output)
    echo(state.registry.reporters["table"].render(scored.results))
    echo(review_summary(scored))
    sys.exit(EXIT_OK if scored.complete else EXIT_FINDINGS)


@cli.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="把比较结果写入文件。")
def diff_command(old, new, fmt, output):
    """比较两次评查结果 OLD.json 和 NEW.json（逐年对比或整改前后）：单位和评查项目的变化。

    \b
    示例：
      evaltool diff 2022年度/results.json 2023年度/results.json
      evaltool diff 整改前.json 整改后.json --format json -o 比较.json
    """
    diff = diff_results(*(load_results(path, findings=is_failure) for path in (old, new)))
    rendered = render_diff(diff) if fmt == "table" else json_text(diff)
    if output:
        write_atomic(output, rendered)
        echo(render_diff(diff), nl=False)
        echo(f"比较结果已写入：{output}")
    else:
        echo(rendered, nl=False)
    sys.exit(EXIT_FINDINGS if has_regressions(diff) else EXIT_OK)
