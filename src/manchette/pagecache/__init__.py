"""Whole pages for anonymous readers, kept and served without rendering them again.

A page that a view declares cacheable (`depends_on`) is stored with the
*tags* it was built from: the article it shows, every article it links to
(`Article.get_absolute_url` notes them), its comments, its read-also block,
the listing it is. A change bumps the version of its tags
(`invalidate`), in a store every app process shares (a memory-mapped file
on the embedded default, Redis at scale), and a stored page whose tags
moved is never served again: the next request renders it afresh, in every
process. See docs/performance.md.
"""

from manchette.pagecache.collector import depends_on, note_article
from manchette.pagecache.invalidation import invalidate

__all__ = ["depends_on", "invalidate", "note_article"]
