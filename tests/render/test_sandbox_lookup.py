"""Templates look up a dict's items and a loop's values quickly, and exactly as Jinja's sandbox
does."""

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from evaltool.render import make_environment

ROW = {"party": "张某", "items": ["甲", "乙"], "get": "值", "_hidden": "内部"}


@pytest.mark.parametrize(
    "source",
    [
        "{{ row.party }}",
        "{{ row.items }}",  # a dict's own method wins over its item, as in the sandbox
        "{{ row.get('party') }}",
        "{{ row['items']|join('、') }}",
        "{{ row._hidden }}",
        "{{ row.missing is defined }}",
        "{% for x in row['items'] %}{{ loop.index }}/{{ loop.length }}{{ loop.first }}"
        "{{ loop.last }}{{ loop.revindex }}{{ loop.index0 }}{{ loop.depth }}{% endfor %}",
        "{% for x in row['items'] %}{{ loop.cycle('单', '双') }}{{ loop.nextitem is defined }}{% endfor %}",
        "{% for x in row['items'] %}{{ loop._length is defined }}{% endfor %}",
    ],
)
def test_a_dict_is_looked_up_as_the_sandbox_looks_it_up(source):
    ours = make_environment().from_string(source).render(row=ROW)
    stock = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    assert ours == stock.from_string(source).render(row=ROW)


def test_a_missing_item_is_still_an_error_naming_it():
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        make_environment().from_string("{{ row.missing }}").render(row=ROW)


def test_a_dicts_methods_that_change_it_stay_refused():
    with pytest.raises(jinja2.exceptions.SecurityError):
        make_environment().from_string("{{ row.pop('party') }}").render(row=dict(ROW))


def test_a_loops_internals_stay_refused():
    with pytest.raises(jinja2.exceptions.SecurityError):
        make_environment().from_string(
            "{% for x in [1] %}{{ loop.__init__.__globals__ }}{% endfor %}"
        ).render()
