"""A run's output folder is whole or absent: never half written, never mixed with an earlier run."""

import os
import signal
import subprocess
import sys
import time

from evaltool.cli import cli
from kit.registers import case_row

CONFIG = """\
name: 2023年度行政处罚案卷评查
reviewing_body: 某区司法局
document_number: {prefix: 某司发}
issue_date: 2024-07-15
review_date: 2024-06-30
checklist: national-ordinary
inputs: [登记表.xlsx]
"""


def write_review(tmp_path, write_register, units):
    write_register([case_row(执法单位=unit, 案号=f"{unit}罚〔2023〕1号") for unit in units])
    config = tmp_path / "evaltool.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


def notices(out):
    return sorted(p.name.split("-")[0] for p in (out / "整改通知书").glob("*.html"))


def test_a_rerun_leaves_no_notice_of_a_unit_no_longer_reviewed(runner, tmp_path, write_register):
    out = tmp_path / "输出"
    config = write_review(tmp_path, write_register, ["甲局", "乙局"])
    assert runner.invoke(cli, ["run", str(config), "-o", str(out)]).exit_code == 0
    assert notices(out) == ["乙局", "甲局"]
    write_review(tmp_path, write_register, ["甲局"])
    result = runner.invoke(cli, ["run", str(config), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert notices(out) == ["甲局"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".输出")] == []


def test_a_folder_evaltool_did_not_write_is_refused(runner, tmp_path, write_register):
    out = tmp_path / "我的文件"
    out.mkdir()
    (out / "工作记录.docx").write_bytes(b"mine")
    config = write_review(tmp_path, write_register, ["甲局"])
    result = runner.invoke(cli, ["run", str(config), "-o", str(out)])
    assert result.exit_code == 2
    assert "不是 evaltool run 写出的文件" in result.output
    assert [p.name for p in out.iterdir()] == ["工作记录.docx"]


def test_an_input_inside_the_output_folder_is_refused_not_deleted(runner, tmp_path, write_register):
    out = tmp_path / "输出"
    config = write_review(tmp_path, write_register, ["甲局"])
    assert runner.invoke(cli, ["run", str(config), "-o", str(out)]).exit_code == 0
    (tmp_path / "登记表.xlsx").rename(out / "登记表.xlsx")
    config.write_text(CONFIG.replace("[登记表.xlsx]", "[输出/登记表.xlsx]"), encoding="utf-8")
    result = runner.invoke(cli, ["run", str(config), "-o", str(out)])
    assert result.exit_code == 2
    assert "请先把它移到输出文件夹以外" in result.output
    assert (out / "登记表.xlsx").is_file()


def test_a_killed_run_leaves_the_previous_folder_and_its_leftovers_are_cleaned(
    runner, tmp_path, write_register
):
    out = tmp_path / "输出"
    config = write_review(tmp_path, write_register, [f"第{i}局" for i in range(1, 41)])
    assert runner.invoke(cli, ["run", str(config), "-o", str(out)]).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    process = subprocess.Popen(
        [sys.executable, "-m", "evaltool", "run", str(config), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".输出.staging-*/整改通知书/*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before  # the old run, whole
    assert list(tmp_path.glob(".输出.staging-*"))  # the killed run's staging folder is left …
    assert runner.invoke(cli, ["run", str(config), "-o", str(out)]).exit_code == 0
    assert not list(tmp_path.glob(".输出.*"))  # … and the next run cleans it up
