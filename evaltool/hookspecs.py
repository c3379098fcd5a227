"""Every hook evaltool calls. Plugins implement them with ``@evaltool.hookimpl``.

The ``register_*`` hooks receive a ``register`` function and call it once per
thing they provide (in the manner of simonw/llm). The other hooks are
listen-only: evaltool ignores what they return. docs/plugins.md documents each
hook; tests/plugins/test_hooks.py fails when one is undocumented or untested.
"""

import pluggy

hookspec = pluggy.HookspecMarker("evaltool")
hookimpl = pluggy.HookimplMarker("evaltool")
"""Marker for plugin hook implementations: ``@evaltool.hookimpl`` (``from evaltool import hookimpl``)."""


@hookspec
def evaltool_register_checks(register):
    """Register automatic checks: ``register("officers.min_two", func)``.

    ``func(case, params, ctx)`` returns a ``Verdict`` (see ``evaltool.check.spec``);
    decorate it with ``@evaltool.check.spec.check_info(...)`` to declare its
    title, legal basis, the fields it reads and its parameters. Check ids are
    public and never change meaning.
    """


@hookspec
def evaltool_register_readers(register):
    """Register register readers: ``register(reader)``.

    A reader has ``name``, ``suffixes`` (e.g. ``(".xlsx",)``) and
    ``read(path, *, review_date, note) -> list[Register]``; it raises ``RegisterError``
    with a Chinese message for a file it cannot read at all, and calls ``note(message)``
    for what a reviewer should know about a file it did read (a hidden sheet, a sheet
    left out). Readers only produce rows: ``evaltool.read.table.build_register`` turns
    them into a Register, so every format follows the same reading rules.
    """


@hookspec
def evaltool_register_reporters(register):
    """Register output formats for ``--format``: ``register("json", func, suffix=".json")``.

    ``func(results: dict) -> str`` renders a results document (docs/results.md).
    ``write=writer`` optionally streams the file for ``-o``: ``writer(results, path)``.
    """


@hookspec
def evaltool_register_checklists(register):
    """Register review standards (checklists): ``register("city-x", path)``.

    ``path`` is a YAML checklist file in the format of docs/checklists.md, usually
    shipped inside the plugin's package (``Path(__file__).parent / "city-x.yaml"``).
    A registered checklist is listed by ``evaltool checklist list`` and can be named
    by its id wherever a shipped one can: ``--checklist city-x`` and ``extends: city-x``.
    Ids are unique: a shipped id or one another plugin registered is an error.
    """


@hookspec
def evaltool_case_scored(case_result, checklist):
    """Called after each case file is scored, with its ``CaseResult`` and the ``Checklist``."""


@hookspec
def evaltool_run_finished(results):
    """Called once a run is complete, with the results document (a dict, docs/results.md)."""


@hookspec
def evaltool_register_template_extras(register):
    """Add template filters and variables: ``register("yuan", func)`` or
    ``register("hotline", "12345", kind="variable")``.

    ``kind`` is ``"filter"`` (the default; ``value`` must be callable) or
    ``"variable"`` (available in every template). A name that already exists,
    such as the built-in ``mask`` filter, cannot be replaced.
    """
