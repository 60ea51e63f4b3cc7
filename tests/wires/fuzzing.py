"""Damaged wire files for the parsers' robustness tests, and what those tests ask of a parser.

Agencies' files arrive cut short, with flipped bytes or spliced together; a
parser must turn each into dispatches or a `ParseError` that says why, never
crash or hang.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from manchette.wires.dispatch import Dispatch, ParseError


@st.composite
def mutated(
    draw: st.DrawFn, seeds: list[bytes], *, most: int = 8, duplicate: bool = False
) -> bytes:
    """One of `seeds` with 1 to `most` random edits: a flipped byte, the end cut off,
    bytes inserted or deleted, and with `duplicate` a stretch repeated in place."""
    data = bytearray(draw(st.sampled_from(seeds)))
    kinds = ["flip", "cut", "insert", "delete", *(["duplicate"] if duplicate else [])]
    for _ in range(draw(st.integers(1, most))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(kinds))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 256))]
    return bytes(data)


def survives(parse: Callable[[bytes], list[Dispatch]], data: bytes) -> None:
    """`parse` gives dispatches for `data`, or refuses it with a ParseError saying why."""
    try:
        result = parse(data)
    except ParseError as error:
        assert str(error), "a ParseError must say why"
        return
    assert isinstance(result, list)
    assert all(isinstance(item, Dispatch) for item in result)
