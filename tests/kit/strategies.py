"""Hypothesis strategies shared by the tests of results files."""

from hypothesis import strategies as st

# Values a results document holds: text (Chinese, quotes, control characters), whole numbers,
# scores with two decimals, booleans, null; nested as cases with findings.
SCALARS = (
    st.text(max_size=8)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(min_value=-1000, max_value=1000).map(lambda x: round(x, 2))
    | st.booleans()
    | st.none()
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)
