"""The built-in template filters (Chinese dates, amounts in capitals, masking), registered like any plugin's."""

import evaltool


@evaltool.hookimpl
def evaltool_register_template_extras(register):
    from evaltool.render.filters import FILTERS  # called only when documents are rendered

    for name, func in FILTERS.items():
        register(name, func)
