"""The administrative enforcement index (行政执法指数（评查）), its parts and its trends (docs/index.md).

- ``config``: the index configuration (indicators, weights, normalisation, special indices);
- ``facts``: what the index reads from a results document, passes included;
- ``formulas``: each indicator's raw value and how it was computed;
- ``extra``: external values from a workbook the bureau fills in;
- ``normalise``: raw values to 0–100;
- ``parts``: one unit's index from its parts (renormalising over missing data);
- ``sensitivity``: the problems whose fixing would raise a unit's score and index most;
- ``compute``: the index of a review at every level (county, groups, units, special);
- ``trend``: the index over several reviews, built on ``evaltool.diff``;
- ``report``, ``trend_report``: terminal table, xlsx and HTML of the index and of the trend.
"""
