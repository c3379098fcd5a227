"""Rows per second and peak memory of ``evaltool check`` next to bare calamine and openpyxl reading,
and of the document commands (notices, summary, ledger, check --report) next to ``check``.

    .venv/bin/python benchmarks/run.py            # 100,000 cases, generated into a temp folder
    .venv/bin/python benchmarks/run.py --rows 20000 --register /tmp/登记表.xlsx

Every measurement runs in its own process, one after another on the same file in the same run,
so that each peak memory (max RSS) is its own and the figures are comparable. CPU seconds are
reported next to wall-clock seconds: they hold still when other work shares the machine.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_register import write_register  # noqa: E402

BARE_OPENPYXL = """
import sys
from openpyxl import load_workbook
workbook = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
"""
BARE_CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
workbook = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(1 for _ in workbook.get_sheet_by_name(workbook.sheet_names[0]).iter_rows())
"""
READ_ONLY = """
import sys
from evaltool.plugins import build_registry, get_plugin_manager
from evaltool.read import read_registers
read = read_registers([sys.argv[1]], build_registry(get_plugin_manager()).readers)
assert read.registers and not read.file_errors, read.file_errors
"""


# The goals of issue 17, as multiples of bare calamine's CPU time (or peak memory).
GOALS = {
    "evaltool check (end to end)": (1.5, 1.3),
    "evaltool check --include-pass": (3.0, None),
}
# The goal of issue 20: each document command within this multiple of check's CPU time.
DOCUMENT_GOALS = {
    "evaltool notices": 3.0,
    "evaltool summary": 3.0,
    "evaltool ledger": 3.0,
    "evaltool check --report": 3.0,
}
PER_CASE = "evaltool check (per case, EVALTOOL_PER_CASE=1)"
CHECK_STEPS = {"bare calamine", "evaltool read", *GOALS, PER_CASE}


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall time and CPU time in seconds, and peak resident memory in bytes, of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # evaltool check exits 1 when it finds a veto
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--register", type=Path, help="reuse (or create) the register here")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs for each step")
    parser.add_argument(
        "--check-only", action="store_true", help="leave out openpyxl and the document commands"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        register = args.register or Path(tmp) / f"登记表-{args.rows}.xlsx"
        if not register.exists():
            print(f"生成 {args.rows} 行登记表：{register}", file=sys.stderr)
            write_register(register, args.rows)
        python = sys.executable
        results_file = Path(tmp) / "results.json"
        evaltool = [python, "-m", "evaltool"]
        check = [
            *evaltool,
            "check",
            str(register),
            "--fail-on",
            "never",
            "--review-date",
            "2024-06-30",
        ]
        steps = {
            "bare openpyxl (read-only)": [python, "-c", BARE_OPENPYXL, str(register)],
            "bare calamine": [python, "-c", BARE_CALAMINE, str(register)],
            "evaltool read": [python, "-c", READ_ONLY, str(register)],
            "evaltool check (end to end)": [*check, *("--format", "json", "-o", str(results_file))],
            PER_CASE: [*check, *("--format", "json", "-o", f"{tmp}/per-case.json")],
            "evaltool check --include-pass": [
                *check,
                *("--include-pass", "--format", "json", "-o", f"{tmp}/all.json"),
            ],
            # The document commands read the results file the check above wrote; without a
            # review config they render drafts (「草稿」), as a bureau does before the config is set.
            "evaltool notices": [
                *(*evaltool, "notices", str(results_file), "-o", f"{tmp}/notices", "--draft"),
            ],
            "evaltool summary": [
                *(*evaltool, "summary", str(results_file), "-o", f"{tmp}/通报", "--draft"),
            ],
            "evaltool ledger": [*evaltool, "ledger", str(results_file), "-o", f"{tmp}/台账.xlsx"],
            "evaltool check --report": [*check, "--report", f"{tmp}/自查报告"],
        }
        if args.check_only:
            steps = {k: v for k, v in steps.items() if k in CHECK_STEPS}
        per_case_env = os.environ | {"EVALTOOL_PER_CASE": "1"}
        results = {}
        for name, command in steps.items():
            env = per_case_env if name == PER_CASE else None
            runs = [measure(command, env) for _ in range(args.repeat)]
            best = min(runs)
            results[name] = (best[0], best[1], max(r[2] for r in runs))
            print(f"{name}: {best[0]:.2f} s", file=sys.stderr)
        size = register.stat().st_size

    calamine = results["bare calamine"]
    check = results["evaltool check (end to end)"]
    print(f"\n{args.rows:,} cases, {size / 2**20:.1f} MiB xlsx, Python {sys.version.split()[0]}")
    print(
        "| step | wall s | rows/s | × calamine | CPU s | × calamine (CPU) | × check (CPU) | peak memory |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (wall, cpu, peak) in results.items():
        print(
            f"| {name} | {wall:.2f} | {args.rows / wall:,.0f} | {wall / calamine[0]:.2f} | "
            f"{cpu:.2f} | {cpu / calamine[1]:.2f} | {cpu / check[1]:.2f} | {peak / 2**20:,.0f} MiB |"
        )
    print("\n| goal (issue 17) | measured | goal |")
    print("|---|---:|---:|")
    for name, (cpu_goal, memory_goal) in GOALS.items():
        _, cpu, peak = results[name]
        print(f"| {name}: CPU × calamine | {cpu / calamine[1]:.2f} | ≤ {cpu_goal} |")
        if memory_goal:
            print(
                f"| {name}: peak memory × calamine | {peak / calamine[2]:.2f} | ≤ {memory_goal} |"
            )
    documents = {name: goal for name, goal in DOCUMENT_GOALS.items() if name in results}
    if documents:
        print("\n| goal (issue 20) | measured | goal |")
        print("|---|---:|---:|")
        for name, goal in documents.items():
            print(f"| {name}: CPU × check | {results[name][1] / check[1]:.2f} | ≤ {goal} |")


if __name__ == "__main__":
    main()
