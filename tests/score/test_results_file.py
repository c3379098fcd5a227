"""The results file is written fast and streamed, with the same text the json module writes."""

import json

from hypothesis import given, settings

from evaltool.score.results import dump_json, load_results, to_json
from evaltool.text import dump_json_file, json_text
from kit.documents import review_results
from kit.strategies import JSON_VALUES


@settings(max_examples=200, deadline=None)
@given(data=JSON_VALUES)
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
