"""Test helpers in one place, by subject; test modules import them as ``from kit.<subject> import …``.

Fixtures stay in conftest.py files (tests/conftest.py for shared ones, one per area folder).
"""
