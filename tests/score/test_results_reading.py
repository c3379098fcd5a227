"""Reading results files at scale: a case at a time, keeping only the findings a command reads,
with the same documents as reading the whole file (issue 17)."""

import json
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.errors import EvaltoolError
from evaltool.score.results import load_results, upgrade
from evaltool.text import _read_streamed, dump_json_file, read_json
from kit.strategies import JSON_VALUES

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "district"
DEMO_RESULTS = DEMO / "previous" / "2022年度评查结果.json"

# A results-like document: a top-level object whose values are often lists of items.
DOCUMENTS = st.dictionaries(st.text(max_size=6), JSON_VALUES | st.lists(JSON_VALUES, max_size=5))

# Layouts a results file may have when it was not written by evaltool (re-saved by another tool).
OTHER_LAYOUTS = {
    "compact": lambda data: json.dumps(data, ensure_ascii=False),
    "indent 4": lambda data: json.dumps(data, ensure_ascii=False, indent=4),
    "ascii": lambda data: json.dumps(data, indent=2),
    "CRLF": lambda data: json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\r\n"),
    "no final newline": lambda data: json.dumps(data, ensure_ascii=False, indent=2),
}


def odd_items(document, key, item):
    """Keep the items of lists whose key is short, and of the others only the odd numbers."""
    return len(key) < 3 or (isinstance(item, int) and item % 2 == 1)


def filtered(data):
    """``odd_items`` applied to a parsed document, as the reader should apply it."""
    if not isinstance(data, dict):
        return data
    kept = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = [i for i in value if odd_items(kept, key, i)]
        kept[key] = value
    return kept


@settings(max_examples=200, deadline=None)
@given(data=DOCUMENTS)
def test_every_file_evaltool_writes_is_read_a_piece_at_a_time(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("json") / "results.json"
    dump_json_file(data, path)
    expected = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and data:
        with path.open("rb") as handle:  # never the slower whole-file reading
            assert _read_streamed(handle, None) == expected
    assert read_json(path, "评查结果文件") == expected
    assert read_json(path, "评查结果文件", odd_items) == filtered(expected)


@settings(max_examples=100, deadline=None)
@given(data=DOCUMENTS, layout=st.sampled_from(sorted(OTHER_LAYOUTS)))
def test_files_laid_out_otherwise_read_the_same(tmp_path_factory, data, layout):
    path = tmp_path_factory.mktemp("json") / "results.json"
    path.write_bytes(OTHER_LAYOUTS[layout](data).encode("utf-8"))
    assert read_json(path, "评查结果文件") == data
    assert read_json(path, "评查结果文件", odd_items) == filtered(data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut off while copying
        lambda text: text.replace('"b": [', '"b" [', 1),
        lambda text: text.replace("1,\n", "1\n", 1),  # a comma lost by hand editing
        lambda text: text + "{}",
    ],
)
def test_a_damaged_file_is_refused_in_chinese(tmp_path, damage):
    path = tmp_path / "results.json"
    dump_json_file({"a": 1, "b": [{"c": 1}, {"c": 2}]}, path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(EvaltoolError, match=r"results\.json：无法读取评查结果文件"):
        read_json(path, "评查结果文件")


def test_a_workbook_given_as_results_is_named(tmp_path):
    path = tmp_path / "results.json"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    with pytest.raises(EvaltoolError, match="这是 Excel 工作簿"):
        load_results(path)


def test_a_version_1_file_counts_every_finding_before_keeping_some(tmp_path):
    data = json.loads(DEMO_RESULTS.read_text(encoding="utf-8"))
    data["schema_version"] = 1
    del data["review"]  # a check file of version 1: its 待核对 findings decide what was assessed
    case = data["cases"][0]
    case["findings"] = [
        {"item_id": i["id"], "outcome": "needs_review", "check": i["check"]}
        for i in data["checklist"]["items"][:2]
    ] + [{"item_id": "X", "outcome": "fail", "check": None, "deduction": 1.0}]
    path = tmp_path / "v1.json"
    dump_json_file(data, path)
    whole = upgrade(json.loads(path.read_text(encoding="utf-8")))
    kept = load_results(path, findings=lambda f: f["outcome"] == "fail")
    assert kept["cases"][0]["needs_review"] == whole["cases"][0]["needs_review"] == 2
    assert [f["item_id"] for f in kept["cases"][0]["findings"]] == ["X"]


# -- the commands that read results: the same outputs as reading everything -----------------


def whole_file(path, findings=None):
    """How results were read before: the whole file parsed at once, every finding kept."""
    return upgrade(json.loads(Path(path).read_text(encoding="utf-8")))


READERS = ("documents", "workflow", "rectify", "index")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def contents(folder: Path) -> dict[str, object]:
    """Every file written, by name: text as is; JSON and workbooks without the time of writing."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            data.pop("generated_at", None)
            found[name] = data
        elif path.suffix == ".xlsx":
            workbook = load_workbook(path)
            found[name] = [
                (sheet.title, cell.coordinate, cell.value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows()
                for cell in row
                if not TIMESTAMP.match(str(cell.value))
            ]
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def commands(results: Path, config: Path, out: Path) -> list[list[str]]:
    both = ["--format", "html", "--format", "md", "--config", str(config)]
    return [
        ["notices", str(results), "-o", str(out / "通知书"), *both],
        ["summary", str(results), "-o", str(out / "通报"), *both],
        ["ledger", str(results), "-o", str(out / "台账.xlsx"), "--config", str(config)],
        ["diff", str(results), str(results), "--format", "json", "-o", str(out / "比较.json")],
        ["index", str(results), "-o", str(out / "指数"), "--config", str(config)],
    ]


def outputs(runner, results: Path, config: Path, out: Path) -> dict[str, object]:
    for args in commands(results, config, out):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args[0], result.output)
    return contents(out)


@pytest.fixture(params=["demo review", "demo check with --include-pass"])
def reviewed(request, runner, tmp_path):
    """A results file of the demo district (a review with reviewers' marks that overrule
    checks; or every automatic finding, passes, 不适用 and 待核对 too) and its review config."""
    if request.param == "demo review":
        return DEMO_RESULTS, DEMO / "evaltool.yaml"
    path = tmp_path / "results.json"
    registers = [str(p) for p in sorted((DEMO / "registers").glob("*.xlsx"))]
    args = ["check", *registers, "--checklist", "chongqing", "--review-date", "2024-03-29"]
    args += ["--include-pass", "--fail-on", "never", "--format", "json", "-o", str(path)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return path, DEMO / "evaltool.yaml"


def test_commands_write_the_same_outputs_as_when_reading_the_whole_file(
    runner, reviewed, tmp_path, monkeypatch
):
    results, config = reviewed
    now = outputs(runner, results, config, tmp_path / "now")
    for module in READERS:
        monkeypatch.setattr(f"evaltool.cli.{module}.load_results", whole_file)
    before = outputs(runner, results, config, tmp_path / "before")
    assert now.keys() == before.keys()
    assert len(now) > 10
    for name in now:
        assert now[name] == before[name], name


def test_results_given_through_a_pipe_are_read(tmp_path):
    """e.g. ``evaltool diff <(zcat 2022.json.gz) 2023.json``: a pipe is read once, whole
    (here in a layout that is not evaltool's, which a regular file would read twice)."""
    data = {"schema_version": 2, "cases": [{"unit": "甲"}], "units": []}
    pipe = tmp_path / "results.json"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(json.dumps(data)))
    writer.start()
    assert read_json(pipe, "评查结果文件") == data
    writer.join()
