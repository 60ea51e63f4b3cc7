from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "manchette.related"
    label = "related"
    verbose_name = _("Read also")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from manchette.news import surfaces
        from manchette.news.models import Article
        from manchette.related import services

        # Told after each commit about every article created, updated, withheld,
        # killed or released; deletions (admin only) come through Django's signal.
        surfaces.register(services.on_article_change)
        post_delete.connect(
            services.on_article_deleted, sender=Article, dispatch_uid="related-article-deleted"
        )
