"""Python-Markdown extension: the addresses a post links to, found where it is read.

The same scan as :func:`links.addresses`, on the finished HTML, left in the document's
metadata as ``bundle_addresses``; in a parallel build it runs in the worker that
converts the file, not in the build's serial part.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from sitekit.compat import markdown_meta_value

from .links import addresses

META_KEY = "bundle_addresses"


class Addresses(Postprocessor):
    def run(self, text):
        if not hasattr(self.md, "Meta"):
            self.md.Meta = {}
        self.md.Meta[META_KEY] = markdown_meta_value(list(addresses(text)))
        return text


class AddressesExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Addresses(md), "bundle_addresses", 0)  # after the others
