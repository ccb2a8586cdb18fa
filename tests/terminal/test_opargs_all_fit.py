"""A push's args are checked one msgspec call per op name and batch (terminal/opargs.py `all_fit`, used at
the backend's door). Property: for any batch of args — fitting or not, text no store can keep, wrong
types, unknown fields — `all_fit` is true exactly when every one of them passes the op's own check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.opargs import all_fit
from terminal.ops import get_operation

TEXT = st.text(alphabet=st.sampled_from(["a", "Z", "\x00", "\ud800", "é", " "]), max_size=4) | st.just("x" * 101)
VALUE = st.one_of(TEXT, st.integers(-2, 2), st.none(), st.floats(allow_nan=True), st.booleans())
ARGS = st.fixed_dictionaries({"user_id": VALUE, "role": st.sampled_from(["picker", "packer", "boss", 1])},
                             optional={"session_id": VALUE, "terminal": VALUE, "other": VALUE})


@settings(max_examples=300, deadline=None)
@given(many=st.lists(ARGS, max_size=6), name=st.sampled_from(["UserLoggedIn", "UserLoggedOut"]))
def test_a_batch_fits_exactly_when_each_of_its_args_does(many, name):
    spec = get_operation(name)
    assert all_fit(spec.args, many) == all(spec.invalid(args) is None for args in many)
