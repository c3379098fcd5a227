"""Options several commands share, declared once: ``--unit``, ``--review-date``, ``-c/--checklist``,
``--config`` (and the one way a command reads the review config it names)."""

import datetime as dt
from pathlib import Path

import click

DEFAULT_CONFIG_NAME = "evaltool.yaml"
DEFAULT_CHECKLIST_HELP = "评查标准：内置标准的编号或 YAML 文件路径（默认 national-ordinary）。"


def parse_date(ctx, param, value):
    """Click callback: a date in any form registers take (2024-03-01, 2024/3/1, 2024年3月1日)."""
    if value is None:
        return None
    from evaltool.read.values import Unreadable, parse_date  # loaded only when a date is given

    try:
        return parse_date(value.strip()) if not value.strip().isdigit() else _not_a_date(value)
    except Unreadable:
        _not_a_date(value)


def _not_a_date(value: str) -> dt.date:
    raise click.BadParameter(f"日期应为 2024-03-01、2024/3/1 或 2024年3月1日 这样的形式：{value}")


def unit_option(func):
    """``--unit``: the enforcement unit of every register read, over what the register says."""
    return click.option("--unit", help="指定执法单位名称（覆盖登记表中的单位）。")(func)


def review_date_option(help: str = "评查日期，如 2024-06-30（默认今天），用于判断日期是否合理。"):
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


def config_option(
    help: str = "评查配置文件（默认：当前文件夹的 evaltool.yaml，见 docs/config.md）。",
):
    """``--config``: the review config (evaltool.yaml) a command reads, as ``config_file``."""
    return click.option("--config", "config_file", type=click.Path(dir_okay=False), help=help)


def find_config(path: str | Path | None) -> Path | None:
    """The config to use: the given path, else ``evaltool.yaml`` in the current folder if present."""
    if path is not None:
        return Path(path)
    default = Path(DEFAULT_CONFIG_NAME)
    return default if default.is_file() else None


def load_review_config(config_file: str | None):
    """The review config a command uses: ``--config``, else ``evaltool.yaml`` in the current
    folder, else the defaults."""
    from evaltool.config import load_config  # loaded only by commands that need it

    return load_config(find_config(config_file))


def review_calendar(config_file: str | None):
    """The day-counting calendar of the review config ``load_review_config`` finds (its holiday
    schedule over chinesecalendar's): every command that counts days takes it from here. With
    no config, the config module is not loaded at all (a small check's start-up)."""
    path = find_config(config_file)
    if path is None:
        from evaltool.calendar import Calendar

        return Calendar()
    from evaltool.config import load_config

    return load_config(path).calendar()


HOLIDAYS_HELP = (
    "评查配置文件（默认：当前文件夹的 evaltool.yaml）：期限按其中的节假日安排（holidays）计算。"
)


def issue_date_option(help: str = "成文日期，如 2024-07-15（默认取配置或今天）。"):
    """``--issue-date``: the date the notices are issued, over the config's."""
    return click.option("--issue-date", callback=parse_date, help=help)


def deadline_workdays_option(help: str = "整改期限：成文日期后的工作日数。"):
    """``--deadline-workdays``: working days after the issue date for rectification."""
    return click.option("--deadline-workdays", type=click.IntRange(min=1), help=help)
