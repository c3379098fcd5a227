"""Documents print data escaped exactly as Jinja's autoescape with markupsafe does: no raw tag
from the data, no markup of a template or filter escaped twice."""

import jinja2
from hypothesis import given
from hypothesis import strategies as st
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from evaltool.render import make_environment
from evaltool.render.environment import escaped

TEXT = st.lists(st.sampled_from([*"<>&'\"甲 a;#", "&amp;", "<b>"]), max_size=8).map("".join)


class Shown:
    """An object that knows its HTML, as a plugin's value may."""

    def __init__(self, html):
        self.html = html

    def __html__(self):
        return self.html


VALUES = st.one_of(
    TEXT,
    TEXT.map(Markup),
    TEXT.map(Shown),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
)


@given(VALUES)
def test_a_printed_value_is_escaped_as_markupsafe_escapes_it(value):
    assert escaped(value) == str(escape(value))


TEMPLATES = {
    "_macros.html.j2": (
        "{% macro cell(text) %}<td>{{ text }}</td>{% endmacro %}"
        "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}"
    ),
    "_base.html.j2": "<main>{% block body %}<p>{{ value }}</p>{% endblock %}</main>",
    "page.html.j2": (
        '{% extends "_base.html.j2" %}{% import "_macros.html.j2" as m %}'
        "{% block body %}{{ super() }}{% set held %}<i>{{ value }}</i>{% endset %}"
        "{{ held }}{{ m.cell(value) }}{{ m.cell(value|upper) }}"
        "{% call m.wrap() %}{{ value }}{% endcall %}"
        "{% filter upper %}{{ value }}<em>{% endfilter %}"
        "{{ values|join('<br>') }}{{ value ~ '<' }}{{ marked }}{{ values|length }}"
        "{% autoescape false %}{{ value }}{% endautoescape %}{% endblock %}"
    ),
}


def _stock() -> jinja2.Environment:
    return ImmutableSandboxedEnvironment(
        loader=jinja2.DictLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@given(TEXT, st.lists(TEXT, max_size=3), TEXT)
def test_templates_render_exactly_as_with_jinjas_own_escaping(value, values, marked):
    ours = make_environment()
    ours.loader = jinja2.DictLoader(TEMPLATES)
    context = {"value": value, "values": values, "marked": Markup(marked)}
    assert ours.get_template("page.html.j2").render(context) == (
        _stock().get_template("page.html.j2").render(context)
    )


def test_data_never_prints_as_markup():
    template = make_environment().from_string("{{ party }}")
    assert template.render(party="<script>'1'</script>&") == (
        "&lt;script&gt;&#39;1&#39;&lt;/script&gt;&amp;"
    )
