"""Is the cost linear? CPU time and peak memory per case (beyond starting up) of ``evaltool check`` and of the commands
that read its results, on registers of 10,000, 100,000 and 1,000,000 cases.

    .venv/bin/python benchmarks/linearity.py --folder /tmp/linearity --plot /tmp/linearity
    .venv/bin/python benchmarks/linearity.py --sizes 10000 20000 --folder /tmp/small

Each size is checked as ten registers of a tenth of the cases each, so that every size runs
the same way (files read in parallel, as a province's registers are) and no sheet passes the
reader's cell limit (a million rows of 29 columns would): one register is generated with
``make_register.py`` and copied ten times; the copies' cases are the same but counted, checked
and written apart. Registers and results files are kept in ``--folder`` and reused by a later
run. Each step runs in its own process (``run.measure``), one after another, so that
each peak memory is its own. Prints a Markdown table (for docs/scale.md) and, with ``--plot``,
writes two SVG line charts there: CPU milliseconds and peak memory (KiB) per case against
the number of cases. Linear cost is a flat line.
"""

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_register import write_register  # noqa: E402
from run import measure  # noqa: E402

from evaltool.output import write_atomic  # noqa: E402
from evaltool.render.charts import PALETTE, Series, line_chart  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
COMMANDS = ("check", "diff", "summary")
FILES = 10  # registers per size
REVIEW_DATE = "2024-06-30"
ISSUE_DATE = "2024-07-15"


def registers(folder: Path, size: int) -> list[Path]:
    """``FILES`` registers of ``size // FILES`` cases each, generated once and copied."""
    rows = size // FILES
    first = folder / f"登记表-{rows}.xlsx"
    if not first.exists():
        print(f"生成 {rows} 行登记表：{first}", file=sys.stderr)
        write_register(first, rows)
    copies = []
    for number in range(1, FILES + 1):
        copy = folder / f"{size}" / f"登记表-{number:02d}.xlsx"
        if not copy.exists():
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(first, copy)
        copies.append(copy)
    return copies


def steps(files: list[Path], results: Path, out: Path) -> dict[str, list[str]]:
    """The commands measured: the check that writes the results, then readers of them."""
    evaltool = [sys.executable, "-m", "evaltool"]
    return {
        "check": [
            *evaltool,
            *("check", *map(str, files), "--fail-on", "never", "--review-date", REVIEW_DATE),
            *("--format", "json", "-o", str(results)),
        ],
        "diff": [*evaltool, "diff", str(results), str(results)],
        "summary": [
            *evaltool,
            *("summary", str(results), "-o", str(out / "通报.html"), "--draft"),
            *("--issue-date", ISSUE_DATE),
        ],
    }


def label(size: int) -> str:
    return f"{size:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--folder", type=Path, required=True, help="registers and results")
    parser.add_argument("--plot", type=Path, help="folder for the two SVG charts")
    parser.add_argument(
        "--commands", nargs="+", default=list(COMMANDS), choices=COMMANDS, help="what to measure"
    )
    args = parser.parse_args()

    args.folder.mkdir(parents=True, exist_ok=True)
    _, startup_cpu, startup = measure([sys.executable, "-m", "evaltool", "--version"])
    table: dict[str, dict[int, tuple[float, int]]] = {}
    for size in args.sizes:
        files = registers(args.folder, size)
        out = args.folder / f"out-{size}"
        out.mkdir(exist_ok=True)
        commands = steps(files, args.folder / f"results-{size}.json", out)
        for name in args.commands:
            command = commands[name]
            _, cpu, peak = measure(command)
            table.setdefault(f"evaltool {name}", {})[size] = (cpu - startup_cpu, peak - startup)
            print(f"{name} {size}: {cpu:.1f} CPU s, {peak / 2**20:,.0f} MiB", file=sys.stderr)

    print(
        f"\nPython {sys.version.split()[0]}; per case, beyond starting evaltool "
        f"({startup_cpu:.2f} CPU s, {startup / 2**20:.0f} MiB): CPU ms and peak memory KiB "
        "(totals in brackets)"
    )
    print("| command | " + " | ".join(f"{label(n)} 件" for n in args.sizes) + " |")
    print("|---|" + "---:|" * len(args.sizes))
    for name, by_size in table.items():
        cells = [
            f"{1000 * cpu / n:.3f} ms（{cpu:,.1f} s）；"
            f"{peak / 1024 / n:.2f} KiB（{peak / 2**20:,.0f} MiB）"
            for n, (cpu, peak) in by_size.items()
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.plot:
        write_plots(table, args.sizes, args.plot)


def write_plots(table: dict[str, dict[int, tuple[float, int]]], sizes: list[int], folder: Path):
    """CPU ms per case and peak KiB per case (above starting up) against the number of cases,
    one line a command."""
    labels = [f"{label(n)} 件" for n in sizes]
    for file, title, value in (
        ("linearity-cpu.svg", "每件案卷的 CPU 时间（毫秒）", lambda cpu, peak, n: 1000 * cpu / n),
        ("linearity-memory.svg", "每件案卷的峰值内存（KiB）", lambda cpu, peak, n: peak / 1024 / n),
    ):
        series = [
            Series(name, [round(value(*by_size[n], n), 2) for n in sizes], PALETTE[i])
            for i, (name, by_size) in enumerate(table.items())
        ]
        top = max(v for s in series for v in s.values)
        chart = line_chart(labels, series, title=title, maximum=top * 1.15, minimum=0.0)
        write_atomic(folder / file, str(chart) + "\n")
        print(f"已写入：{folder / file}", file=sys.stderr)


if __name__ == "__main__":
    main()
