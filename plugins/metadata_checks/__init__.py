"""Catch the ordinary mistakes in a post's metadata, each as one ``path:line`` line.

* an unknown header key, with the nearest known one (``Autor`` → ``Author``);
* an empty ``Title:``;
* a ``Date:`` or ``Modified:`` that is not ISO 8601
  (``YYYY-MM-DD[ HH:MM[:SS]][±HH:MM]``): ``03/04/2026`` could be March or April;
* a post whose year folder differs from its date's year (``blog/2026/`` dated 2025):
  a warning in ``make html``, an error in ``make publish``
  (``METADATA_YEAR_FOLDER_CHECK = "warn" | "error" | "off"``);
* an address that is not safe: a ``Slug:`` with ``/``, ``&``, quotes, ``<``, spaces or
  nothing in it, a ``Save_as:``/``URL:`` that leaves the output folder;
* a tag or category with no letter or digit to make an address from.

Sites add their own header keys in ``content/metadata-keys.txt`` (one a line; ``make
import`` adds the front matter keys it keeps) or with ``METADATA_EXTRA_KEYS``.
"""

from pelican import signals

from .checks import checker


def register():
    signals.initialized.connect(checker.configure)
    signals.content_object_init.connect(checker.check)
