"""`manchette crop_pictures`: the structured-data crops of pictures stored before crops existed."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from manchette.news.crops import store_crops
from manchette.news.models import Figure


class Command(BaseCommand):
    help = (
        "Cut the square, 4:3 and 16:9 crops of every stored picture that lacks them. "
        "Pictures ingested since crops exist have them already; running it twice does nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        names = Figure.objects.exclude(image="").values_list("image", flat=True).distinct()
        done = missing = 0
        for name in names.iterator():
            if not default_storage.exists(name):
                missing += 1
                continue
            with default_storage.open(name) as handle:
                store_crops(handle.read(), name)
            done += 1
        self.stdout.write(f"{done} pictures cropped or already cropped, {missing} files missing")
