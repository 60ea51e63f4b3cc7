from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "manchette.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from manchette.pagecache import signals

        signals.connect()
