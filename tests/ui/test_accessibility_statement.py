"""The accessibility statement and the footer line, generated from the browser-test audit."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from manchette.ui.accessibility import audit
from tests.browser.conftest import LOCALES, PAGE_TYPES, THEMES, VIEWPORTS
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db

WCAG = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def _violation(rule: str, impact: str, tags: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": rule,
        "impact": impact,
        "help": f"Help for {rule}",
        "tags": tags or ["wcag2a"],
        "nodes": 1,
    }


def _audit(
    *violations_per_run: list[dict[str, Any]], checks: dict[str, Any] | None = None
) -> audit.Audit:
    page_types = ["home", "article-picture", "404", "accessibility"]
    return audit.parse_audit(
        {
            "generated_at": "2026-11-27T09:30:00+00:00",
            "tools": {
                "manchette": "0.1.0",
                "axe_core": "4.11.0",
                "chromium": "140.0",
                "playwright": "1.65.2",
            },
            "standards": {"WCAG": WCAG, "RGAA": ["RGAAv4"]},
            "runs": [
                {
                    "page_type": page_types[n % len(page_types)],
                    "locale": "fr",
                    "theme": "default",
                    "viewport": 1280,
                    "path": f"/page-{n}/",
                    "violations": violations,
                }
                for n, violations in enumerate(violations_per_run)
            ],
            "checks": checks or {"test_keyboard": {"passed": 12}, "test_contrast": {"passed": 9}},
        }
    )


@pytest.fixture
def audited(monkeypatch):
    """Serve the statement from a given audit instead of the committed one."""

    def use(results: audit.Audit) -> None:
        monkeypatch.setattr(audit, "current_audit", lambda: results)

    return use


def test_the_committed_audit_covers_every_page_type_of_the_matrix():
    """Re-run `MANCHETTE_WRITE_AUDIT=1 pytest tests/browser` after adding a page type."""
    results = audit.read_audit(audit.AUDIT_FILE)
    assert results.generated_at is not None and results.tools["axe_core"]
    expected = set(itertools.product(LOCALES, THEMES, (int(w) for w in VIEWPORTS)))
    for page_type in PAGE_TYPES:
        seen = {(r.locale, r.theme, r.viewport) for r in results.runs if r.page_type == page_type}
        assert seen == expected, f"audit.json lacks {page_type}: {sorted(expected - seen)}"


def test_the_statement_reports_the_audit(client, audited):
    audited(_audit([], [], [], [_violation("color-contrast", "minor")]))
    soup = get_page(client, "/accessibilite")
    assert text_of(soup.h1) == "Déclaration d’accessibilité"
    page = text_of(soup.main)
    assert "Manchette est partiellement conforme avec le référentiel général" in page
    assert "L’audit automatisé du 27 novembre 2026 a examiné 4 types de page : 4 vues" in page
    assert "4 des 4 vues de page (100 %) ne présentent aucune violation grave" in page
    assert "Les tests n’ont relevé aucune violation grave ou critique" in page
    assert "Chromium 140.0 piloté par Playwright 1.65.2, avec axe-core 4.11.0." in page
    headings = [text_of(h) for h in soup.main.find_all("h2")]
    assert headings == [
        "État de conformité",
        "Résultats des tests",
        "Ce qui est vérifié",
        "Contenus non accessibles",
        "Établissement de cette déclaration d’accessibilité",
        "Retour d’information et contact",
        "Voies de recours",
    ]
    tested = [text_of(li) for li in soup.main.find_all("h3")[-1].find_next("ul").find_all("li")]
    assert tested[0] == "Page d’accueil (/page-0/)"
    assert tested[-1] == "Déclaration d’accessibilité (/page-3/)"
    checks = [text_of(li) for li in soup.main.find_all("h3")[1].find_next("ul").find_all("li")]
    assert checks[0].startswith("Clavier : le lien d’évitement est le premier arrêt")
    assert checks[1].startswith("Contraste adapté : le bouton change de libellé")
    assert checks[1].endswith("(9 tests réussis, 0 en échec)")


def test_serious_violations_are_listed_as_shortcomings(client, audited):
    audited(
        _audit(
            [_violation("image-alt", "critical", ["wcag2a", "RGAAv4"])],
            [],
            [_violation("image-alt", "critical", ["wcag2a", "RGAAv4"])],
            [],
            checks={"test_keyboard": {"passed": 3, "failed": 2}},
        )
    )
    soup = get_page(client, "/accessibilite")
    shortcomings = soup.find("h3", string="Non-conformités").find_next("ul")
    items = [text_of(li) for li in shortcomings.find_all("li")]
    assert items == [
        "Help for image-alt (image-alt) – Page d’accueil, Page introuvable (404)",
        "2 vérifications scriptées ont échoué.",
    ]
    assert shortcomings.find("span")["lang"] == "en"  # axe's own words, in English
    assert "2 des 4 vues de page (50 %)" in text_of(soup.main)


@pytest.mark.parametrize(
    ("runs", "level"),
    [
        ((), "none"),
        (([], [], [], []), "partial"),
        (([_violation("x", "serious")], [], [], []), "partial"),
        (([_violation("x", "serious")], [_violation("x", "critical")], [], []), "partial"),
        (([_violation("x", "serious")],) * 3 + ([],), "none"),
        # Minor ones, and rules of no standard audited, do not count.
        (([_violation("x", "moderate")],) * 4, "partial"),
        (([_violation("x", "critical", ["best-practice"])],) * 4, "partial"),
    ],
)
def test_the_level_follows_the_share_of_clean_page_views(runs, level):
    assert _audit(*runs).level == level


def test_without_an_audit_file_the_site_claims_nothing(tmp_path, client, audited):
    missing = audit.read_audit(tmp_path / "audit.json")
    assert missing.runs == () and missing.level == "none"
    audited(missing)
    soup = get_page(client, "/accessibilite")
    assert "Manchette est non conforme" in text_of(soup.main)
    assert "Aucune page n’a encore été vérifiée." in text_of(soup.main)


@pytest.mark.parametrize(
    ("url", "line", "target"),
    [
        ("/", "Accessibilité : partiellement conforme", "/accessibilite"),
        ("/nulle-part/", "Accessibilité : partiellement conforme", "/accessibilite"),
        ("/en/", "Accessibility: partially compliant", "/en/accessibility"),
    ],
)
def test_every_footer_states_the_level_and_links_to_the_statement(
    client, audited, url, line, target
):
    audited(_audit([], []))
    soup = get_page(client, url, status=404 if "nulle" in url else 200)
    status = soup.select_one("footer .accessibility-status")
    assert text_of(status) == line
    assert status.a["href"] == target


def test_the_footer_says_not_compliant_when_the_audit_says_so(client, audited):
    audited(_audit([_violation("x", "critical")]))
    status = get_page(client, "/").select_one("footer .accessibility-status")
    assert text_of(status) == "Accessibilité : non conforme"


def test_english_has_its_own_address(client, audited):
    audited(_audit([]))
    soup = get_page(client, "/en/accessibility")
    assert text_of(soup.h1) == "Accessibility statement"
    assert "The automated audit of 27 November 2026 examined 1 type of page" in text_of(soup.main)
    assert soup.html["lang"] == "en"
    alternates = {a["hreflang"]: a["href"] for a in soup.find_all("link", rel="alternate")}
    assert alternates["fr"].endswith("/accessibilite")
    response = client.get("/en/accessibilite")
    assert (response.status_code, response["Location"]) == (301, "/en/accessibility")


@pytest.mark.parametrize(
    ("contact", "href"),
    [
        ("accessibilite@example.com", "mailto:accessibilite@example.com"),
        ("https://example.com/contact", "https://example.com/contact"),
    ],
)
def test_the_publisher_contact_is_given(client, audited, settings, contact, href):
    audited(_audit([]))
    settings.MANCHETTE_ACCESSIBILITY_CONTACT = contact
    soup = get_page(client, "/accessibilite")
    section = soup.find("h2", string="Retour d’information et contact").find_next("a")
    assert section["href"] == href


def test_the_remedies_name_the_defenseur_des_droits(client, audited):
    audited(_audit([]))
    soup = get_page(client, "/accessibilite")
    remedies = soup.find("h2", string="Voies de recours").find_next("ul")
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in text_of(remedies)
    assert remedies.find("a")["href"] == "https://formulaire.defenseurdesdroits.fr/"
