"""Options several commands share, declared once: ``--unit``, ``--review-date``, ``-c/--checklist``."""

import datetime as dt

import click

DEFAULT_CHECKLIST_HELP = "评查标准：内置标准的编号或 YAML 文件路径（默认 national-ordinary）。"


def parse_date(ctx, param, value):
    """Click callback: a YYYY-MM-DD option value as a date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD 格式：{value}") from None


def unit_option(func):
    """``--unit``: the enforcement unit of every register read, over what the register says."""
    return click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")(func)


def review_date_option(help: str = "评查日期 YYYY-MM-DD（默认今天），用于判断日期是否合理。"):
    """``--review-date``: the day the review is done, as a date."""
    return click.option("--review-date", callback=parse_date, help=help)


def checklist_option(help: str = DEFAULT_CHECKLIST_HELP):
    """``-c/--checklist``: a shipped or registered standard's id, or a YAML file."""
    return click.option("-c", "--checklist", help=help)


def documents_option(func):
    """``--documents``: folders of case-file documents (文书); default, a 文书 folder beside a register."""
    return click.option(
        "--documents",
        multiple=True,
        type=click.Path(file_okay=False),
        help="案卷文书（决定书、告知书、送达回证等 docx、PDF、txt）所在文件夹，可重复；"
        "不写时使用登记表旁名为「文书」的文件夹（如有）。",
    )(func)
