"""Site content for page tests: sections, providers and stories applied the real way."""

from __future__ import annotations

from datetime import timedelta

import pytest

from manchette.news.models import Article, Provider, Section, SubjectMapping
from manchette.wires.dispatch import Subject
from tests.factories import apply, dispatch, jpeg, later, picture


@pytest.fixture
def sections(db):
    world = Section.objects.create(name="Monde", name_en="World", slug="monde", position=1)
    economy = Section.objects.create(
        name="Économie", name_en="Economy", slug="economie", position=2
    )
    companies = Section.objects.create(
        name="Entreprises", name_en="Companies", slug="entreprises", parent=economy, position=3
    )
    SubjectMapping.objects.create(code="medtop:11000000", section=world)
    SubjectMapping.objects.create(code="medtop:04000000", section=economy)
    SubjectMapping.objects.create(code="medtop:04006000", section=companies)
    return {"monde": world, "economie": economy, "entreprises": companies}


@pytest.fixture
def providers(db):
    return {
        "afp": Provider.objects.create(
            code="AFP", name="AFP", slug="afp", licence="Reproduction interdite."
        ),
        "bmx": Provider.objects.create(
            code="BMX", name="Boursorama", partner="Media Services", slug="boursorama"
        ),
    }


@pytest.fixture
def article(sections, providers) -> Article:
    """A French AFP story with a picture, updated once."""
    first = dispatch(pictures=(picture(),))
    apply(first, {"pictures/one.jpg": jpeg()})
    apply(
        later(first, version="2", minutes=107, pictures=(picture(),)), {"pictures/one.jpg": jpeg()}
    )
    return Article.objects.get(guid=first.guid)


@pytest.fixture
def many_articles(sections, providers):
    """45 stories, one a minute, alternating sections and providers."""
    base = dispatch()
    for n in range(45):
        apply(
            dispatch(
                guid=f"urn:test:many:{n}",
                headline=f"Dépêche numéro {n}",
                provider="BMX" if n % 3 == 0 else "AFP",
                subjects=(Subject("medtop:11000000" if n % 2 else "medtop:04006000"),),
                version_created=base.version_created + timedelta(minutes=n),
                first_created=base.version_created + timedelta(minutes=n),
            )
        )
