"""Random and mutated inputs give dispatches or a precise ParseError: never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manchette.demo.loader import CONTENT_DIR
from manchette.wires.formats import parse
from tests.wires.fuzzing import mutated, survives

SEEDS = sorted((CONTENT_DIR / "dispatches").glob("*.json"))[:12]
FUZZ = settings(
    max_examples=300,
    deadline=2000,  # milliseconds: a parser that takes longer on a small input is hanging
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data):
    survives(parse, data)


@FUZZ
@given(
    st.sampled_from([b"{", b"[", b"<", b"<?xml version='1.0'?>", b"\x01", b""]).flatmap(
        lambda head: st.binary(max_size=512).map(lambda tail: head + tail)
    )
)
def test_random_bytes_behind_each_format_signature(data):
    survives(parse, data)


@FUZZ
@given(st.data())
def test_mutated_demo_dispatches(data):
    survives(parse, data.draw(mutated([path.read_bytes() for path in SEEDS], duplicate=True)))


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
    survives(parse, data.draw(mutated(agency_files, duplicate=True)))
