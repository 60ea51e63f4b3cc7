"""French translations of Manchette's interface, applied to the fr catalogue.

Run after `manchette makemessages -l fr -l en --no-location` (from
src/manchette): it fills every French msgstr from the table below and the
tables in `tools/french/` (one per app), makes the English catalogue say its
msgids as they are, and compiles both `.mo` files with Babel, so no GNU
gettext is needed to build. A test fails when a catalogue has an
untranslated string or a stale `.mo`.

    python tools/translate_fr.py          # src/manchette/locale
    python tools/translate_fr.py comments # src/manchette/comments/locale, if an app has its own
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "manchette"
LOCALE = PACKAGE / "locale"

FRENCH: dict[str, str | tuple[str, str]] = {
    "Demo site": "Site de démonstration",
    "News": "Actualités",
    "name": "nom",
    "English name": "nom en anglais",
    "slug": "adresse",
    "parent": "parent",
    "path": "chemin",
    "position": "position",
    "section": "rubrique",
    "sections": "rubriques",
    "This address is reserved by the site.": "Cette adresse est réservée par le site.",
    "A section cannot be inside itself.": "Une rubrique ne peut pas être dans elle-même.",
    "code": "code",
    "How the wire names this agency (e.g. AFP, Reuters, dpa).": "Le nom de l’agence dans ses dépêches (par exemple AFP, Reuters, dpa).",
    'As printed in "information fournie par …".': "Tel qu’imprimé dans « information fournie par … ».",
    "partner": "partenaire",
    'Printed after the name: "Boursorama avec Media Services".': "Imprimé après le nom : « Boursorama avec Media Services ».",
    "licence notes": "notes de licence",
    "default section": "rubrique par défaut",
    "Where articles go when none of their subjects is mapped.": "Où vont les articles dont aucun sujet n’est associé à une rubrique.",
    "provider": "fournisseur",
    "providers": "fournisseurs",
    "subject code": "code de sujet",
    "Normalised as scheme:code, e.g. medtop:04000000.": "Sous la forme schéma:code, par exemple medtop:04000000.",
    "subject mapping": "association de sujet",
    "subject mappings": "associations de sujets",
    "published": "publié",
    "withheld": "retenu",
    "killed": "retiré",
    "public id": "identifiant public",
    "wire id": "identifiant de dépêche",
    "status": "statut",
    "headline": "titre",
    "standfirst": "chapô",
    "body": "corps",
    "language": "langue",
    "byline": "signature",
    "subjects": "sujets",
    "version": "version",
    "version created": "date de la version",
    "updated": "mis à jour",
    "embargoed until": "sous embargo jusqu’au",
    "article": "article",
    "articles": "articles",
    "received": "reçue",
    "wire status": "statut de la dépêche",
    "pictures": "images",
    "correction": "correction",
    "editor note": "note à la rédaction",
    "For the newsroom only; never published.": "Pour la rédaction seulement ; jamais publiée.",
    "format": "format",
    "source": "source",
    "article version": "version d’article",
    "article versions": "versions d’article",
    "picture": "image",
    "thumbnail": "vignette",
    "width": "largeur",
    "height": "hauteur",
    "caption": "légende",
    "credit": "crédit",
    "alternative text": "texte alternatif",
    "figure": "illustration",
    "figures": "illustrations",
    "Breadcrumb": "Fil d’Ariane",
    "Home": "Accueil",
    "Pages": "Pages",
    "Previous page": "Page précédente",
    "Page %(number)s of %(total)s": "Page %(number)s sur %(total)s",
    "Next page": "Page suivante",
    'information provided by <a href="%(url)s">%(name)s with %(partner)s</a>': 'information fournie par <a href="%(url)s">%(name)s avec %(partner)s</a>',
    'information provided by <a href="%(url)s">%(name)s</a>': 'information fournie par <a href="%(url)s">%(name)s</a>',
    "Read more": "Lire la suite",
    "updated on": "mis à jour le",
    "By %(name)s": "Par %(name)s",
    "Article withdrawn": "Article retiré",
    "This article has been withdrawn by its provider, %(name)s, and is no longer available.": "Cet article a été retiré par son fournisseur, %(name)s, et n’est plus disponible.",
    "Back to the latest news": "Retour à l’actualité en continu",
    "Latest news": "L'actu en continu",
    "page %(number)s": "page %(number)s",
    "News as it happens": "L'actu en continu",
    "No news yet.": "Aucune actualité pour l’instant.",
    "The latest news provided by %(name)s.": "Les dernières actualités fournies par %(name)s.",
    "%(name)s with %(partner)s": "%(name)s avec %(partner)s",
    "No news from this provider yet.": "Aucune actualité de ce fournisseur pour l’instant.",
    "The latest news in %(name)s.": "Les dernières actualités de la rubrique %(name)s.",
    "No news in this section yet.": "Aucune actualité dans cette rubrique pour l’instant.",
    "No such section.": "Rubrique introuvable.",
    "No such article.": "Article introuvable.",
    "Interface": "Interface",
    "Page not found": "Page introuvable",
    "This address does not lead to any page of the site. It may have been mistyped, or the "
    "page may have moved.": "Cette adresse ne mène à aucune page du site. Elle a peut-être été mal saisie, "
    "ou la page a changé d’adresse.",
    "News as it happens, from the agencies we work with.": "L’actualité en continu, par les agences avec lesquelles nous travaillons.",
    "Skip to main content": "Aller au contenu principal",
    "Turn off adapted contrast": "Désactiver le contraste adapté",
    "Turn on adapted contrast": "Activer le contraste adapté",
    "Language": "Langue",
    "Sections": "Rubriques",
    "%(name)s publishes news from the agencies credited on each article.": "%(name)s publie l’actualité des agences créditées sur chaque article.",
    "Wires": "Dépêches",
    "Correction": "Rectificatif",
    "This article was corrected by its provider on": "Cet article a été corrigé par son fournisseur le",
    "%(counter)s version": ("%(counter)s version", "%(counter)s versions"),
    "push token (SHA-256)": "jeton d’envoi (SHA-256)",
    "Set with `manchette push_token CODE`; the token itself is never stored.": "Défini par `manchette push_token CODE` ; le jeton lui-même n’est jamais conservé.",
    "reason": "motif",
    "content": "contenu",
    "size": "taille",
    "quarantined input": "entrée en quarantaine",
    "quarantined inputs": "entrées en quarantaine",
    "release pending": "levée d’embargo en attente",
    "Under an embargo whose lifting surfaces have not yet been told about.": "Sous un embargo dont la levée n’a pas encore été signalée aux surfaces.",
    "health": "état",
    "address": "adresse",
    "enabled": "activée",
    "interval (seconds)": "intervalle (secondes)",
    "next poll": "prochaine interrogation",
    "last poll": "dernière interrogation",
    "last success": "dernier succès",
    "last error": "dernière erreur",
    "last error message": "message de la dernière erreur",
    "failures in a row": "échecs consécutifs",
    "created": "créées",
    "unchanged": "inchangées",
    "rejected": "rejetées",
    "polled source": "source interrogée",
    "polled sources": "sources interrogées",
    "Site search": "Recherche sur le site",
    "Search": "Rechercher",
    "Search the news": "Rechercher dans l’actualité",
    "Search: “%(text)s”": "Recherche : « %(text)s »",
    "Search the news by words, section, provider and date.": "Rechercher dans l’actualité par mots, rubrique, fournisseur et date.",
    "Words to look for": "Mots à rechercher",
    "Section": "Rubrique",
    "Provider": "Fournisseur",
    "From": "Du",
    "Until": "Au",
    "All sections": "Toutes les rubriques",
    "All providers": "Tous les fournisseurs",
    "This date is before the first one.": "Cette date est antérieure à la première.",
    "Your search is %(length)s characters long; %(limit)s at most are read. Shorten it and search again.": "Votre recherche compte %(length)s caractères ; elle peut en compter %(limit)s au plus. Raccourcissez-la et relancez-la.",
    "No such page.": "Cette page n’existe pas.",
    "Your search could not be run as it is: the message beside the field says why.": "Votre recherche ne peut pas être lancée telle quelle : le message à côté du champ explique pourquoi.",
    "Narrow the search": "Affiner la recherche",
    "%(counter)s result for “%(text)s”": (
        "%(counter)s résultat pour « %(text)s »",
        "%(counter)s résultats pour « %(text)s »",
    ),
    "More than %(count)s results for “%(text)s”": "Plus de %(count)s résultats pour « %(text)s »",
    "Only the first %(counter)s word was searched.": (
        "Seul le premier mot a été recherché.",
        "Seuls les %(counter)s premiers mots ont été recherchés.",
    ),
    "Nothing matches every word. Check the spelling, use fewer or other words, or widen the filters.": "Aucun article ne contient tous ces mots. Vérifiez l’orthographe, essayez moins de mots ou d’autres mots, ou élargissez les filtres.",
    "There is no word to look for in this search: type words made of letters or digits.": "Cette recherche ne contient aucun mot à chercher : tapez des mots faits de lettres ou de chiffres.",
    "Type one or more words to search the news, in French or in English.": "Tapez un ou plusieurs mots pour rechercher dans l’actualité, en français ou en anglais.",
    # Feeds strings already in the code but not yet in the catalogue when search was added.
    "allowed in feeds": "autorisé dans les flux",
    "The licence lets this provider's copy be redistributed in RSS/Atom feeds.": "La licence permet de rediffuser les dépêches de ce fournisseur dans les flux RSS et Atom.",
    "modified on this site": "modifié sur ce site",
    "When this site last changed the article (any version, kill or edit).": "Dernière modification de l’article sur ce site (nouvelle version, retrait ou correction).",
    "Syndication": "Syndication",
    "comments closed": "commentaires fermés",
    "Closed by an editor; comments also close by themselves with age.": "Fermés par la rédaction ; les commentaires se ferment aussi d’eux-mêmes avec le temps.",
}


def app_tables() -> dict[str, str | tuple[str, str]]:
    """The French tables in tools/french/*.py, one `FRENCH` dict per app."""
    merged: dict[str, str | tuple[str, str]] = {}
    for path in sorted((Path(__file__).resolve().parent / "french").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"french_{path.stem}", path)
        if spec is None or spec.loader is None:
            sys.exit(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        merged.update(module.FRENCH)
    return merged


def fill(
    language: str, translate: dict[str, str | tuple[str, str]] | None, locale: Path = LOCALE
) -> list[str]:
    po_path = locale / language / "LC_MESSAGES" / "django.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if translate is None:
            message.string = message.id
        elif key in translate:
            message.string = translate[key]
        else:
            missing.append(key)
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True)
    with po_path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)
    return missing


if __name__ == "__main__":
    where = PACKAGE / sys.argv[1] / "locale" if len(sys.argv) > 1 else LOCALE
    untranslated = fill("fr", {**FRENCH, **app_tables()}, where)
    fill("en", None, where)
    if untranslated:
        print("No French for:", *untranslated, sep="\n  ")  # noqa: T201
        sys.exit(1)
