"""``--format json``: the results document as JSON (docs/results.md)."""

import evaltool
from evaltool.score.results import dump_json, to_json


@evaltool.hookimpl
def evaltool_register_reporters(register):
    register("json", to_json, suffix=".json", write=dump_json)
