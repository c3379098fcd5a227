"""Installed plugins (entry points) are found at every start; that none is installed is remembered
only as long as the package folders stay as they are."""

import sys
import textwrap

import pluggy
import pytest

from evaltool.cache import ENVIRONMENT
from evaltool.plugins import build_registry, get_plugin_manager, plugin_version

PLUGIN = textwrap.dedent(
    """
    import evaltool

    @evaltool.hookimpl
    def evaltool_register_checks(register):
        register("hotline.present", lambda case, params, ctx: evaltool.passed("有热线"))
    """
)


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """A package folder on sys.path (as site-packages is), with nothing installed yet."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "缓存"))
    monkeypatch.syspath_prepend(str(folder))
    return folder


def install(folder, monkeypatch):
    """What pip leaves in site-packages for a plugin package (module, dist-info with entry point)."""
    (folder / "evaltool_hotline.py").write_text(PLUGIN, encoding="utf-8")
    info = folder / "evaltool_hotline-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: evaltool-hotline\nVersion: 1.2\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[evaltool]\nhotline = evaltool_hotline\n", encoding="utf-8"
    )
    monkeypatch.delitem(sys.modules, "evaltool_hotline", raising=False)


def test_a_plugin_installed_after_a_command_found_none_is_found(packages, monkeypatch):
    assert "hotline.present" not in build_registry(get_plugin_manager()).checks
    install(packages, monkeypatch)
    pm = get_plugin_manager()
    registry = build_registry(pm)
    assert registry.checks["hotline.present"].plugin == "hotline"
    assert plugin_version(pm, pm.get_plugin("hotline")) == "1.2"


def test_with_no_plugin_installed_the_packages_are_searched_once(packages, monkeypatch):
    get_plugin_manager()
    (packages / "results.json").write_text("{}", encoding="utf-8")  # output in a folder on the path

    def searched(self, group, name=None):
        raise AssertionError("the installed packages were searched again")

    monkeypatch.setattr(pluggy.PluginManager, "load_setuptools_entrypoints", searched)
    assert get_plugin_manager().has_plugin("evaltool.builtins.checks.officers")


def test_an_installed_plugin_is_loaded_at_every_start(packages, monkeypatch):
    install(packages, monkeypatch)
    for _ in range(2):
        assert "hotline.present" in build_registry(get_plugin_manager()).checks
