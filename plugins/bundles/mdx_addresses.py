"""Python-Markdown extension: the addresses a post links to, found where it is read.

The same scan as :func:`links.addresses`, on the finished HTML, left in the document's
metadata as ``bundle_addresses``; in a parallel build it runs in the worker that
converts the file, not in the build's serial part.
"""

from __future__ import annotations

from sitekit.markdown_source import MeasureExtension

from .links import addresses

META_KEY = "bundle_addresses"


class AddressesExtension(MeasureExtension):
    key = META_KEY

    def measure(self, html: str) -> list[tuple[str, str]]:
        return list(addresses(html))
