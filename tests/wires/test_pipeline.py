"""Applying dispatches: create, update, leave unchanged, keep every version."""

from __future__ import annotations

import pytest

from manchette.news.models import Article, ArticleVersion, Figure, Provider, Section, SubjectMapping
from manchette.news.services import Action, DispatchRejected, apply_dispatch
from manchette.wires.dispatch import PubStatus, Subject
from tests.factories import apply, dispatch, jpeg, later, picture

pytestmark = pytest.mark.django_db


def test_a_new_guid_creates_an_article_with_its_first_version():
    outcome = apply(dispatch())
    assert outcome.action is Action.CREATED
    article = Article.objects.get()
    assert article.headline == "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok"
    assert article.provider.code == "AFP"
    assert article.updated_at is None
    assert [v.version for v in article.versions.all()] == ["1"]


def test_the_same_dispatch_twice_changes_nothing():
    first = apply(dispatch())
    second = apply(dispatch())
    assert second.action is Action.UNCHANGED
    assert Article.objects.count() == 1
    assert ArticleVersion.objects.count() == 1
    assert second.article.public_id == first.article.public_id


def test_a_newer_version_updates_in_place_and_keeps_the_old_one():
    original = dispatch()
    created = apply(original).article
    update = later(original, version="2", minutes=105, headline="Le sommet Kim-Poutine s'ouvre")
    outcome = apply(update)
    assert outcome.action is Action.UPDATED
    article = Article.objects.get()
    assert article.public_id == created.public_id
    assert article.headline == "Le sommet Kim-Poutine s'ouvre"
    assert article.published_at == original.version_created
    assert article.updated_at == update.version_created
    history = list(article.versions.order_by("version_created").values_list("version", "headline"))
    assert history == [
        ("1", "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok"),
        ("2", "Le sommet Kim-Poutine s'ouvre"),
    ]


def test_an_older_version_after_a_newer_one_changes_nothing_visible():
    original = dispatch()
    newest = later(original, version="3", minutes=60, headline="Version trois")
    apply(newest)
    outcome = apply(later(original, version="2", minutes=30, headline="Version deux"))
    assert outcome.action is Action.UNCHANGED
    article = Article.objects.get()
    assert article.headline == "Version trois"
    assert article.version == "3"
    # Filed for the record all the same: every version the agency sent is kept.
    assert sorted(article.versions.values_list("version", flat=True)) == ["2", "3"]


@pytest.mark.parametrize("order", [(1, 2, 3), (3, 1, 2), (2, 3, 1), (3, 2, 1)])
def test_updates_arriving_in_any_order_end_in_the_newest(order):
    base = dispatch()
    versions = {
        n: later(base, version=str(n), minutes=10 * n, headline=f"Version {n}") for n in (1, 2, 3)
    }
    for n in order:
        apply(versions[n])
    article = Article.objects.get()
    assert article.headline == "Version 3"
    assert article.versions.count() == 3


def test_numeric_versions_compare_as_numbers_not_text():
    base = dispatch(version="9")
    apply(base)
    apply(later(base, version="10", minutes=5, headline="Version dix"))
    assert Article.objects.get().headline == "Version dix"


def test_without_version_numbers_the_timestamp_orders_versions():
    base = dispatch(version="")
    apply(base)
    assert (
        apply(later(base, version="", minutes=5, headline="Plus récente")).action is Action.UPDATED
    )
    assert apply(later(base, version="", minutes=-5, headline="Plus ancienne")).action is (
        Action.UNCHANGED
    )
    assert Article.objects.get().headline == "Plus récente"


def test_body_is_sanitised_on_the_way_in():
    apply(
        dispatch(
            body_html='<p onclick="steal()">Texte</p><script>alert(1)</script>'
            '<p><a href="javascript:alert(1)">lien</a></p>'
        )
    )
    body = Article.objects.get().body_html
    assert "onclick" not in body and "<script" not in body and "javascript:" not in body
    assert "<p>Texte</p>" in body


def test_section_comes_from_the_first_mapped_subject():
    economy = Section.objects.create(name="Économie", slug="economie")
    politics = Section.objects.create(name="Politique", slug="politique")
    SubjectMapping.objects.create(code="medtop:04000000", section=economy)
    SubjectMapping.objects.create(code="medtop:11000000", section=politics)
    apply(
        dispatch(
            subjects=(
                Subject("medtop:99999999"),
                Subject("medtop:04000000"),
                Subject("medtop:11000000"),
            )
        )
    )
    assert Article.objects.get().section == economy


def test_unmapped_subjects_fall_back_to_the_provider_default_section():
    markets = Section.objects.create(name="Bourse", slug="bourse")
    Provider.objects.create(code="AFP", name="AFP", slug="afp", default_section=markets)
    apply(dispatch(subjects=(Subject("medtop:99999999"),)))
    assert Article.objects.get().section == markets


def test_without_any_mapping_articles_land_in_a_general_section():
    apply(dispatch(subjects=()))
    assert Article.objects.get().section.path == "general"


def test_an_unknown_provider_is_created_so_nothing_is_lost():
    apply(dispatch(provider="Northwire"))
    provider = Provider.objects.get(code="Northwire")
    assert provider.name == "Northwire"
    assert provider.slug == "northwire"


def test_a_known_provider_is_found_by_code_or_name_whatever_the_case():
    Provider.objects.create(code="HEX", name="Agence Hexagone", slug="agence-hexagone")
    apply(dispatch(provider="hex"))
    apply(dispatch(guid="urn:test:story:2", provider="agence hexagone"))
    assert Provider.objects.count() == 1
    assert Article.objects.filter(provider__code="HEX").count() == 2


def test_a_dispatch_naming_no_provider_is_rejected_with_a_reason():
    with pytest.raises(DispatchRejected, match="names no provider"):
        apply_dispatch(dispatch(provider=""))
    assert apply_dispatch(dispatch(provider=""), provider_code="AFP").action is Action.CREATED


def test_pictures_are_stored_once_with_a_thumbnail():
    files = {"pictures/one.jpg": jpeg(1600, 900)}
    apply(dispatch(pictures=(picture(),)), files)
    apply(dispatch(guid="urn:test:story:2", pictures=(picture(),)), files)
    figures = list(Figure.objects.all())
    assert len(figures) == 2
    assert figures[0].image.name == figures[1].image.name  # same bytes, one file
    assert (figures[0].width, figures[0].height) == (1600, 900)
    assert figures[0].credit == "AFP / JEANNE MARTIN"
    assert figures[0].alt_text == "Des grues portuaires devant une baie grise."
    assert figures[0].thumbnail.width == 640


def test_a_missing_or_broken_picture_is_reported_and_the_story_still_published():
    outcome = apply(
        dispatch(
            pictures=(picture(href="pictures/absent.jpg"), picture(href="pictures/broken.jpg"))
        ),
        {"pictures/broken.jpg": b"not a jpeg"},
    )
    assert outcome.action is Action.CREATED
    assert len(outcome.warnings) == 2
    assert "absent.jpg" in outcome.warnings[0]
    assert "broken.jpg" in outcome.warnings[1]
    assert Figure.objects.count() == 0


def test_an_update_replaces_the_figures():
    files = {"a.jpg": jpeg(colour=(1, 2, 3)), "b.jpg": jpeg(colour=(200, 10, 10))}
    base = dispatch(pictures=(picture(href="a.jpg"),))
    apply(base, files)
    apply(
        later(base, version="2", minutes=5, pictures=(picture(href="b.jpg", caption="Nouvelle"),)),
        files,
    )
    assert list(Figure.objects.values_list("caption", flat=True)) == ["Nouvelle"]


@pytest.mark.parametrize(
    ("pub_status", "status"),
    [(PubStatus.WITHHELD, Article.Status.WITHHELD), (PubStatus.CANCELED, Article.Status.KILLED)],
)
def test_wire_status_sets_the_article_status(pub_status, status):
    base = dispatch()
    apply(base)
    apply(later(base, version="2", minutes=5, status=pub_status))
    assert Article.objects.get().status == status


def test_editor_notes_and_corrections_are_kept_with_the_version():
    base = dispatch()
    apply(base)
    apply(later(base, version="2", minutes=5, is_correction=True, ed_note="Corrige le chiffre"))
    version = ArticleVersion.objects.get(version="2")
    assert version.is_correction
    assert version.ed_note == "Corrige le chiffre"


def test_opaque_version_labels_are_ordered_by_time():
    """Reuters sends version numbers that are not a sequence: the timestamp decides."""
    base = dispatch(version="978556838", version_is_ordinal=False)
    apply(base)
    older_but_bigger = later(
        base, version="999999999", minutes=-5, headline="Plus ancienne", version_is_ordinal=False
    )
    assert apply(older_but_bigger).action is Action.UNCHANGED
    newer_but_smaller = later(
        base, version="12", minutes=5, headline="Plus récente", version_is_ordinal=False
    )
    assert apply(newer_but_smaller).action is Action.UPDATED
    assert Article.objects.get().headline == "Plus récente"


@pytest.mark.parametrize("byline", ["By Jane Doe", "PAR Jane Doe", "by  Jane Doe", "Jane Doe"])
def test_a_wire_byline_prefix_is_dropped_as_the_page_prints_its_own(byline):
    apply(dispatch(byline=byline))
    assert Article.objects.get().byline == "Jane Doe"


def test_a_package_sent_apart_from_its_text_never_duplicates_the_story():
    package = dispatch(
        guid="urn:pkg", headline="Paquet", body_html="", extra={"package_main": "urn:test:story:1"}
    )
    with pytest.raises(DispatchRejected, match="without its main text item urn:test:story:1"):
        apply(package)
    story = apply(dispatch()).article
    outcome = apply(package)
    assert outcome.action is Action.UNCHANGED and outcome.article == story
    assert Article.objects.count() == 1
