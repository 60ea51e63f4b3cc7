"""Most read articles, counted by the site itself: no cookie, no third party.

A page holds a tiny beacon script that posts once the page has been visible
for a few seconds (`static/popularity/beacon.js`), or a pixel inside
`<noscript>`. The beacon endpoint drops bots, crawlers and prefetches, turns
the reader into a salted hash that changes every day (`readers.py`) and
hands the view to the configured backend, which counts it at most once per
reader and article in 30 minutes, in time buckets (`backends/`). The block
and the listing read the top of those buckets and keep only the articles
readers may see now (`selectors.py`).
"""
