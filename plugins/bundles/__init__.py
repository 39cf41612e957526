"""Posts as folders: images and files beside a post just work.

A post can be a folder, ``content/blog/2026/hub-faq/index.md`` with its files beside
it (its slug is the folder's name), or a single file ``hub-faq.md`` with files beside
it or in a same-named folder ``hub-faq/``. A relative link or image in the post
(``hub-diagram.png``, ``./files/report.pdf``, ``hub-faq/chart.svg``) to such a file is
copied next to the post's page, so the link works on the page and, made absolute,
in every feed. A relative link to a ``.md`` post becomes a link to that post's page.

A relative link or image to a local file that does not exist stops the build:
``path:line: image "x.png" not found — put it beside the post or fix the link``.
Pelican's ``{static}``, ``{attach}`` and ``{filename}`` links keep working.
"""

from pelican import signals

from sitekit.markdown_source import use_extension

from .mdx_addresses import AddressesExtension
from .plugin import BundleFilesGenerator, attach_files


def add_generator(pelican):
    return BundleFilesGenerator


def configure(pelican):
    """Have Markdown find each post's addresses as it converts it."""
    use_extension(pelican.settings, AddressesExtension())


def register():
    signals.initialized.connect(configure)
    signals.content_object_init.connect(attach_files)
    signals.get_generators.connect(add_generator)
