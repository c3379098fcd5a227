"""``evaltool run``: the main job from one review config into one output folder."""

import sys
from pathlib import Path

import click

from evaltool.cli import EXIT_FINDINGS, EXIT_OK, cli, echo
from evaltool.cli.options import DEFAULT_CONFIG_NAME
from evaltool.config import load_config
from evaltool.errors import EvaltoolError
from evaltool.run import Progress, output_folder, run_review
from evaltool.score.results import skipped_lines, standards_lines


class _Bars:
    """Terminal progress: a line per step, a progress bar over the units' notices."""

    def __init__(self):
        self.bar = None

    def step(self, label: str) -> None:
        self.close()
        echo(f"▶ {label}…", err=True)

    def notices(self, units: int):
        if not sys.stderr.isatty():  # a bar in a log or a pipe is only a stray label line
            return lambda written: None
        self.bar = click.progressbar(length=units, label="  整改通知书", file=sys.stderr)
        self.bar.__enter__()
        return lambda written: self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@click.argument("config_file", metavar="[CONFIG]", required=False, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    help="输出文件夹（默认取配置的 output，否则为配置文件旁的「评查输出」）。",
)
@click.option(
    "--draft",
    is_flag=True,
    help="配置缺少评查组织单位、发文字号或成文日期时仍生成文书，标明「草稿」。",
)
@click.pass_obj
def run(state, config_file, output, draft):
    """按评查配置 CONFIG（默认 evaltool.yaml）完成整次评查：读取、检查、合并评分、计分，
    写出评查结果、各单位整改通知书、评查情况通报和整改台账。

    \b
    示例：
      evaltool run
      evaltool run examples/district/evaltool.yaml -o 评查输出
    """
    path = Path(config_file or DEFAULT_CONFIG_NAME)
    if not path.is_file():
        raise EvaltoolError(f"找不到评查配置文件：{path}（格式见 docs/config.md）")
    config = load_config(path)
    bars = _Bars()
    try:
        report = run_review(
            config,
            output=output,
            registry=state.registry,
            progress=Progress(bars.step, bars.notices),
            draft=draft,
        )
    finally:
        bars.close()
    results = report.results
    units = results["units"]
    cases = sum(u["cases"] for u in units)
    echo(
        f"\n评查完成：{len(units)} 个单位、{cases} 件案卷。输出文件夹：{output_folder(config, output)}"
    )
    for line in standards_lines(results):
        echo(f"  {line}")
    for line in skipped_lines(results["skipped"]):
        echo(f"  未评查：{line}")
    for written in report.written:
        folders = sorted({str(p.parent) for p in written.paths})
        if len(written.paths) > 3:
            echo(f"  {written.title}：{len(written.paths)} 个文件，在 {'、'.join(folders)}")
        else:
            echo(f"  {written.title}：{'、'.join(str(p) for p in written.paths)}")
    for note in report.notes:
        echo(note, err=True)
    raise SystemExit(EXIT_OK if report.complete else EXIT_FINDINGS)
