"""Editors pin articles to the top of one block, or keep them out of it."""

from __future__ import annotations

import pytest

from manchette.related.models import ReadAlsoChoice
from manchette.related.selectors import read_also
from tests.related.corpus import publish_all

pytestmark = pytest.mark.django_db


def test_pinned_articles_come_first_in_the_editors_order(sections, providers):
    articles = publish_all()
    base = articles["bce_taux"]
    first, second = articles["elections_bresil"], articles["poutine_kim"]
    ReadAlsoChoice.objects.create(article=base, other=first, position=2)
    ReadAlsoChoice.objects.create(article=base, other=second, position=1)
    block = read_also(base)
    assert [a.pk for a in block[:2]] == [second.pk, first.pk]
    assert len(block) == 4


def test_an_excluded_article_is_replaced_by_the_next(sections, providers):
    articles = publish_all()
    base = articles["bce_taux"]
    before = [a.pk for a in read_also(base)]
    ReadAlsoChoice.objects.create(
        article=base, other_id=before[0], kind=ReadAlsoChoice.Kind.EXCLUDE
    )
    after = [a.pk for a in read_also(base)]
    assert before[0] not in after
    assert after[:3] == before[1:]


def test_a_pinned_article_that_is_killed_is_not_shown(sections, providers):
    articles = publish_all()
    base, pinned = articles["bce_taux"], articles["elections_bresil"]
    ReadAlsoChoice.objects.create(article=base, other=pinned)
    type(pinned).objects.filter(pk=pinned.pk).update(status="killed")
    assert pinned.pk not in {a.pk for a in read_also(base)}


def test_editors_set_choices_inline_on_the_article_admin(admin_client, sections, providers):
    articles = publish_all()
    base, other = articles["bce_taux"], articles["elections_bresil"]
    url = f"/admin/news/article/{base.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="read_also_choices-TOTAL_FORMS"' in page.content
    form = {
        "section": base.section_id,
        "status": base.status,
        "read_also_choices-TOTAL_FORMS": "1",
        "read_also_choices-INITIAL_FORMS": "0",
        "read_also_choices-0-kind": "pin",
        "read_also_choices-0-other": str(other.pk),
        "read_also_choices-0-position": "0",
    }
    for prefix in ("figures", "versions"):
        form[f"{prefix}-TOTAL_FORMS"] = "0"
        form[f"{prefix}-INITIAL_FORMS"] = "0"
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    assert read_also(base)[0].pk == other.pk
