"""A small hand-written corpus: economy and world stories, a few of them close cousins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import TestCase

from manchette.news.models import Article
from manchette.related.services import process_all
from manchette.wires.dispatch import Dispatch, Subject
from tests.factories import BASE_TIME, apply, dispatch

ECONOMY = "medtop:04000000"
WORLD = "medtop:11000000"

STORIES: dict[str, tuple[str, str, str, str]] = {
    # key: (subject, headline, standfirst, body)
    "bce_taux": (
        ECONOMY,
        "La Banque centrale européenne relève ses taux directeurs face à l'inflation",
        "Christine Lagarde a annoncé une hausse d'un quart de point des taux d'intérêt.",
        "La Banque centrale européenne a relevé jeudi ses taux directeurs pour freiner "
        "l'inflation en zone euro. Les marchés obligataires ont réagi par une hausse des "
        "rendements. Les banques commerciales répercuteront la hausse sur les crédits.",
    ),
    "inflation_zone_euro": (
        ECONOMY,
        "L'inflation en zone euro ralentit mais reste au-dessus de l'objectif",
        "Les prix à la consommation ont progressé de 2,9 % sur un an selon Eurostat.",
        "Eurostat a publié vendredi l'estimation de l'inflation en zone euro. La Banque "
        "centrale européenne surveille les prix de l'énergie et les salaires. Les taux "
        "d'intérêt pourraient rester élevés plusieurs mois.",
    ),
    "credit_immobilier": (
        ECONOMY,
        "Les taux du crédit immobilier continuent de grimper en France",
        "Emprunter pour acheter un logement coûte plus cher après les décisions de la BCE.",
        "Les banques françaises relèvent leurs barèmes de crédit immobilier. La hausse des "
        "taux directeurs de la Banque centrale européenne pèse sur les emprunteurs et sur "
        "les ventes de logements, selon les courtiers.",
    ),
    "obligations": (
        ECONOMY,
        "Les rendements des obligations d'État au plus haut depuis 2011",
        "Les investisseurs anticipent une politique monétaire durablement restrictive.",
        "Sur le marché obligataire, les taux des emprunts d'État montent. Les "
        "investisseurs parient que la Banque centrale européenne maintiendra ses taux "
        "d'intérêt élevés pour combattre l'inflation.",
    ),
    "epargne": (
        ECONOMY,
        "Le Livret A rapporte davantage avec la hausse des taux",
        "Les épargnants profitent de la remontée des taux d'intérêt et de l'inflation.",
        "La rémunération du Livret A suit l'inflation et les taux d'intérêt à court terme "
        "fixés par la Banque centrale européenne. Les banques voient affluer l'épargne.",
    ),
    "poutine_kim": (
        WORLD,
        "Vladimir Poutine reçoit Kim Jong Un à Vladivostok",
        "Le dirigeant nord-coréen est arrivé en Russie pour un sommet inédit.",
        "Vladimir Poutine et Kim Jong Un se sont retrouvés mardi à Vladivostok. Les deux "
        "dirigeants doivent parler de coopération militaire et de la guerre en Ukraine.",
    ),
    "ukraine_front": (
        WORLD,
        "Ukraine : les combats s'intensifient dans la région de Zaporijjia",
        "L'armée ukrainienne dit avoir repoussé plusieurs assauts russes.",
        "Les forces russes ont lancé de nouveaux assauts près de Zaporijjia, selon l'armée "
        "ukrainienne. Volodymyr Zelensky réclame davantage de défense aérienne.",
    ),
    "onu_sommet": (
        WORLD,
        "À l'ONU, Volodymyr Zelensky appelle à isoler la Russie",
        "Le président ukrainien s'est exprimé devant l'Assemblée générale à New York.",
        "Volodymyr Zelensky a demandé aux Nations unies de sanctionner la Russie de "
        "Vladimir Poutine. La guerre en Ukraine dure depuis plus de deux ans.",
    ),
    "coree_missile": (
        WORLD,
        "La Corée du Nord tire un missile balistique en mer du Japon",
        "Séoul et Tokyo condamnent un nouvel essai de Pyongyang.",
        "Le régime de Kim Jong Un a tiré un missile balistique qui est tombé en mer du "
        "Japon. La Corée du Sud et le Japon ont condamné cet essai.",
    ),
    "elections_bresil": (
        WORLD,
        "Au Brésil, Lula investi président pour un troisième mandat",
        "Des centaines de milliers de partisans ont fêté son retour à Brasilia.",
        "Luiz Inacio Lula da Silva a prêté serment à Brasilia. Le président a promis de "
        "lutter contre la déforestation de l'Amazonie et contre la faim.",
    ),
}


def story(key: str, *, minutes: int = 0, **overrides: Any) -> Dispatch:
    subject, headline, standfirst, body = STORIES[key]
    when = BASE_TIME + timedelta(minutes=minutes)
    values: dict[str, Any] = {
        "guid": f"urn:related:{key}",
        "headline": headline,
        "standfirst": standfirst,
        "body_html": f"<p>{body}</p>",
        "subjects": (Subject(subject),),
        "version_created": when,
        "first_created": when,
    }
    values.update(overrides)
    return dispatch(**values)


def applied(item: Dispatch, pictures: dict[str, bytes] | None = None) -> Article:
    """Apply `item`, run what waits for the commit (the index's listener, which queues it)
    and the background pass the scheduler makes every few seconds."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        apply(item, pictures)
    process_all()
    return Article.objects.get(guid=item.guid)


def publish(key: str, **overrides: Any) -> Article:
    return applied(story(key, **overrides))


AGENCIES = ("AFP", "BMX", "REUTERS")


def publish_all(**overrides: Any) -> dict[str, Article]:
    """Every story, a minute apart, from three agencies in turn."""
    return {
        key: publish(key, minutes=n, **{"provider": AGENCIES[n % 3], **overrides})
        for n, key in enumerate(STORIES)
    }
