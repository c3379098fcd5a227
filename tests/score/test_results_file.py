"""The results file is written fast and streamed, with the same text the json module writes."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.score.results import dump_json, load_results, to_json
from evaltool.text import dump_json_file, json_text
from kit.documents import review_results

# Values a results document holds: text (Chinese, quotes, control characters), whole numbers,
# scores with two decimals, booleans, null; nested as cases with findings.
SCALARS = (
    st.text(max_size=8)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(min_value=-1000, max_value=1000).map(lambda x: round(x, 2))
    | st.booleans()
    | st.none()
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(data=DOCUMENTS)
def test_file_text_is_json_text(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("json") / "out.json"
    dump_json_file(data, path)
    assert path.read_text(encoding="utf-8") == json_text(data)


def test_keys_that_are_not_text_still_written_as_the_json_module_does(tmp_path):
    path = tmp_path / "out.json"
    dump_json_file({"units": {1: "甲"}, "cases": [{"n": 2**70}]}, path)
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "units": {"1": "甲"},
        "cases": [{"n": 2**70}],
    }


def test_results_of_a_review_round_trip_with_the_same_text(write_register, tmp_path):
    results = review_results(write_register)
    path = tmp_path / "results.json"
    dump_json(results, path)
    assert path.read_text(encoding="utf-8") == to_json(results)
    assert load_results(path) == json.loads(to_json(results))
