"""The sandboxed Jinja environment documents are rendered in (docs/templates.md).

Templates are looked up in the user's folders first (``--templates``, the
config's ``templates``), then in the shipped ``evaltool.templates``, so a folder
overrides any shipped template by file name. Templates run in Jinja's immutable
sandbox with strict undefined variables and autoescape for HTML; plugins add
filters and variables through ``evaltool_register_template_extras``.
"""

import importlib.resources
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from evaltool.errors import EvaltoolError, PluginError
from evaltool.plugins import Registry, load_registry


class TemplateError(EvaltoolError):
    """A template that cannot be found, parsed or rendered; the message names file and line."""


def shipped_templates() -> Path:
    """The folder of templates that ship with evaltool."""
    return Path(str(importlib.resources.files("evaltool.templates")))


def _autoescape(name: str | None) -> bool:
    """Escape in HTML and XML templates (``notice.html.j2``) and in templates built from strings."""
    if name is None:
        return True
    suffixes = Path(name).suffixes
    return any(s in (".html", ".htm", ".xml", ".svg") for s in suffixes)


_DICT_ATTRIBUTES = frozenset(dir(dict))
# The plain values a for loop's ``loop`` offers (``loop.index`` …): nothing the sandbox could refuse.
_LOOP_VALUES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
)


def escaped(value: Any) -> str:
    """What autoescape prints for ``{{ value }}``: markupsafe's ``escape``, as plain text.

    Jinja makes Markup of every output it captures (a macro's, a block's, ``{% set %}``'s), so
    the pieces printed need not each be Markup; making one per printed value cost as much as
    the rest of rendering a notice of 10^4 rows.
    """
    if value.__class__ is not str:
        if hasattr(value, "__html__"):
            return str(value.__html__())
        value = str(value)
    return (  # markupsafe's entities, exactly
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


class DocumentTemplate(jinja2.Template):
    """A compiled template whose ``{{ }}`` output is escaped by ``escaped``."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = escaped  # the name compiled templates print through
        return super()._from_namespace(environment, namespace, globals)


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with ``row.party`` on a plain dict looked up as the item it
    is: the sandbox first asks for a Python attribute, which a dict of data has not, and
    handles the AttributeError, for every cell of every row of a long notice. A dict's own
    attributes (``items``, ``get``) still go through the sandbox as before. ``loop.index`` and
    the loop's other plain values are read directly too (a row number in every row)."""

    template_class = DocumentTemplate

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        if kind is LoopContext and attribute in _LOOP_VALUES:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)


def make_environment(
    template_dirs: Iterable[str | Path | None] = (), registry: Registry | None = None
) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment over the user's template folders, then the shipped templates,
    with the template filters and variables the plugins registered (built-in ones included)."""
    folders = []
    for folder in template_dirs:
        if folder is None:
            continue
        folder = Path(folder)
        if not folder.is_dir():
            raise TemplateError(f"模板文件夹不存在：{folder}")
        folders.append(str(folder))
    folders.append(str(shipped_templates()))
    env = DocumentEnvironment(
        loader=jinja2.FileSystemLoader(folders, encoding="utf-8"),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    registry = registry or load_registry()
    env.filters.update(registry.filters)
    env.globals.update(registry.variables)
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render a template; any failure becomes a TemplateError in Chinese with file and line."""
    with template_errors(env, name):
        return env.get_template(name).render(context)


@contextmanager
def template_errors(env: jinja2.Environment, name: str) -> Iterator[None]:
    """Turn any failure of rendering template ``name`` into a TemplateError in Chinese that names
    the template file (and the line, where Jinja knows it)."""
    try:
        yield
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"找不到模板「{exc.name}」（查找位置：{'、'.join(env.loader.searchpath)}）"
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        where = _where(exc.filename or exc.name or name, exc.lineno)
        raise TemplateError(f"{where}：模板语法错误：{exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            f"{_where_in_traceback(exc, env, name)}：模板试图访问不安全的 Python 内部属性或方法，"
            f"已被沙箱阻止（{exc}）"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"{_where_in_traceback(exc, env, name)}：模板使用了不存在的变量或属性（{exc}），"
            "可用变量见 docs/templates.md"
        ) from exc
    except (PluginError, TemplateError):
        raise
    except Exception as exc:
        raise TemplateError(
            f"{_where_in_traceback(exc, env, name)}：渲染失败：{type(exc).__name__}: {exc}"
        ) from exc


def _where(filename: str, line: int | None) -> str:
    return f"模板 {filename}:第 {line} 行" if line else f"模板 {filename}"


def _where_in_traceback(exc: BaseException, env: jinja2.Environment, name: str) -> str:
    """The innermost template frame of a rendering error (Jinja maps frames to template lines)."""
    folders = tuple(env.loader.searchpath)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(folders):
            return _where(frame.filename, frame.lineno)
    return _where(name, None)
