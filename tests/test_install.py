"""A non-editable install into a fresh venv works from any directory and ships its data."""

import json
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    target = tmp_path_factory.mktemp("venv")
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(ROOT)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    return target


def test_installed_tool_checks_the_example_from_another_directory(fresh_venv, tmp_path):
    out = tmp_path / "out.json"
    result = subprocess.run(
        [
            str(fresh_venv / "bin" / "evaltool"),
            "check",
            str(ROOT / "examples" / "案卷登记表.xlsx"),
            "--format",
            "json",
            "-o",
            str(out),
            "--review-date",
            "2024-06-30",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr  # the example has veto failures
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["schema_version"] == 2
    assert results["checklist"]["id"] == "national-ordinary"
    assert results["checklist"]["path"] == "national-ordinary.yaml"  # no path of this machine
    assert len(results["cases"]) == 30


def test_every_package_and_template_folder_is_declared():
    """A folder missing from pyproject.toml's packages is left out of a non-editable install (and
    setuptools warns about it at every build)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    declared = set(config["setuptools"]["packages"])
    renamed = {v: k for k, v in config["setuptools"]["package-dir"].items()}
    found = set()
    for top in ("evaltool", "plugins", "templates", "checklists"):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir())]:
            if folder.name == "__pycache__" or not any(f.is_file() for f in folder.iterdir()):
                continue
            parts = folder.relative_to(ROOT).parts
            found.add(".".join((renamed.get(parts[0], parts[0]), *parts[1:])))
    assert found <= declared, sorted(found - declared)


def test_installed_tool_renders_every_document(fresh_venv, tmp_path):
    """Every shipped template renders from the installed package: notices, summary, self-check
    report and the printable checklist sheet."""
    evaltool = str(fresh_venv / "bin" / "evaltool")
    results = tmp_path / "results.json"
    example = str(ROOT / "examples" / "案卷登记表.xlsx")

    def run(*args):
        done = subprocess.run([evaltool, *args], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
        return done

    run("check", example, "--format", "json", "-o", str(results), "--report", "自查报告")
    run(
        "notices",
        str(results),
        "-o",
        "通知书",
        "--config",
        str(ROOT / "examples" / "evaltool.yaml"),
    )
    run("summary", str(results), "-o", "通报", "--config", str(ROOT / "examples" / "evaltool.yaml"))
    run("checklist", "show", "national-ordinary", "--format", "html", "-o", "评分表.html")
    assert list((tmp_path / "自查报告").glob("*.html"))
    assert list((tmp_path / "通知书").glob("*.docx"))
    assert (tmp_path / "通报.html").is_file()
    assert "评查评分表" in (tmp_path / "评分表.html").read_text(encoding="utf-8")


def test_no_top_level_plugins_package_is_installed(fresh_venv):
    (site,) = fresh_venv.glob("lib/python*/site-packages")
    assert not (site / "plugins").exists()
    assert (site / "evaltool" / "builtins" / "checks").is_dir()
    assert (site / "evaltool" / "checklists" / "national-ordinary.yaml").is_file()
    probe = subprocess.run(
        [
            str(fresh_venv / "bin" / "python"),
            "-c",
            "import importlib.util; print(importlib.util.find_spec('plugins'))",
        ],
        capture_output=True,
        text=True,
        cwd="/",
    )
    assert probe.stdout.strip() == "None"


def test_installed_tool_ships_the_default_index_and_its_templates(fresh_venv, tmp_path):
    (site,) = fresh_venv.glob("lib/python*/site-packages")
    assert (site / "evaltool" / "index" / "default.yaml").is_file()
    assert (site / "evaltool" / "templates" / "index" / "report.html.j2").is_file()
    evaltool = str(fresh_venv / "bin" / "evaltool")
    shown = subprocess.run(
        [evaltool, "index", "--show-config"], capture_output=True, text=True, cwd=tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    assert "formula: mean_score" in shown.stdout
    results = tmp_path / "results.json"
    example = str(ROOT / "examples" / "案卷登记表.xlsx")
    subprocess.run(
        [evaltool, "check", example, "--format", "json", "-o", str(results), "--fail-on", "never"],
        capture_output=True,
        cwd=tmp_path,
        check=True,
    )
    computed = subprocess.run(
        [evaltool, "index", str(results), "-o", str(tmp_path / "指数")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert computed.returncode == 0, computed.stderr
    assert (tmp_path / "指数" / "行政执法指数.html").is_file()
