"""Where the time and memory of ``evaltool check`` go: CPU seconds and memory after each stage.

    .venv/bin/python benchmarks/stages.py /tmp/登记表-100000.xlsx   # a register from make_register.py

Runs the steps of ``check --format json -o FILE`` one after another in this process (results
without passed items, as without ``--include-pass``, unless ``--include-pass`` is given) and
prints a Markdown table. "garbage
collector" is the CPU time the cyclic garbage collector took within each stage.
"""

import argparse
import datetime as dt
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

from evaltool import collector
from evaltool.calendar import Calendar
from evaltool.output import write_atomic
from evaltool.pipeline import AutomaticRun, build_results, score_cases
from evaltool.pipeline.engine import run_checks
from evaltool.pipeline.standards import load_standards
from evaltool.plugins import build_registry, get_plugin_manager
from evaltool.read import read_registers
from evaltool.score.results import dump_json

REVIEW_DATE = dt.date(2024, 6, 30)


class Collector:
    """Adds up the time of every garbage collection (``gc.callbacks``)."""

    def __init__(self):
        self.seconds = 0.0
        self._start = 0.0
        gc.callbacks.append(self)

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.seconds += time.process_time() - self._start


def resident() -> int:
    """Resident memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", type=Path)
    parser.add_argument("--include-pass", action="store_true", help="keep and write passed items")
    args = parser.parse_args()

    collecting = Collector()
    rows = []
    last = [time.process_time(), 0.0]

    def stage(name: str) -> None:
        now = time.process_time()
        rows.append((name, now - last[0], collecting.seconds - last[1], resident()))
        last[:] = [now, collecting.seconds]

    pm = get_plugin_manager()
    registry = build_registry(pm)
    standards = load_standards(None, registry, companions=False)
    checklist = standards.main
    stage("plugins and checklist")
    read = read_registers([args.register], registry.readers, review_date=REVIEW_DATE)
    stage("read")
    calendar = Calendar()
    with collector.frozen():  # as run_automatic does while checking
        checks = run_checks(
            read.cases,
            checklist,
            registry.checks,
            calendar=calendar,
            review_date=REVIEW_DATE,
            keep_passes=args.include_pass,
        )
    run = AutomaticRun(standards, read, checks, calendar, REVIEW_DATE)
    findings = sum(map(len, run.findings))
    stage(f"checks ({findings:,} findings kept)")
    with collector.frozen():  # as check_registers does while scoring
        case_results = score_cases(run.cases, run.findings, checklist, pm)
        stage("scoring")
        results = build_results(run, case_results, include_pass=args.include_pass)
    stage("results document")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_atomic(Path(tmp) / "results.json", lambda t: dump_json(results, t))
        size = path.stat().st_size
        stage(f"JSON file ({size / 1e6:,.0f} MB)")

    print(f"{len(read.cases):,} cases, Python {sys.version.split()[0]}")
    print("| stage | CPU s | of which garbage collector | memory after (RSS) |")
    print("|---|---:|---:|---:|")
    for name, cpu, collected, memory in rows:
        print(f"| {name} | {cpu:.2f} | {collected:.2f} | {memory / 2**30:.2f} GiB |")
    total = sum(r[1] for r in rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"| total | {total:.2f} | {sum(r[2] for r in rows):.2f} | peak {peak / 2**30:.2f} GiB |")


if __name__ == "__main__":
    main()
