"""Fixtures of the checklist tests: checklist YAML written into tmp_path."""

import textwrap

import pytest


@pytest.fixture
def write_checklist(tmp_path):
    """Write checklist YAML (dedented) to ``tmp_path / name``; returns its path."""

    def write(text: str, name: str = "checklist.yaml"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
