"""The plugin manager and the registry: built-in plugins, installed ones (entry-point group
``evaltool``), local files.

Built-in plugins are registered exactly like third-party ones; everything the tool can do
with checks, readers, output formats, review standards and template extras comes from the
one ``Registry`` built here from the ``register_*`` hooks. A command builds it once
(``load_registry``) and passes it to every library call.
"""

import importlib
import importlib.util
import os
import pkgutil
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from evaltool import hookspecs
from evaltool.cache import load_entry, store_entry
from evaltool.check.spec import Check, CheckInfo
from evaltool.checklist.load import ChecklistSource
from evaltool.errors import PluginError
from evaltool.output import write_atomic
from evaltool.read.reader import Reader
from evaltool.version import __version__

ENTRY_POINT_GROUP = "evaltool"


def builtin_plugin_names() -> list[str]:
    """Every public module under ``evaltool.builtins`` (the top-level plugins/ folder) is a plugin."""
    import evaltool.builtins

    return sorted(
        info.name
        for info in pkgutil.walk_packages(evaltool.builtins.__path__, "evaltool.builtins.")
        if not info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_")
    )


@dataclass(frozen=True)
class Reporter:
    """An output format selectable with ``--format``.

    ``write(results, path)``, when given, writes the output file itself (streamed,
    for large outputs); otherwise a file gets the text of ``render``.
    """

    name: str
    render: Callable[[dict[str, Any]], str]
    suffix: str
    plugin: str
    write: Callable[[dict[str, Any], Path], None] | None = None

    def write_file(self, results: dict[str, Any], path: str | Path) -> Path:
        """Write the output for ``results`` to ``path`` atomically."""
        if self.write is None:
            return write_atomic(path, self.render(results))
        return write_atomic(path, lambda tmp: self.write(results, tmp))


BUILTIN_PROVIDER = "内置"
EXTRA_KINDS = ("filter", "variable")


@dataclass
class Registry:
    """What the loaded plugins provide, by name, and the manager whose hooks a run calls.

    Template filters and variables are collected on first use: only documents need them,
    and collecting them loads the built-in filters and Jinja.
    """

    pm: pluggy.PluginManager
    checks: dict[str, Check] = field(default_factory=dict)
    readers: dict[str, Reader] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    checklists: dict[str, ChecklistSource] = field(default_factory=dict)
    provided: dict[str, list[str]] = field(default_factory=dict)  # plugin -> what it registered
    _extras: "TemplateExtras | None" = field(default=None, repr=False)

    @property
    def hook(self):
        """The listen-only hooks (``evaltool_case_scored``, ``evaltool_run_finished``)."""
        return self.pm.hook

    @property
    def filters(self) -> dict[str, Callable]:
        """Template filters that plugins add."""
        return self.template_extras().filters

    @property
    def variables(self) -> dict[str, Any]:
        """Template variables that plugins add."""
        return self.template_extras().variables

    def template_extras(self) -> "TemplateExtras":
        """The filters and variables of every ``evaltool_register_template_extras`` hook,
        collected once; a plugin that registers an invalid one raises PluginError."""
        if self._extras is None:
            extras = TemplateExtras()
            _call_registrars(self, "evaltool_register_template_extras", _extras_registrar, extras)
            self._extras = extras
        return self._extras


@dataclass
class TemplateExtras:
    """Template filters and variables plugins add, by name."""

    filters: dict[str, Callable] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)


def load_registry(local_plugins: Iterable[str | Path] = ()) -> Registry:
    """The registry of built-in, installed and the given local plugins: built once per command."""
    return build_registry(get_plugin_manager(local_plugins))


_HOOKABLE = (types.FunctionType, types.MethodType, staticmethod, classmethod)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to register a plugin module.

    pluggy looks at every name of a plugin (with ``inspect.getattr_static``, about 550 names for
    the built-in modules: their imports, constants and helpers). In a module, only a marked
    function can be a hook implementation, so every other name is passed over at once; the
    hooks found are the same.
    """

    def parse_hookimpl_opts(self, plugin, name: str):
        if isinstance(plugin, types.ModuleType):
            value = vars(plugin).get(name)
            if not isinstance(value, _HOOKABLE):
                return None
            marker = f"{self.project_name}_impl"  # what hookimpl sets on an implementation
            if isinstance(value, types.FunctionType) and not hasattr(value, marker):
                return None
        return super().parse_hookimpl_opts(plugin, name)


def get_plugin_manager(local_plugins: Iterable[str | Path] = ()) -> pluggy.PluginManager:
    """A manager with built-in, installed and (only when asked) local plugins."""
    pm = PluginManager("evaltool")
    pm.add_hookspecs(hookspecs)
    for name in builtin_plugin_names():
        pm.register(importlib.import_module(name), name=name)
    _load_installed_plugins(pm)
    for path in local_plugins:
        pm.register(_load_plugin_file(Path(path)))
    return pm


NONE_INSTALLED = "none"


def _load_installed_plugins(pm: pluggy.PluginManager) -> None:
    """Plugins installed as packages (entry-point group ``evaltool``).

    Finding them means loading importlib.metadata and reading the metadata of every installed
    package, about 15 ms at each start. When that finds none, the answer is kept in the user's
    cache for the installed packages as they stand: after installing, upgrading or removing
    one, the next command looks again.
    """
    folders = _package_folders()
    if load_entry("plugins", folders, frozenset()) == NONE_INSTALLED:
        return
    if pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP) == 0:
        store_entry("plugins", folders, NONE_INSTALLED)


def _package_folders() -> bytes:
    """The metadata folders of the installed packages on sys.path, each with the time it last
    changed: installing, upgrading or removing a package changes them (and nothing else does)."""
    found = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                found += [
                    (entry, item.name, item.stat().st_mtime_ns)
                    for item in listing
                    if item.name.endswith((".dist-info", ".egg-info"))
                ]
        except NotADirectoryError:  # a zip archive of packages
            found.append((entry, "", os.stat(entry).st_mtime_ns))
        except OSError:
            continue
    return repr(sorted(found)).encode()


def _load_plugin_file(path: Path):
    if not path.is_file():
        raise PluginError(f"插件文件不存在：{path}")
    module_name = f"evaltool_local_plugin_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken local plugin is an input error, not a crash
        raise PluginError(f"插件文件 {path} 加载失败：{type(exc).__name__}: {exc}") from exc
    sys.modules[module_name] = module
    return module


def plugin_name(pm: pluggy.PluginManager, plugin: object) -> str:
    """The name a plugin is known by: its module name or entry-point name."""
    return pm.get_name(plugin) or getattr(plugin, "__name__", repr(plugin))


def plugin_version(pm: pluggy.PluginManager, plugin: object) -> str:
    """The version of the distribution that provides a plugin (evaltool's own for built-ins)."""
    for dist_plugin, dist in pm.list_plugin_distinfo():
        if dist_plugin is plugin:
            return dist.version
    if getattr(plugin, "__name__", "").startswith("evaltool."):
        return __version__
    return getattr(plugin, "__version__", "")


def build_registry(pm: pluggy.PluginManager) -> Registry:
    """Call every ``register_*`` hook, one plugin at a time, and collect what each provides."""
    registry = Registry(pm)
    for plugin in pm.get_plugins():
        registry.provided[plugin_name(pm, plugin)] = []
    registrars = {
        "evaltool_register_checks": _check_registrar,
        "evaltool_register_readers": _reader_registrar,
        "evaltool_register_reporters": _reporter_registrar,
        "evaltool_register_checklists": _checklist_registrar,
    }  # template extras: on first use (Registry.template_extras)
    for hook_name, registrar in registrars.items():
        _call_registrars(registry, hook_name, registrar)
    return registry


def _call_registrars(registry: Registry, hook_name: str, registrar: Callable, *more) -> None:
    """Call one ``register_*`` hook, each plugin with its own ``register`` function."""
    for impl in getattr(registry.pm.hook, hook_name).get_hookimpls():
        impl.function(register=registrar(registry, impl.plugin_name, *more))


def _check_registrar(registry: Registry, plugin: str) -> Callable:
    def register(check_id: str, func: Callable) -> None:
        if check_id in registry.checks:
            other = registry.checks[check_id].plugin
            raise PluginError(f"检查编号 {check_id} 被重复注册（{other} 与 {plugin}）")
        info = getattr(func, "__evaltool_check__", None) or CheckInfo(title=check_id, basis="")
        registry.checks[check_id] = Check(check_id, func, info, plugin)
        registry.provided[plugin].append(f"检查 {check_id}")

    return register


def _reader_registrar(registry: Registry, plugin: str) -> Callable:
    def register(reader: Any) -> None:
        registry.readers[reader.name] = reader
        registry.provided[plugin].append(f"读取器 {reader.name}（{'、'.join(reader.suffixes)}）")

    return register


def _reporter_registrar(registry: Registry, plugin: str) -> Callable:
    def register(
        name: str, render: Callable, *, suffix: str = ".txt", write: Callable | None = None
    ) -> None:
        registry.reporters[name] = Reporter(name, render, suffix, plugin, write)
        registry.provided[plugin].append(f"输出格式 {name}")

    return register


def _checklist_registrar(registry: Registry, plugin: str) -> Callable:
    def register(checklist_id: str, path: str | Path) -> None:
        path = Path(str(path))
        if checklist_id in registry.checklists:
            owner = registry.checklists[checklist_id].provider
            raise PluginError(f"评查标准编号 {checklist_id} 被重复注册（{owner} 与 {plugin}）")
        if not path.is_file():
            raise PluginError(f"插件 {plugin} 注册的评查标准 {checklist_id} 的文件不存在：{path}")
        provider = BUILTIN_PROVIDER if plugin.startswith("evaltool.builtins.") else plugin
        registry.checklists[checklist_id] = ChecklistSource(checklist_id, path, provider)
        registry.provided[plugin].append(f"评查标准 {checklist_id}")

    return register


def _extras_registrar(registry: Registry, plugin: str, extras: TemplateExtras) -> Callable:
    def register(name: str, value: Any, *, kind: str = "filter") -> None:
        if kind not in EXTRA_KINDS:
            raise PluginError(f"模板扩展「{name}」的类型应为 filter 或 variable，实际为「{kind}」")
        from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE  # loaded only when used

        table = extras.filters if kind == "filter" else extras.variables
        reserved = DEFAULT_FILTERS if kind == "filter" else DEFAULT_NAMESPACE
        if name in table or name in reserved:
            what = "过滤器" if kind == "filter" else "变量"
            raise PluginError(f"模板{what}「{name}」已存在，插件不能覆盖")
        if kind == "filter" and not callable(value):
            raise PluginError(f"模板过滤器「{name}」应为函数")
        table[name] = value
        registry.provided[plugin].append(f"模板{'过滤器' if kind == 'filter' else '变量'} {name}")

    return register
