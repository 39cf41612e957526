"""Bring a Hugo site's blog in: ``make import FROM=path/to/hugo-site``.

See :mod:`sitekit.hugo.importer` for what the import does; ``python -m sitekit.hugo
--help`` for its options.
"""
