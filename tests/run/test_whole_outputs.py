"""Every command that writes a folder (notices -o, ledger --split, index -o, trend -o, check
--report) writes it
whole, like run: a rerun leaves nothing of the earlier one, a killed run leaves the previous
folder as it was, and a folder the command did not write, or that holds an input, is refused."""

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from evaltool.cli import cli
from evaltool.output import OUTPUT_MARKER, OutputError, staged_folder
from evaltool.pipeline import check_registers
from kit.outputs import output_files
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row

# One command per way a folder is written; each gets the results files and the output folder.
COMMANDS = {
    "check": lambda results, out: [
        *["check", register_of(results[0]), "-c", str(FIXED_CHECKLIST)],
        *["--review-date", str(REVIEW_DATE), "--fail-on", "never", "--report", out],
    ],
    "notices": lambda results, out: ["notices", results[0], "-o", out, "--draft", "--format", "md"],
    "ledger": lambda results, out: ["ledger", results[0], "--split", "-o", out],
    "index": lambda results, out: ["index", results[0], "-o", out],
    "trend": lambda results, out: [
        "trend",
        *results,
        "--label",
        "上年",
        "--label",
        "本年",
        "-o",
        out,
    ],
}


def write_results(tmp_path, write_register, units: list[str]) -> list[str]:
    """Two results files (last year's and this year's) of a review of ``units``, each unit with
    one case that has a problem (a single officer), so that every unit gets a notice and a ledger;
    the register they come from stands beside the first (``register_of``)."""
    register = write_register(
        [case_row(执法单位=unit, 案号=f"{unit}罚〔2023〕1号", 执法人员="王明") for unit in units],
        name="上年.xlsx",
    )
    results = check_registers([register], checklist=FIXED_CHECKLIST, review_date=REVIEW_DATE)
    paths = []
    for name in ("上年.json", "本年.json"):
        path = tmp_path / name
        path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def register_of(results_file: str) -> str:
    return str(Path(results_file).with_suffix(".xlsx"))


def written(out) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*")}


def leftovers(tmp_path):
    return sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".输出"))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_rerun_leaves_nothing_of_the_earlier_one(runner, tmp_path, write_register, command):
    out = tmp_path / "输出"
    results = write_results(tmp_path, write_register, ["甲局", "乙局"])
    first = runner.invoke(cli, COMMANDS[command](results, str(out)))
    assert first.exit_code in (0, 1), first.output
    assert any("乙局" in path.name for path in output_files(out)) or command in ("index", "trend")
    results = write_results(tmp_path, write_register, ["甲局"])
    result = runner.invoke(cli, COMMANDS[command](results, str(out)))
    assert result.exit_code in (0, 1), result.output
    assert not any("乙局" in path.name for path in output_files(out))
    assert "乙局" not in "".join(path.read_text(errors="ignore") for path in output_files(out))
    assert leftovers(tmp_path) == []
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask  # as a folder made by hand
    marker = (out / OUTPUT_MARKER).read_text(encoding="utf-8").splitlines()
    assert f"evaltool {command} 写出" in marker[0]
    assert sorted(marker[2:]) == sorted(p.name for p in output_files(out))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_the_command_did_not_write_is_refused_and_kept(
    runner, tmp_path, write_register, command
):
    out = tmp_path / "我的文件"
    out.mkdir()
    (out / "工作记录.docx").write_bytes(b"mine")
    results = write_results(tmp_path, write_register, ["甲局"])
    result = runner.invoke(cli, COMMANDS[command](results, str(out)))
    assert result.exit_code == 2, result.output
    assert f"不是 evaltool {command} 写出的文件（工作记录.docx）" in result.output
    assert "Traceback" not in result.output
    assert written(out) == {"工作记录.docx": b"mine"}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_added_to_an_output_folder_is_not_deleted_by_a_rerun(
    runner, tmp_path, write_register, command
):
    out = tmp_path / "输出"
    results = write_results(tmp_path, write_register, ["甲局"])
    assert runner.invoke(cli, COMMANDS[command](results, str(out))).exit_code in (0, 1)
    (out / "批注.txt").write_text("我的批注", encoding="utf-8")
    before = written(out)
    result = runner.invoke(cli, COMMANDS[command](results, str(out)))
    assert result.exit_code == 2
    assert "批注.txt" in result.output
    assert written(out) == before


@pytest.mark.parametrize("command", ["notices", "index", "trend"])
def test_a_folder_another_command_wrote_is_refused(runner, tmp_path, write_register, command):
    out = tmp_path / "输出"
    results = write_results(tmp_path, write_register, ["甲局"])
    assert runner.invoke(cli, COMMANDS["ledger"](results, str(out))).exit_code in (0, 1)
    before = written(out)
    result = runner.invoke(cli, COMMANDS[command](results, str(out)))
    assert result.exit_code == 2
    assert "这是 evaltool ledger 写出的输出文件夹" in result.output
    assert written(out) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_an_input_inside_or_named_as_the_output_folder_is_refused(
    runner, tmp_path, write_register, command
):
    out = tmp_path / "输出"
    results = write_results(tmp_path, write_register, ["甲局"])
    assert runner.invoke(cli, COMMANDS[command](results, str(out))).exit_code in (0, 1)
    before = written(out)
    inside = str(out / "上年.json")
    os.replace(results[0], inside)
    os.replace(register_of(results[0]), register_of(inside))
    result = runner.invoke(cli, COMMANDS[command]([inside, *results[1:]], str(out)))
    assert result.exit_code == 2, result.output
    assert "请先把它移到输出文件夹以外" in result.output
    kept = written(out)
    assert set(kept) - set(before) == {"上年.json", "上年.xlsx"}
    assert {name: kept[name] for name in before} == before
    result = runner.invoke(cli, COMMANDS[command]([inside, *results[1:]], inside))
    assert result.exit_code == 2, result.output
    assert written(out) == kept


def test_a_templates_folder_inside_the_output_folder_is_refused(runner, tmp_path, write_register):
    out = tmp_path / "输出"
    (out / "模板").mkdir(parents=True)
    results = write_results(tmp_path, write_register, ["甲局"])
    args = [*COMMANDS["notices"](results, str(out)), "--templates", str(out / "模板")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "请先把它移到输出文件夹以外" in result.output
    assert (out / "模板").is_dir()


@pytest.mark.parametrize("command", COMMANDS)
def test_an_output_folder_name_too_long_is_the_users_problem(
    runner, tmp_path, write_register, command
):
    results = write_results(tmp_path, write_register, ["甲局"])
    result = runner.invoke(cli, COMMANDS[command](results, str(tmp_path / ("长" * 100))))
    assert result.exit_code == 2, result.output
    assert "文件名过长，请换一个较短的输出位置" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk_names_the_output_folder_not_the_staging_one(
    runner, tmp_path, write_register, command, monkeypatch
):
    import evaltool.output

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    results = write_results(tmp_path, write_register, ["甲局"])
    monkeypatch.setattr(evaltool.output.os, "replace", full)
    result = runner.invoke(cli, COMMANDS[command](results, str(tmp_path / "输出")))
    assert result.exit_code == 2, result.output
    assert f"错误：{tmp_path / '输出'}" in result.output
    assert "磁盘空间不足" in result.output and "staging" not in result.output
    assert leftovers(tmp_path) == [] and not (tmp_path / "输出").exists()


def test_the_root_of_a_disk_is_never_replaced(runner, tmp_path, write_register):
    results = write_results(tmp_path, write_register, ["甲局"])
    result = runner.invoke(cli, COMMANDS["notices"](results, "/"))
    assert result.exit_code == 2
    assert "请指定其中的一个子文件夹" in result.output


def test_the_working_folder_is_never_replaced(runner, tmp_path, write_register, monkeypatch):
    results = write_results(tmp_path, write_register, ["甲局"])
    work = tmp_path / "空文件夹"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(cli, COMMANDS["notices"](results, "."))
    assert result.exit_code == 2
    assert "不能是当前文件夹或它的上级" in result.output
    assert list(work.iterdir()) == []


def test_notices_into_the_notices_folder_of_a_run_replace_it(runner, tmp_path, write_register):
    """Regenerating the notices of a run's output folder is allowed: its files are listed in the
    run's marker one level up."""
    results = write_results(tmp_path, write_register, ["甲局", "乙局"])
    out = tmp_path / "输出"
    args = ["notices", results[0], "--draft", "--format", "md"]
    assert runner.invoke(cli, [*args, "-o", str(out)]).exit_code == 0
    (out / "甲局-整改通知书.md").rename(tmp_path / "甲局-整改通知书.md")  # a subfolder's files …
    staged = tmp_path / "整体" / "通知书"
    staged.parent.mkdir()
    out.rename(staged)  # … listed by a marker above it
    (staged.parent / OUTPUT_MARKER).write_text(
        "evaltool run 写出的输出文件夹\n本次写出的文件：\n通知书/乙局-整改通知书.md\n",
        encoding="utf-8",
    )
    (staged / OUTPUT_MARKER).unlink()
    result = runner.invoke(cli, [*args, "-o", str(staged)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in output_files(staged)] == ["乙局-整改通知书.md", "甲局-整改通知书.md"]


KILL_ON_SECOND_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    real, count = os.replace, [0]
    def replace(*args):
        count[0] += 1
        if count[0] == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    os.replace = replace
    from evaltool.cli import cli
    cli(sys.argv[1:], prog_name="evaltool")
    """
)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_run_killed_mid_write_leaves_the_previous_folder_whole(
    runner, tmp_path, write_register, command
):
    out = tmp_path / "输出"
    results = write_results(tmp_path, write_register, ["甲局", "乙局"])
    assert runner.invoke(cli, COMMANDS[command](results, str(out))).exit_code in (0, 1)
    before = written(out)
    results = write_results(tmp_path, write_register, ["甲局", "丙局"])  # two files at least
    process = subprocess.run(
        [sys.executable, "-c", KILL_ON_SECOND_WRITE, *COMMANDS[command](results, str(out))],
        capture_output=True,
    )
    assert process.returncode == -signal.SIGKILL
    assert written(out) == before  # the previous folder, whole
    assert leftovers(tmp_path)  # the killed run's staging folder …
    assert runner.invoke(cli, COMMANDS[command](results, str(out))).exit_code in (0, 1)
    assert leftovers(tmp_path) == []  # … is cleaned by the next run


def test_a_folder_taken_away_by_a_killed_run_comes_back(tmp_path):
    """Killed between moving the old folder aside and putting the new one in place: the next
    run puts the old one back before it does anything else."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(dead.stdout)
    old = tmp_path / f".输出.old-{pid}-abcd"
    old.mkdir()
    (old / "甲局-整改通知书.md").write_text("上次", encoding="utf-8")
    out = tmp_path / "输出"
    with pytest.raises(OutputError), staged_folder(out, command="notices"):
        raise OutputError("这一次失败")
    assert written(out) == {"甲局-整改通知书.md": "上次".encode()}
    assert leftovers(tmp_path) == []


def test_a_staging_folder_of_a_run_still_going_is_left_alone(tmp_path):
    live = tmp_path / f".输出.staging-{os.getppid()}-abcd"
    live.mkdir()
    (live / "甲局-整改通知书.md").write_text("写到一半", encoding="utf-8")
    with staged_folder(tmp_path / "输出", command="notices") as stage:
        (stage / "乙局-整改通知书.md").write_text("完整", encoding="utf-8")
    assert (live / "甲局-整改通知书.md").is_file()
    assert [p.name for p in output_files(tmp_path / "输出")] == ["乙局-整改通知书.md"]


def test_a_name_handed_back_decomposed_is_still_recognised(tmp_path):
    """macOS file systems return names in NFD; the marker lists them as written (NFC)."""
    out = tmp_path / "输出"
    with staged_folder(out, command="notices") as stage:
        (stage / "Café-整改通知书.md").write_text("上次", encoding="utf-8")
    written_name = out / "Café-整改通知书.md"
    written_name.rename(out / unicodedata.normalize("NFD", written_name.name))
    with staged_folder(out, command="notices"):
        pass
    assert output_files(out) == []


def test_two_runs_into_one_folder_at_once_leave_one_of_them_whole(tmp_path, write_register):
    out = tmp_path / "输出"
    runs = {}
    for units in (["甲局", "乙局"], ["丙局"]):
        path = tmp_path / f"{units[0]}.json"
        os.replace(write_results(tmp_path, write_register, units)[0], path)
        runs[path] = {f"{unit}-整改通知书.md" for unit in units}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "evaltool", *COMMANDS["notices"]([str(path)], str(out))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for path in runs
    ]
    assert [process.wait() for process in processes] == [0, 0]
    assert {p.name for p in output_files(out)} in list(runs.values())
    assert leftovers(tmp_path) == []
