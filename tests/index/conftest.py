"""Fixtures of the index tests: the results of the small district in tests/kit/index.py."""

import pytest

from kit.index import district_results


@pytest.fixture
def results(write_register):
    return district_results(write_register)
