"""Score stage: case scores and grades (``case``), the results document (``results``) and the
metrics of domain.md §4 computed from it (``metrics``)."""
