"""Done when (issue 12): registers never seen before, with planted defects in both procedures, run
as a unit would (``evaltool check REGISTER -c chongqing``): every case gets a verdict from its
procedure's standard, every check finds ≥ 99% of its planted failures, and clean cases get a
false 不符合 in ≤ 0.5%.

The registers come from kit/planted.py with Chongqing's effective-dated 较大数额, 简易程序 cases
among the clean ones and the planted ones; nothing here tells the tool which standard a case
belongs to.
"""

import json

from click.testing import CliRunner

from evaltool.checklist.load import load_checklist
from evaltool.cli import cli
from kit.planted import HEADERS, PLANTERS, Generator, Tally, chongqing_threshold

CLEAN, PER_CHECK = 1000, 100
MIN_RECALL, MAX_FALSE_FAIL = 0.99, 0.005
OUTPUT = ("--include-pass", "--fail-on", "never", "--format", "json", "-o")
STANDARD_OF = {"普通程序": "chongqing", "简易程序": "simple"}


def test_every_case_is_judged_by_its_procedures_standard_and_planted_defects_are_found(
    write_register, tmp_path, registry
):
    standards = {sid: load_checklist(sid, registry.checks) for sid in STANDARD_OF.values()}
    # a check that reads the case documents (文书) does not run on a register without them
    register_checks = {c for c, check in registry.checks.items() if not check.info.documents}
    checks_of = {
        sid: {i.check for i in s.items if i.check in register_checks}
        for sid, s in standards.items()
    }
    planted_checks = [c for c in PLANTERS if any(c in checks for checks in checks_of.values())]
    generator = Generator(20261204, chongqing_threshold, both_procedures=True, no_padding=False)
    cases = [(generator.case(), None) for _ in range(CLEAN)]
    for check_id in planted_checks:
        for _ in range(PER_CHECK):
            cases += [(row, check_id) for row in PLANTERS[check_id](generator)]
    generator.rng.shuffle(cases)
    path = write_register(
        [row for row, _ in cases], title="2023年度行政处罚案卷登记表", headers=list(HEADERS)
    )
    out = tmp_path / "results.json"
    result = CliRunner().invoke(
        cli,
        [
            *("check", str(path), "-c", "chongqing", "--review-date", "2024-06-30"),
            *OUTPUT,
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text(encoding="utf-8"))

    assert results["skipped"] == []
    assert len(results["cases"]) == len(cases)
    procedures = {"普通程序": 0, "简易程序": 0}
    tally = Tally()
    for case in results["cases"]:
        row, label = cases[case["source"]["row"] - 3]  # a title row, then the header
        assert case["checklist"] == STANDARD_OF[row["程序类型"]], case["case_no"]
        procedures[row["程序类型"]] += 1
        checked = {f["check"] for f in case["findings"] if f["check"]}
        assert checked == checks_of[case["checklist"]], case["case_no"]
        tally.add(label, case["findings"])
    planted, found, clean, false, misses = (
        tally.planted,
        tally.found,
        tally.clean,
        tally.false,
        tally.misses,
    )
    assert min(procedures.values()) > 0.1 * len(cases), procedures
    bad = {
        check_id: (found[check_id] / planted[check_id], false[check_id] / clean[check_id])
        for check_id in planted_checks
        if found[check_id] < MIN_RECALL * planted[check_id]
        or false[check_id] > MAX_FALSE_FAIL * clean[check_id]
    }
    assert not bad, {c: (*bad[c], misses[c][:3]) for c in bad}
    assert all(planted[c] >= PER_CHECK for c in planted_checks)
    summary_planted = {c for c in planted_checks if c in checks_of["simple"]}
    assert len(summary_planted) >= 10  # rules of 当场处罚 are planted too, not only ordinary ones


def test_the_terminal_says_how_many_files_went_to_which_standard(write_register, registry):
    generator = Generator(5, chongqing_threshold)
    rows = [generator.case(procedure="普通程序") for _ in range(3)]
    rows += [generator.case(procedure="简易程序") for _ in range(2)]
    rows += [generator.case(procedure="快速办理") for _ in range(7)]
    path = write_register(rows, headers=list(HEADERS))
    result = CliRunner().invoke(
        cli, ["check", str(path), "-c", "chongqing", "--review-date", "2024-06-30"]
    )
    assert "重庆市行政处罚案卷评查标准（普通程序）（2025.1）：普通程序案卷 3 件" in result.output
    assert "行政处罚案卷评查标准（简易程序）（2025.1）：简易程序案卷 2 件" in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("未评查")]
    assert len(skipped) == 1, skipped  # once per register, not once per file
    assert "7件快速办理案卷" in skipped[0] and "没有适用于快速办理的评查标准" in skipped[0]
