"""Demo readers and their comments, so a newcomer sees the whole comment flow at once.

Comments are posted and reported through `comments.services`, so the
moderation policy decides each one as it would on a real site: a watched
word and a pre-moderated article put some in the pending queue, one reader
reports a comment as illegal content, and the moderator rejects one with a
reason. Times are then spread over the hours after each article appeared.

Run twice, it adds nothing: the readers and their comments are made once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from manchette.comments import services as comments
from manchette.comments.models import Comment, Report
from manchette.moderation import services as moderation
from manchette.moderation.models import PremoderationRule, WatchedWord
from manchette.news.models import Article
from manchette.news.selectors import visible_articles

READERS = [
    "Camille_R",
    "Jean-Marc",
    "Sophie.L",
    "Kofi",
    "Mireille75",
    "Thomas B.",
    "Nadia",
    "OldReader",
]

# (reader, text, replies as (reader, text)) per article, newest article first.
THREADS: list[list[tuple[int, str, list[tuple[int, str]]]]] = [
    [
        (
            0,
            "Enfin un article qui donne les chiffres plutôt que des impressions. Merci.",
            [
                (1, "D'accord, même si on aurait aimé la comparaison avec l'an dernier."),
                (0, "Elle est dans le deuxième paragraphe, en fait."),
            ],
        ),
        (2, "Je me demande ce que cela change concrètement pour les ménages.", []),
    ],
    [
        (
            3,
            "Very clear summary, thanks. The timeline helps a lot.",
            [
                (5, "Agreed — and the quote from the minister says it all."),
            ],
        ),
        (4, "On en reparlera dans six mois, comme d'habitude.", []),
    ],
    [
        (6, "Les négociations semblent enfin avancer, c'est une bonne nouvelle.", []),
        (
            1,
            "Prudence : ce n'est pas la première fois qu'on annonce un accord.",
            [
                (6, "C'est vrai, mais cette fois il y a un calendrier."),
            ],
        ),
    ],
    [(2, "La photo est saisissante.", []), (7, "Bon résumé de la journée.", [])],
    [(5, "Quelqu'un sait si la séance de demain est maintenue ?", [(3, "Oui, à 9 h.")])],
    [(0, "Article utile, à partager.", []), (4, "Rien de nouveau sous le soleil.", [])],
    [(3, "Interesting angle on the markets.", [])],
    [(1, "Les commentaires précédents ont tout dit.", []), (7, "Merci pour le suivi.", [])],
]

# Held for a moderator: a suspect word, and too many links.
SUSPECT_WORD = "arnaque"
HELD_BY_WORD = "Encore une arnaque pour les petits épargnants, à mon avis."
HELD_BY_LINKS = (
    "Sources : https://example.org/rapport https://example.org/annexe https://example.org/chiffres"
)
# Held because its article is pre-moderated.
HELD_BY_RULE = [
    (2, "Sujet sensible, j'espère que le débat restera courtois."),
    (5, "Je découvre ce dossier, merci pour le contexte."),
]
# Reported: as offensive, and as illegal content (an accusation of a crime).
OFFENSIVE = (7, "Les gens qui pensent ça sont vraiment des abrutis.")
DEFAMATORY = (
    4,
    "Le maire de cette ville a détourné l'argent des subventions, tout le monde le sait.",
)
# Rejected by the moderator, with a reason the author sees.
REJECTED = (7, "Achetez mes formations en trading, résultats garantis, écrivez-moi !")
REJECT_REASON = "Spam ou publicité. Les annonces commerciales n’ont pas leur place ici."


@dataclass(frozen=True, slots=True)
class DemoReaders:
    readers: int
    comments: int
    pending: int
    reported: int

    def summary(self) -> str:
        return (
            f"{self.readers} readers, {self.comments} comments, "
            f"{self.pending} pending, {self.reported} reported"
        )


def _reader(n: int, pseudonym: str) -> Any:
    user, created = get_user_model().objects.get_or_create(
        username=f"lecteur{n + 1}@demo.invalid",
        defaults={"email": f"lecteur{n + 1}@demo.invalid", "pseudonym": pseudonym},
    )
    if created:
        user.set_unusable_password()  # readers to look at, not accounts to log in with
        user.date_joined = timezone.now() - timedelta(days=30 * (n + 1))
        user.save()
    return user


def _post(author: Any, article: Article, body: str, parent: Comment | None = None) -> Comment:
    return comments.comment_post(author=author, article=article, body=body, parent=parent)


@transaction.atomic
def create_demo_readers(moderator: Any) -> DemoReaders:
    readers = [_reader(n, name) for n, name in enumerate(READERS)]
    if not Comment.objects.filter(author__in=readers).exists():
        _converse(readers, moderator)
    return DemoReaders(
        readers=len(readers),
        comments=Comment.objects.filter(author__in=readers).count(),
        pending=Comment.objects.filter(author__in=readers, status=Comment.Status.PENDING).count(),
        reported=Comment.objects.filter(author__in=readers, reports__outcome=Report.Outcome.OPEN)
        .distinct()
        .count(),
    )


def _converse(readers: list[Any], moderator: Any) -> None:
    articles = list(visible_articles().order_by("-published_at")[: len(THREADS) + 3])
    moderation.add_word(text=SUSPECT_WORD, kind=WatchedWord.Kind.SUSPECT, moderator=moderator)
    for article, threads in zip(articles, THREADS, strict=False):
        for author, text, replies in threads:
            parent = _post(readers[author], article, text)
            for replier, reply in replies:
                _post(readers[replier], article, reply, parent=parent)

    busy = articles[0]
    offensive = _post(readers[OFFENSIVE[0]], busy, OFFENSIVE[1])
    comments.report_file(comment=offensive, reporter=readers[0], reason=Report.Reason.OFFENSIVE)
    comments.report_file(comment=offensive, reporter=readers[3], reason=Report.Reason.ABUSIVE)
    defamatory = _post(readers[DEFAMATORY[0]], articles[1], DEFAMATORY[1])
    comments.report_file(
        comment=defamatory,
        reporter=readers[2],
        reason=Report.Reason.ILLEGAL,
        law="Loi du 29 juillet 1881 sur la liberté de la presse, article 29 (diffamation)",
        explanation="Le commentaire accuse nommément un élu d'un délit, sans aucune preuve.",
    )
    comments.report_file(
        comment=Comment.objects.filter(article=busy, parent=None).order_by("pk").first()
        or offensive,
        reporter=readers[6],
        reason=Report.Reason.DISAGREE,
    )

    _post(readers[1], articles[2], HELD_BY_WORD)
    _post(readers[3], articles[3], HELD_BY_LINKS)
    sensitive = articles[len(THREADS)] if len(articles) > len(THREADS) else articles[-1]
    if not PremoderationRule.objects.filter(article=sensitive).exists():
        moderation.add_rule(
            moderator=moderator,
            article=sensitive,
            note="Sujet sensible : les commentaires sont relus avant publication.",
        )
    for author, text in HELD_BY_RULE:
        _post(readers[author], sensitive, text)

    spam = _post(readers[REJECTED[0]], articles[4], REJECTED[1])
    moderation.reject(comment=spam, moderator=moderator, reason=REJECT_REASON)
    # A moderator has already read the first two threads of the busiest article.
    for read in Comment.objects.filter(article=busy, parent=None).order_by("pk")[:2]:
        moderation.approve(comment=read, moderator=moderator)
    _spread_in_time(readers)


def _spread_in_time(readers: list[Any]) -> None:
    """Give each comment a plausible time: minutes to hours after its article, never ahead."""
    now = timezone.now()
    posted = Comment.objects.filter(author__in=readers).select_related("article")
    times: dict[int, Any] = {}
    # By id, so a reply's parent already has its new time.
    for index, comment in enumerate(posted.order_by("pk")):
        start = times[comment.parent_id] if comment.parent_id else comment.article.published_at
        when = min(start + timedelta(minutes=7 + 23 * (index % 9)), now)
        times[comment.pk] = when
        Comment.objects.filter(pk=comment.pk).update(
            created_at=when, published_at=when if comment.published_at else None
        )
