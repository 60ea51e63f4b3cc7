"""Random and mutated inputs give dispatches or a precise ParseError: never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manchette.demo.loader import CONTENT_DIR
from manchette.wires.dispatch import Dispatch, ParseError
from manchette.wires.formats import parse

SEEDS = sorted((CONTENT_DIR / "dispatches").glob("*.json"))[:12]
FUZZ = settings(
    max_examples=300,
    deadline=2000,  # milliseconds: a parser that takes longer on a small input is hanging
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


def _survives(data: bytes) -> None:
    try:
        result = parse(data)
    except ParseError as error:
        assert str(error), "a ParseError must say why"
        return
    assert isinstance(result, list)
    assert all(isinstance(item, Dispatch) for item in result)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "duplicate"]))
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


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data):
    _survives(data)


@FUZZ
@given(
    st.sampled_from([b"{", b"[", b"<", b"<?xml version='1.0'?>", b"\x01", b""]).flatmap(
        lambda head: st.binary(max_size=512).map(lambda tail: head + tail)
    )
)
def test_random_bytes_behind_each_format_signature(data):
    _survives(data)


@FUZZ
@given(st.data())
def test_mutated_demo_dispatches(data):
    _survives(data.draw(mutated([path.read_bytes() for path in SEEDS])))


def _fixture_files(root: Path) -> list[bytes]:
    return [
        path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.suffix.lower() in {".json", ".xml", ".txt", ".tst", ".rss", ".atom"}
    ]


@pytest.fixture
def agency_files(wire_fixtures: Path) -> list[bytes]:
    return _fixture_files(wire_fixtures)


@settings(FUZZ, max_examples=600)
@given(st.data())
def test_mutated_agency_files(agency_files, data):
    _survives(data.draw(mutated(agency_files)))
