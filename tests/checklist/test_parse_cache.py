"""Shipped standards are parsed once and then read from the user's cache folder: the same
standard, a changed file never meets an old parse, a bad or foreign entry is ignored, and
nothing is written beside the inputs."""

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import evaltool.yamlfile
from evaltool.cache import ENVIRONMENT, entry_path
from evaltool.checklist.load import load_checklist, shipped_checklists
from evaltool.errors import ChecklistError
from evaltool.yamlfile import read_yaml
from kit.checklists import one_item_checklist

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = shipped_checklists()["national-ordinary"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "缓存"
    monkeypatch.setenv(ENVIRONMENT, str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle")) if folder.exists() else []


def no_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(evaltool.yamlfile, "parse_yaml", refuse)


def test_a_shipped_standard_is_read_from_the_cache_the_second_time(cache, registry, monkeypatch):
    first = load_checklist("national-ordinary", registry.checks)
    assert len(entries(cache)) == 1
    no_parsing(monkeypatch)
    second = load_checklist("national-ordinary", registry.checks)
    assert second == first
    assert [(i.id, i.origin) for i in second.items] == [(i.id, i.origin) for i in first.items]


def test_a_changed_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "标准.yaml"
    shutil.copy(NATIONAL, path)
    assert read_yaml(path, error=ChecklistError, what="评查标准文件", cache=True)["id"]
    path.write_text(
        NATIONAL.read_text(encoding="utf-8").replace("id: national-ordinary", "id: 改过的"),
        encoding="utf-8",
    )
    data = read_yaml(path, error=ChecklistError, what="评查标准文件", cache=True)
    assert data["id"] == "改过的" and len(entries(cache)) == 2


@pytest.mark.parametrize("entry", [b"", b"\x80\x05garbage", pickle.dumps([1, 2, 3])[:-3]])
def test_a_damaged_entry_is_ignored(cache, monkeypatch, entry):
    content = NATIONAL.read_bytes()
    read_yaml(NATIONAL, error=ChecklistError, what="评查标准文件", cache=True)
    entry_path("yaml", content).write_bytes(entry)
    data = read_yaml(NATIONAL, error=ChecklistError, what="评查标准文件", cache=True)
    assert data["id"] == "national-ordinary" and data.lines["id"] > 0


class _Payload:
    """A pickle that would run a command when loaded by a plain unpickler."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_an_entry_that_would_run_code_is_refused(cache, tmp_path):
    marker = tmp_path / "被执行.txt"
    path = entry_path("yaml", NATIONAL.read_bytes())
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(_Payload(marker)))
    data = read_yaml(NATIONAL, error=ChecklistError, what="评查标准文件", cache=True)
    assert data["id"] == "national-ordinary"
    assert not marker.exists()


def test_an_empty_setting_switches_the_cache_off(tmp_path, monkeypatch, registry):
    monkeypatch.setenv(ENVIRONMENT, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_checklist("national-ordinary", registry.checks)
    assert list(tmp_path.rglob("*.pickle")) == []


def test_a_users_own_standard_is_not_cached(cache, tmp_path, registry):
    path = tmp_path / "本单位标准.yaml"
    path.write_text(yaml.safe_dump(one_item_checklist("officers.min_two"), allow_unicode=True))
    load_checklist(path, registry.checks)
    assert entries(cache) == []


def test_an_unwritable_cache_folder_does_not_stop_a_load(tmp_path, monkeypatch, registry):
    blocker = tmp_path / "文件"
    blocker.write_text("不是文件夹", encoding="utf-8")
    monkeypatch.setenv(ENVIRONMENT, str(blocker / "缓存"))
    assert load_checklist("national-ordinary", registry.checks).id == "national-ordinary"


def test_check_loads_no_parser_template_engine_or_office_library_once_cached(cache, tmp_path):
    """The second check of the example register reads the standards from the cache, and
    remembers that no plugin package is installed."""
    code = (
        "import sys\nfrom evaltool.cli import main\n"
        f"sys.argv=['evaltool','check',{str(ROOT / 'examples' / '案卷登记表.xlsx')!r},"
        "'--review-date','2024-06-30','--fail-on','never']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('yaml','jinja2','openpyxl','cn2an','docx','evaltool.render',"
        "'multiprocessing','importlib.metadata') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
        ).stdout
        for _ in range(2)
    ]
    assert "'yaml'" in runs[0].splitlines()[-1]  # the first run parses and keeps the parses
    assert runs[1].splitlines()[-1] == "HEAVY []", runs[1][-500:]
    assert list(tmp_path.iterdir()) == [cache]  # nothing beside the inputs or in the working folder
