"""Writes with rules: applying a wire dispatch to the site's articles.

`apply_dispatch` is the only writer of wire articles. It is idempotent: the
same dispatch twice changes nothing, and an older version arriving after a
newer one changes nothing a reader can see (it is only filed in the history).
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from manchette.news import surfaces
from manchette.news.models import (
    Article,
    ArticleVersion,
    Figure,
    Provider,
    Section,
    SubjectMapping,
)
from manchette.news.pictures import PictureError, StoredPicture, store_picture
from manchette.news.sanitize import plain_text, sanitise_body
from manchette.news.selectors import is_visible
from manchette.wires.dispatch import Dispatch, Picture, PubStatus

logger = logging.getLogger(__name__)

PictureLoader = Callable[[str], bytes]
"""Returns the bytes behind a rendition href; raises OSError or ValueError when it cannot."""

SLUG_MAX_LENGTH = 80
# The page prints its own "Par"/"By": a wire's own prefix would double it.
_BYLINE_PREFIX = re.compile(r"^(?:by|par|von|di|por)\s+", re.IGNORECASE)
FALLBACK_SECTION_SLUG = "general"
_REMEMBERED_PICTURES = 1000

_STATUS_FOR_PUB_STATUS = {
    PubStatus.USABLE: Article.Status.PUBLISHED,
    PubStatus.WITHHELD: Article.Status.WITHHELD,
    PubStatus.CANCELED: Article.Status.KILLED,
}


class Action(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Outcome:
    action: Action
    article: Article
    warnings: list[str] = field(default_factory=list)


class DispatchRejected(ValueError):
    """The dispatch is well-formed but cannot be applied; the message says why."""


class Lookups:
    """Providers and subject mappings remembered for one batch of dispatches.

    A batch (one ingest run, one poll, one push) reads them once instead of
    once per dispatch; a new batch sees any change an editor made meanwhile.
    Inside `group()` it also remembers articles and holds back the rows a
    group adds, so that a group of dispatches costs a few queries each.
    """

    def __init__(self) -> None:
        self._providers: dict[str, Provider] = {}
        self._mappings: dict[str, Section] | None = None
        self._fallback: Section | None = None
        self._articles: dict[tuple[int, str], Article | None] = {}
        self._pending: _PendingRows | None = None
        self._pictures: dict[str, StoredPicture] = {}

    def provider(self, code: str) -> Provider:
        key = code.strip().lower()
        if key not in self._providers:
            self._providers[key] = provider_for(code)
        return self._providers[key]

    def section(self, subject_codes: list[str], provider: Provider) -> Section:
        if self._mappings is None:
            self._mappings = {
                m.code: m.section for m in SubjectMapping.objects.select_related("section")
            }
        for code in subject_codes:
            if code in self._mappings:
                return self._mappings[code]
        if provider.default_section_id is not None and provider.default_section is not None:
            return provider.default_section
        if self._fallback is None:
            self._fallback = fallback_section()
        return self._fallback

    @contextmanager
    def group(self, dispatches: Iterable[Dispatch], provider_code: str = "") -> Iterator[None]:
        """Apply several dispatches inside the caller's transaction for fewer queries.

        The articles they belong to are read (and, on PostgreSQL, locked) in
        one query, and their versions and figures are written together when
        the block ends. Each dispatch still applies in a savepoint of its own.
        If the block raises, the caller's transaction must be rolled back, and
        this `Lookups` dropped with it: it may remember rows that are gone.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Lookups.group() needs an open transaction")
        self._pending = _PendingRows()
        try:
            self._read_articles(dispatches, provider_code)
            yield
            self._pending.write()
        finally:
            self._articles.clear()
            self._pending = None

    def _read_articles(self, dispatches: Iterable[Dispatch], provider_code: str) -> None:
        guids: dict[int, set[str]] = {}
        for dispatch in dispatches:
            try:
                provider = self.provider(dispatch.provider or provider_code)
            except DispatchRejected:
                continue  # rejected with its reason when it is applied
            guids.setdefault(provider.pk, set()).add(dispatch.guid)
            self._articles[provider.pk, dispatch.guid] = None
        if not guids:
            return
        wanted = Q()
        for provider_id, provider_guids in guids.items():
            wanted |= Q(provider_id=provider_id, guid__in=provider_guids)
        # Locked in id order, so two processes locking overlapping groups
        # cannot deadlock.
        for article in Article.objects.select_for_update().filter(wanted).order_by("pk"):
            self._articles[article.provider_id, article.guid] = article

    def article(self, provider: Provider, guid: str) -> Article | None:
        """The article of this story, locked for the rest of the transaction; None if new."""
        key = (provider.pk, guid)
        if key in self._articles:
            return self._articles[key]
        return next(
            iter(
                Article.objects.select_for_update()
                .filter(provider=provider, guid=guid)
                .order_by()[:1]
            ),
            None,
        )

    @property
    def holding(self) -> bool:
        """Whether new rows wait for the end of a group rather than being written at once."""
        return self._pending is not None

    def hold(self, article: Article, dispatch: Dispatch, rows: _NewRows) -> None:
        """Keep the rows of a dispatch that applied, and the article as it now is."""
        if self._pending is None:
            raise RuntimeError("Lookups.hold() outside Lookups.group()")
        self._articles[article.provider_id, article.guid] = article
        self._pending.add(article, dispatch, rows)

    def forget(self, provider: Provider, guid: str) -> None:
        """A dispatch's savepoint rolled back: what was known of its story may be gone."""
        self._articles.pop((provider.pk, guid), None)

    def stored_picture(self, href: str) -> StoredPicture | None:
        """The picture this address already gave, this batch or before (see `_already_stored`).

        Remembered here too because a group's figures are written only at
        its end: a second version in the same group would fetch it again.
        """
        if href not in self._pictures:
            known = _already_stored(href)
            if known is None:
                return None
            self.remember_picture(href, known)
        return self._pictures[href]

    def remember_picture(self, href: str, stored: StoredPicture) -> None:
        # Only addresses: relative paths name different files in different
        # folders. Stored files are never removed, so a rollback cannot make
        # this wrong.
        if "://" in href:
            if len(self._pictures) >= _REMEMBERED_PICTURES:
                self._pictures.clear()
            self._pictures[href] = stored

    def holds_version(self, article: Article, dispatch: Dispatch) -> bool:
        return (
            self._pending is not None
            and _identity_key(article, dispatch) in self._pending.identities
        )


@dataclass(slots=True)
class _NewRows:
    """The history row one dispatch adds, and the figures its article now shows."""

    version: ArticleVersion
    figures: list[Figure]

    def write(self) -> None:
        self.version.save(force_insert=True)
        if self.figures:
            Figure.objects.bulk_create(self.figures)


@dataclass(slots=True)
class _PendingRows:
    """Rows held back until the end of a group, then inserted in two statements."""

    versions: list[ArticleVersion] = field(default_factory=list)
    figures: dict[int, list[Figure]] = field(default_factory=dict)
    identities: set[tuple[int, str, datetime | None]] = field(default_factory=set)

    def add(self, article: Article, dispatch: Dispatch, rows: _NewRows) -> None:
        self.versions.append(rows.version)
        self.identities.add(_identity_key(article, dispatch))
        # A later version in the same group replaces the figures of an earlier one.
        self.figures[article.pk] = rows.figures

    def write(self) -> None:
        ArticleVersion.objects.bulk_create(self.versions)
        Figure.objects.bulk_create(
            figure for figures in self.figures.values() for figure in figures
        )


def _identity_key(article: Article, dispatch: Dispatch) -> tuple[int, str, datetime | None]:
    """`_version_identity` as a key: the version number, else its timestamp."""
    return (article.pk, dispatch.version, None if dispatch.version else dispatch.version_created)


def apply_dispatch(
    dispatch: Dispatch,
    *,
    load_picture: PictureLoader | None = None,
    provider_code: str = "",
    source: str = "",
    lookups: Lookups | None = None,
) -> Outcome:
    """Create, update or leave unchanged the article this dispatch belongs to.

    One transaction: a crash leaves the old version or the new one, never
    half of one. The article row is locked first, so two processes applying
    versions of one story serialise, and the newest wins.
    """
    lookups = lookups or Lookups()
    provider = lookups.provider(dispatch.provider or provider_code)
    warnings: list[str] = []
    main_item = dispatch.extra.get("package_main", "")
    if main_item and not dispatch.body_html.strip():
        return _detached_package(dispatch, provider, main_item)
    try:
        with transaction.atomic():
            current = lookups.article(provider, dispatch.guid)
            if current is not None and not supersedes(dispatch, current):
                return Outcome(
                    Action.UNCHANGED, _file_late_version(current, dispatch, source, lookups)
                )
            content = _Content.of(dispatch)
            stored = _store_pictures(dispatch.pictures, load_picture, warnings, lookups)
            section = lookups.section(content.subjects, provider)
            article = _write_article(current, dispatch, content, provider, section)
            if current is not None:
                # Files stay on disk: earlier versions in the history may still name them.
                article.figures.all().delete()
            rows = _NewRows(
                _version_row(article, dispatch, content, source), _figures(article, stored)
            )
            action = Action.CREATED if current is None else Action.UPDATED
            surfaces.announce(
                surfaces.ArticleChange(article.pk, action.value, visible=is_visible(article))
            )
            if not lookups.holding:
                rows.write()
    except BaseException:
        lookups.forget(provider, dispatch.guid)
        raise
    if lookups.holding:
        lookups.hold(article, dispatch, rows)
    logger.debug("%s %s v%s (%s)", action, dispatch.guid, dispatch.version, source)
    return Outcome(action, article, warnings)


def _detached_package(dispatch: Dispatch, provider: Provider, main_item: str) -> Outcome:
    """A package sent apart from its text (Reuters): the text item tells the story.

    Publishing the package too would show the same story twice, once
    without its body.
    """
    story = Article.objects.filter(provider=provider, guid=main_item).first()
    if story is None:
        raise DispatchRejected(
            f"package {dispatch.guid} arrived without its main text item {main_item}; "
            "that item publishes the story when it comes"
        )
    return Outcome(Action.UNCHANGED, story)


@dataclass(frozen=True, slots=True)
class _Content:
    """What readers see of a dispatch, cleaned once for the article and its version."""

    headline: str
    standfirst: str
    body_html: str
    byline: str
    subjects: list[str]

    @classmethod
    def of(cls, dispatch: Dispatch) -> _Content:
        return cls(
            headline=plain_text(dispatch.headline),
            standfirst=plain_text(dispatch.standfirst),
            body_html=sanitise_body(dispatch.body_html),
            byline=_BYLINE_PREFIX.sub("", plain_text(dispatch.byline)),
            subjects=[s.code for s in dispatch.subjects],
        )


def supersedes(dispatch: Dispatch, article: Article) -> bool:
    """Whether `dispatch` is a newer version than the one the article shows.

    Sequential numeric versions are compared as numbers; when either side has
    no number (or an opaque string), the agency's version timestamp decides.
    """
    if dispatch.version_is_ordinal and dispatch.version.isdigit() and article.version.isdigit():
        return int(dispatch.version) > int(article.version)
    return dispatch.version_created > article.version_created


def provider_for(code: str) -> Provider:
    """The provider a wire names, created on first sight so no dispatch is lost.

    An editor then fills in its printed name and licence in the admin.
    """
    code = code.strip()
    if not code:
        raise DispatchRejected("the dispatch names no provider (pass one with --provider)")
    found = (
        Provider.objects.select_related("default_section").filter(code__iexact=code).first()
        or Provider.objects.select_related("default_section").filter(name__iexact=code).first()
    )
    if found is not None:
        return found
    slug = _unique_provider_slug(slugify(code) or "agence")
    return Provider.objects.create(code=code, name=code, slug=slug)


def section_for(subject_codes: list[str], provider: Provider) -> Section:
    """The section a story belongs in: its first mapped subject, else its provider's default."""
    return Lookups().section(subject_codes, provider)


def fallback_section() -> Section:
    """Where stories go when nothing maps them and their provider has no default."""
    section, _ = Section.objects.get_or_create(
        parent=None, slug=FALLBACK_SECTION_SLUG, defaults={"name": "Général", "name_en": "General"}
    )
    return section


def slug_for(headline: str) -> str:
    """A readable ASCII slug cut at a word boundary."""
    slug = slugify(headline)
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[: SLUG_MAX_LENGTH + 1].rsplit("-", 1)[0]
    return slug or "article"


def _write_article(
    article: Article | None,
    dispatch: Dispatch,
    content: _Content,
    provider: Provider,
    section: Section,
) -> Article:
    fields = {
        "section": section,
        "status": _STATUS_FOR_PUB_STATUS[dispatch.status],
        "slug": slug_for(content.headline),
        "headline": content.headline,
        "standfirst": content.standfirst,
        "body_html": content.body_html,
        "language": (dispatch.language or settings.LANGUAGE_CODE).strip(),
        "byline": content.byline,
        "subjects": content.subjects,
        "version": dispatch.version,
        "version_created": dispatch.version_created,
        "embargoed_until": dispatch.embargoed,
        "release_pending": dispatch.embargoed is not None and dispatch.embargoed > timezone.now(),
    }
    if article is None:
        article = Article(
            provider=provider,
            guid=dispatch.guid,
            published_at=_first_publication(dispatch),
            **fields,
        )
    else:
        for name, value in fields.items():
            setattr(article, name, value)
        if dispatch.version_created > article.published_at:
            article.updated_at = dispatch.version_created
    article.save()
    return article


def _first_publication(dispatch: Dispatch) -> datetime:
    if dispatch.first_created is not None and dispatch.first_created <= dispatch.version_created:
        return dispatch.first_created
    return dispatch.version_created


def _version_identity(dispatch: Dispatch) -> dict[str, object]:
    """What makes a version the same version: its number, else its timestamp."""
    if dispatch.version:
        return {"version": dispatch.version}
    return {"version": "", "version_created": dispatch.version_created}


def _version_values(dispatch: Dispatch, content: _Content, source: str) -> dict[str, object]:
    return {
        "version_created": dispatch.version_created,
        "pub_status": dispatch.status.value,
        "headline": content.headline,
        "standfirst": content.standfirst,
        "body_html": content.body_html,
        "byline": content.byline,
        "language": dispatch.language,
        "subjects": content.subjects,
        "pictures": [_picture_record(p) for p in dispatch.pictures],
        "is_correction": dispatch.is_correction,
        "ed_note": dispatch.ed_note,
        "source_format": dispatch.source_format,
        "source": source[:500],
    }


def _version_row(
    article: Article, dispatch: Dispatch, content: _Content, source: str
) -> ArticleVersion:
    """The history row of a version known not to be filed yet."""
    return ArticleVersion(
        article=article, version=dispatch.version, **_version_values(dispatch, content, source)
    )


def _file_late_version(
    article: Article, dispatch: Dispatch, source: str, lookups: Lookups
) -> Article:
    """Keep an older version that arrived late in the history, without showing it."""
    if lookups.holds_version(article, dispatch):
        return article
    if not article.versions.filter(**_version_identity(dispatch)).exists():
        ArticleVersion.objects.get_or_create(
            article=article,
            **_version_identity(dispatch),
            defaults=_version_values(dispatch, _Content.of(dispatch), source),
        )
    return article


def _picture_record(picture: Picture) -> dict[str, object]:
    best = picture.best_rendition()
    return {
        "guid": picture.guid,
        "caption": picture.caption,
        "credit": picture.credit,
        "alt_text": picture.alt_text,
        "href": best.href if best else "",
    }


@dataclass(frozen=True, slots=True)
class _ReadyPicture:
    picture: Picture
    stored: StoredPicture
    href: str


def _store_pictures(
    pictures: tuple[Picture, ...],
    load: PictureLoader | None,
    warnings: list[str],
    lookups: Lookups,
) -> list[_ReadyPicture]:
    ready: list[_ReadyPicture] = []
    for picture in pictures:
        best = picture.best_rendition()
        if best is None:
            warnings.append(f"picture {picture.guid or '?'} has no image rendition")
            continue
        known = lookups.stored_picture(best.href)
        if known is not None:
            ready.append(_ReadyPicture(picture, known, best.href))
            continue
        if load is None:
            warnings.append(f"picture {best.href} not fetched: no picture source for this input")
            continue
        try:
            stored = store_picture(load(best.href))
        except (OSError, ValueError, PictureError) as exc:
            warnings.append(f"picture {best.href} skipped: {exc}")
            continue
        lookups.remember_picture(best.href, stored)
        ready.append(_ReadyPicture(picture, stored, best.href))
    return ready


def _already_stored(href: str) -> StoredPicture | None:
    """A picture this address already gave us: agencies resend the same photo with
    every version, and it is fetched once."""
    if "://" not in href:
        # Relative paths name different files in different folders.
        return None
    figure = Figure.objects.filter(source_href=href[:1000]).exclude(image="").first()
    if figure is None:
        return None
    return StoredPicture(
        image=figure.image.name or "",
        thumbnail=figure.thumbnail.name or "",
        width=figure.width,
        height=figure.height,
    )


def _figures(article: Article, pictures: list[_ReadyPicture]) -> list[Figure]:
    return [
        Figure(
            article=article,
            position=index,
            image=ready.stored.image,
            thumbnail=ready.stored.thumbnail,
            width=ready.stored.width,
            height=ready.stored.height,
            caption=plain_text(ready.picture.caption),
            credit=plain_text(ready.picture.credit),
            alt_text=plain_text(ready.picture.alt_text),
            source_href=ready.href[:1000],
        )
        for index, ready in enumerate(pictures)
    ]


def _unique_provider_slug(base: str) -> str:
    slug, counter = base, 2
    while Provider.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def section_ensure(*, path: str, name: str, name_en: str = "", position: int = 0) -> Section:
    """Create or update the section at `path` (`economie/entreprises`); its parent must exist."""
    parent_path, _, slug = path.rpartition("/")
    parent = Section.objects.get(path=parent_path) if parent_path else None
    section = Section.objects.filter(parent=parent, slug=slug).first() or Section(
        parent=parent, slug=slug
    )
    section.name, section.name_en, section.position = name, name_en, position
    section.full_clean()
    section.save()
    return section


def provider_ensure(
    *, code: str, name: str, partner: str = "", licence: str = "", default_section: str = ""
) -> Provider:
    """Create or update the provider with this wire `code`."""
    provider = Provider.objects.filter(code__iexact=code).first() or Provider(
        code=code, slug=_unique_provider_slug(slugify(name) or "agence")
    )
    provider.name, provider.partner, provider.licence = name, partner, licence
    provider.default_section = (
        Section.objects.get(path=default_section) if default_section else None
    )
    provider.save()
    return provider


def subject_mapping_ensure(*, code: str, section: str) -> SubjectMapping:
    """Send stories with subject `code` to the section at path `section`."""
    mapping, _ = SubjectMapping.objects.update_or_create(
        code=code, defaults={"section": Section.objects.get(path=section)}
    )
    return mapping


def release_due_embargoes(*, now: datetime | None = None) -> list[int]:
    """Tell surfaces about every article whose embargo has lifted; returns their ids.

    Readers see such an article from the embargo time on whether or not this
    runs (pages filter on the time itself); this is for surfaces that keep
    state, such as caches and indexes. Each release is claimed with one
    conditional update, so several schedulers never announce it twice, and a
    scheduler that was down catches up on start.
    """
    moment = now or timezone.now()
    due = Article.objects.filter(release_pending=True, embargoed_until__lte=moment)
    released = []
    for article_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Article.objects.filter(pk=article_id, release_pending=True).update(
                release_pending=False
            )
            if claimed:
                article = Article.objects.get(pk=article_id)
                surfaces.announce(
                    surfaces.ArticleChange(article_id, "released", visible=is_visible(article))
                )
                released.append(article_id)
    return released
