"""The one normalised shape every wire format is parsed into.

A `Dispatch` is what an agency sent, stated in the agency's own terms but in
one vocabulary: the pipeline decides what it means for the site. Parsers
build these and nothing else; they never touch the database.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta


class PubStatus(enum.StrEnum):
    """Publication status as the agency declares it (IPTC pubStatus)."""

    USABLE = "usable"
    WITHHELD = "withheld"
    CANCELED = "canceled"


@dataclass(frozen=True, slots=True)
class Subject:
    """A classification code, normalised to `scheme:code` (e.g. `medtop:04000000`)."""

    code: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Rendition:
    """One file of a picture: the same image at some size or crop."""

    href: str
    name: str = ""
    width: int | None = None
    height: int | None = None
    mime_type: str = ""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture attached to a dispatch, with the words that go around it."""

    renditions: tuple[Rendition, ...]
    caption: str = ""
    credit: str = ""
    alt_text: str = ""
    guid: str = ""

    def best_rendition(self) -> Rendition | None:
        """The largest rendition with a usable image type, for storing a master copy.

        Renditions without known dimensions rank after measured ones but before
        nothing at all: some agencies describe only their thumbnails.
        """
        images = [r for r in self.renditions if not r.mime_type or r.mime_type.startswith("image/")]
        if not images:
            return None
        return max(
            images,
            key=lambda r: ((r.width or 0) * (r.height or 0), r.width or 0, r.width is not None),
        )


@dataclass(frozen=True, slots=True)
class Dispatch:
    """One version of one news item, as sent by one agency.

    `guid` identifies the story across its versions; `version` and
    `version_created` order them. `body_html` is the agency's HTML as given:
    the pipeline sanitises it, the parser does not need to.
    """

    guid: str
    version: str
    version_created: datetime
    headline: str
    provider: str = ""
    status: PubStatus = PubStatus.USABLE
    first_created: datetime | None = None
    embargoed: datetime | None = None
    standfirst: str = ""
    body_html: str = ""
    language: str = ""
    byline: str = ""
    slugline: str = ""
    subjects: tuple[Subject, ...] = ()
    pictures: tuple[Picture, ...] = ()
    ed_note: str = ""
    is_correction: bool = False
    version_is_ordinal: bool = True
    """False when `version` is an opaque label (Reuters NewsML-G2): order by `version_created`."""
    source_format: str = ""
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("version_created", "first_created", "embargoed"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware, got {value!r}")

    def shifted(self, delta: timedelta) -> Dispatch:
        """The same dispatch with every timestamp moved by `delta` (demo content)."""

        def move(value: datetime | None) -> datetime | None:
            return None if value is None else value + delta

        return dataclasses.replace(
            self,
            version_created=self.version_created + delta,
            first_created=move(self.first_created),
            embargoed=move(self.embargoed),
        )


class ParseError(ValueError):
    """Raised by a parser when bytes cannot become a `Dispatch`; the message says why."""
