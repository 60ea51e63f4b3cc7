"""WSGI entry point for `manchette serve` and any other WSGI server.

Cached pages are answered in front of Django (`manchette.pagecache.wsgi`).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings")

from manchette.pagecache.wsgi import with_page_cache

application = with_page_cache(get_wsgi_application())
