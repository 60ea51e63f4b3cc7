"""Providers, sections, articles with every version kept, and their figures."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from manchette.news.sanitize import plain_text
from manchette.pagecache.collector import note_article

# Top-level paths the site itself answers; a section may not take them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "static",
        "media",
        "en",
        "fr",
        "fournisseur",
        "contraste",
        "actualites",
        "recherche",
        "flux",
        "sitemap",
        "compte",
        "commentaires",
        "moderation",
        "accessibilite",
        "api",
        "robots-txt",
    }
)
_PAGE_SLUG = re.compile(r"^page-\d+$")
_PUBLIC_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
PUBLIC_ID_LENGTH = 10


def new_public_id() -> str:
    """A stable opaque article id: ten base-36 characters, about 52 bits of entropy."""
    return "".join(secrets.choice(_PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


class Section(models.Model):
    """A node of the section tree (Bourse, Économie › Entreprises, Monde…)."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=60)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "path"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"], name="section_unique_slug_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return " › ".join(s.name for s in self.lineage())

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_path = self.path
        self.path = f"{self.parent.path}/{self.slug}" if self.parent else self.slug
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def get_absolute_url(self) -> str:
        return reverse("news:section", kwargs={"section_path": self.path})

    def clean(self) -> None:
        if _PAGE_SLUG.match(self.slug) or (self.parent_id is None and self.slug in RESERVED_SLUGS):
            raise ValidationError({"slug": _("This address is reserved by the site.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A section cannot be inside itself.")})
            ancestor = ancestor.parent

    def lineage(self) -> list[Section]:
        """This section and its ancestors, root first."""
        chain: list[Section] = []
        node: Section | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to French."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Provider(models.Model):
    """A news agency (or agency and partner) whose copy the site publishes."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("How the wire names this agency (e.g. AFP, Reuters, dpa)."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_('As printed in "information fournie par …".'),
    )
    partner = models.CharField(
        _("partner"),
        max_length=100,
        blank=True,
        help_text=_('Printed after the name: "Boursorama avec Media Services".'),
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    licence = models.TextField(_("licence notes"), blank=True)
    syndication_allowed = models.BooleanField(
        _("allowed in feeds"),
        default=True,
        help_text=_("The licence lets this provider's copy be redistributed in RSS/Atom feeds."),
    )
    push_token_hash = models.CharField(
        _("push token (SHA-256)"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Set with `manchette push_token CODE`; the token itself is never stored."),
    )
    default_section = models.ForeignKey(
        Section,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default section"),
        help_text=_("Where articles go when none of their subjects is mapped."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:provider", kwargs={"slug": self.slug})


class SubjectMapping(models.Model):
    """Sends articles with an IPTC subject code to a section."""

    code = models.CharField(
        _("subject code"),
        max_length=100,
        unique=True,
        help_text=_("Normalised as scheme:code, e.g. medtop:04000000."),
    )
    section = models.ForeignKey(
        Section, models.CASCADE, related_name="subject_mappings", verbose_name=_("section")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("subject mapping")
        verbose_name_plural = _("subject mappings")

    def __str__(self) -> str:
        return f"{self.code} → {self.section}"


class Article(models.Model):
    """A story as readers see it: the content of its current version."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        WITHHELD = "withheld", _("withheld")
        KILLED = "killed", _("killed")

    public_id = models.CharField(
        _("public id"),
        max_length=PUBLIC_ID_LENGTH,
        unique=True,
        default=new_public_id,
        editable=False,
    )
    provider = models.ForeignKey(
        Provider, models.PROTECT, related_name="articles", verbose_name=_("provider")
    )
    guid = models.CharField(_("wire id"), max_length=500)
    section = models.ForeignKey(
        Section, models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    slug = models.SlugField(_("slug"), max_length=120)
    headline = models.CharField(_("headline"), max_length=500)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body_html = models.TextField(_("body"), blank=True)
    language = models.CharField(_("language"), max_length=16)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    version_created = models.DateTimeField(_("version created"))
    published_at = models.DateTimeField(_("published"), db_index=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    embargoed_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    modified_at = models.DateTimeField(
        _("modified on this site"),
        auto_now=True,
        help_text=_("When this site last changed the article (any version, kill or edit)."),
    )
    release_pending = models.BooleanField(
        _("release pending"),
        default=False,
        db_index=True,
        help_text=_("Under an embargo whose lifting surfaces have not yet been told about."),
    )
    comments_closed = models.BooleanField(
        _("comments closed"),
        default=False,
        help_text=_("Closed by an editor; comments also close by themselves with age."),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["provider", "guid"], name="article_unique_wire_id"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_listing"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section"),
            models.Index(fields=["provider", "status", "-published_at"], name="article_provider"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        # A page that links an article shows its headline: it must expire when that changes.
        note_article(self.pk)
        return reverse(
            "news:article",
            kwargs={
                "section_path": self.section.path,
                "slug": self.slug,
                "public_id": self.public_id,
            },
        )

    @property
    def summary_text(self) -> str:
        """What a teaser quotes: the standfirst, else the start of the body."""
        return self.standfirst or plain_text(self.body_html)

    @property
    def content_language(self) -> str:
        """The article's primary language subtag (`en` for `en-GB`)."""
        return self.language.split("-")[0].lower()


class ArticleVersion(models.Model):
    """One version of an article exactly as it was applied, kept forever."""

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="versions", verbose_name=_("article")
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    version_created = models.DateTimeField(_("version created"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    pub_status = models.CharField(_("wire status"), max_length=16)
    headline = models.CharField(_("headline"), max_length=500)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body_html = models.TextField(_("body"), blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=16)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    pictures = models.JSONField(_("pictures"), default=list, blank=True)
    is_correction = models.BooleanField(_("correction"), default=False)
    ed_note = models.TextField(
        _("editor note"), blank=True, help_text=_("For the newsroom only; never published.")
    )
    source_format = models.CharField(_("format"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["article", "-version_created", "-id"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version", "version_created"], name="version_unique_per_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version} ({self.version_created:%Y-%m-%d %H:%M})"


class Figure(models.Model):
    """A picture shown with the current version of an article."""

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="figures", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    image = models.ImageField(
        _("picture"),
        upload_to="pictures/",
        width_field="width",
        height_field="height",
        max_length=255,
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to="pictures/", max_length=255, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    alt_text = models.TextField(_("alternative text"), blank=True)
    source_href = models.CharField(_("source"), max_length=1000, blank=True)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return self.caption[:80] or self.image.name or ""
