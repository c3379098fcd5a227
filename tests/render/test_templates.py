"""Templates: sandboxed, overridable by name, extensible by plugins, with clear errors."""

import pytest

import evaltool
from evaltool.config import ReviewConfig
from evaltool.errors import PluginError
from evaltool.plugins import Registry, build_registry, get_plugin_manager
from evaltool.render import DocumentSet, TemplateError, make_environment, write_notices
from evaltool.render.environment import render_template, shipped_templates
from kit.documents import review_results


@pytest.fixture
def documents(write_register):
    return DocumentSet(review_results(write_register), ReviewConfig(), draft=True)


def test_shipped_templates_are_installed():
    names = {p.name for p in shipped_templates().iterdir()}
    assert {"notice.html.j2", "summary.html.j2", "selfcheck.html.j2", "_base.html.j2"} <= names


def test_a_folder_overrides_one_template_and_the_others_still_render(tmp_path, documents):
    custom = tmp_path / "模板"
    custom.mkdir()
    (custom / "_masthead.html.j2").write_text(
        '<p class="issuer">自定义版头 {{ document.number }}</p>', encoding="utf-8"
    )
    env = make_environment([custom])
    html = render_template(env, "notice.html.j2", documents.notices()[0][1])
    assert "自定义版头 【待填写：发文字号】" in html
    assert "整改通知书" in html  # the shipped notice.html.j2 still renders around it
    summary = render_template(env, "summary.html.j2", documents.summary())
    assert "自定义版头" in summary and "存在的主要问题" in summary


def test_values_are_escaped_in_html(tmp_path, documents):
    context = documents.notices()[0][1]
    context["unit"] = {**context["unit"], "full_name": "<script>alert(1)</script>"}
    html = render_template(make_environment(), "notice.html.j2", context)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "{{ unit.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cases.append(1) }}",
    ],
)
def test_reaching_python_internals_fails_in_the_sandbox(tmp_path, documents, source):
    (tmp_path / "notice.html.j2").write_text(f"第一行\n{source}\n", encoding="utf-8")
    env = make_environment([tmp_path])
    with pytest.raises(TemplateError) as caught:
        render_template(env, "notice.html.j2", documents.notices()[0][1])
    message = str(caught.value)
    assert f"{tmp_path / 'notice.html.j2'}:第 2 行" in message
    assert "沙箱" in message


def test_an_unknown_variable_names_file_and_line(tmp_path, documents):
    (tmp_path / "notice.html.j2").write_text("<p>{{ unit.nmae }}</p>\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"notice.html.j2:第 1 行：模板使用了不存在的变量"):
        render_template(make_environment([tmp_path]), "notice.html.j2", documents.notices()[0][1])


def test_a_syntax_error_names_file_and_line(tmp_path, documents):
    (tmp_path / "notice.html.j2").write_text("<p>\n{% if unit %}\n</p>\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"notice.html.j2:第 \d 行：模板语法错误"):
        render_template(make_environment([tmp_path]), "notice.html.j2", documents.notices()[0][1])


def test_a_missing_template_folder_is_an_error(tmp_path):
    with pytest.raises(TemplateError, match="模板文件夹不存在"):
        make_environment([tmp_path / "没有"])


class TemplatePlugin:
    @evaltool.hookimpl
    def evaltool_register_template_extras(self, register):
        register("shout", lambda text: f"{text}！")
        register("hotline", "12345", kind="variable")


class OverridingPlugin:
    @evaltool.hookimpl
    def evaltool_register_template_extras(self, register):
        register("mask", lambda text: text)


def _registry(*plugins) -> Registry:
    """The built-in plugins and ``plugins``, as a command loads them."""
    pm = get_plugin_manager()
    for plugin in plugins:
        pm.register(plugin)
    return build_registry(pm)


def test_hook_evaltool_register_template_extras(tmp_path, documents):
    (tmp_path / "_masthead.html.j2").write_text(
        '<p class="issuer">{{ "请整改"|shout }}热线{{ hotline }}</p>', encoding="utf-8"
    )
    env = make_environment([tmp_path], _registry(TemplatePlugin()))
    written = write_notices(documents, env, tmp_path / "out", ["md"])
    assert "请整改！热线12345" in written[0].paths[0].read_text(encoding="utf-8")


def test_plugins_cannot_replace_the_masking_filter():
    registry = _registry(OverridingPlugin())  # checks and readers load; templates are refused
    assert "officers.min_two" in registry.checks
    with pytest.raises(PluginError, match="「mask」已存在"):
        make_environment([], registry)


def test_plugins_cannot_replace_jinja_filters():
    class UpperPlugin:
        @evaltool.hookimpl
        def evaltool_register_template_extras(self, register):
            register("upper", lambda text: text)

    with pytest.raises(PluginError, match="「upper」已存在"):
        make_environment([], _registry(UpperPlugin()))
