"""Start-up cost of the CLI as ratios against ``python -c pass``, measured in one run.

    .venv/bin/python benchmarks/startup.py            # 15 runs of each, medians

Goals (issue 16): ``evaltool --help`` ≤ 2 × and ``evaltool check`` on the small example
register (30 cases) ≤ 5 × the CPU time of ``python -c pass`` with the same interpreter.
Commands alternate run by run so that drift of a shared machine hits all of them alike.
The children may write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped from their
environment), as ``pip install`` compiles it: a user never pays for compiling evaltool's
source on every start, so the benchmark does not either. The parsed standards are kept in a
cache folder of the benchmark's own (``EVALTOOL_CACHE``), filled by the warm-up run, as the
first check on a machine fills the user's.

Last measured (2 quiet cores, 25 runs): --help 1.07 ×, check 4.83 × (0.104 s; 4.73-5.06 × in
four more runs), both met; the previous round's code, in the same sitting, 5.49 ×. What is left:
click about 20 ms, creating about 45 dataclasses about 20 ms (Python 3.11 compiles each
generated method separately; a frozen class costs twice an unfrozen one), zipfile with shutil,
bz2 and lzma about 4 ms. The denominator is this environment's interpreter: with the
editable install's .pth, ``python -c pass`` costs 0.021 s; a ``pip install .`` interpreter
starts in 0.010 s, and check costs the same there (0.101 s), about 10 ×. docs/performance.md (启动时间) has the details.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "案卷登记表.xlsx"
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "evaltool --help": [sys.executable, "-m", "evaltool", "--help"],
    "evaltool check（30 件）": [
        sys.executable, "-m", "evaltool", "check", str(EXAMPLE),
        "--review-date", "2024-06-30", "--fail-on", "never",
    ],
}  # fmt: skip
GOALS = {"evaltool --help": 2.0, "evaltool check（30 件）": 5.0}
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu_seconds(command: list[str]) -> float:
    """User plus system CPU seconds of one child process."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT
    )
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="evaltool-startup-") as cache:
        ENVIRONMENT["EVALTOOL_CACHE"] = cache
        for command in COMMANDS.values():  # warm the file cache, the bytecode and the parses
            cpu_seconds(command)
        times = {name: [] for name in COMMANDS}
        for _ in range(runs):
            for name, command in COMMANDS.items():
                times[name].append(cpu_seconds(command))
    base = statistics.median(times["python -c pass"])
    print(f"{'命令':<24}{'CPU 秒（中位数）':>16}{'× python -c pass':>18}{'目标':>8}")
    for name, values in times.items():
        ratio = statistics.median(values) / base
        goal = GOALS.get(name)
        verdict = "" if goal is None else ("达到" if ratio <= goal else "未达到")
        goal_text = f"≤ {goal:g}" if goal else ""
        print(f"{name:<24}{statistics.median(values):>16.3f}{ratio:>18.2f}{goal_text:>8} {verdict}")


if __name__ == "__main__":
    main()
