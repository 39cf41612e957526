"""The site's brand, and how its posts look when someone shares them.

Settings (in ``pelicanconf.py``):

* ``BRAND_COLOR`` (``"#rrggbb"``): the header's accents, links, buttons. It must reach
  WCAG AA, 4.5:1, on the light background and under white text. For the dark scheme
  the plugin mixes it with white until it reaches 4.5:1 on the dark background. A
  colour that is not one, or too light, stops the build with how to fix it.
* ``BRAND_LOGO``: the logo's address below the site (``theme/images/logo.svg``).
* ``BRAND_SHARE_IMAGE``: what a shared post shows when it has no image of its own
  (``theme/images/share.png``, 1200×630).

Templates get ``brand`` (``color``, ``link_dark``, ``on_color``, ``logo``,
``share_image``) and three helpers:

* ``absolute_url(path)``: an address below the site, absolute even in local builds
  (``SITEURL``, else ``FEED_DOMAIN``), as Open Graph and JSON-LD need;
* ``share_image(article)``: the post's ``Cover:`` (or ``Image:``) metadata, else its
  first image, else ``BRAND_SHARE_IMAGE``; relative paths are relative to the post;
* ``blog_posting(article)``: schema.org ``BlogPosting`` data for JSON-LD, with
  ``dateModified`` from the newest update (``article.modified``). Write it with
  Jinja's ``tojson`` filter, which escapes ``<``, ``>``, ``&`` and ``'`` so it is safe
  inside a ``<script>`` element.
"""

from pelican import signals

from .plugin import brand


def register():
    signals.initialized.connect(brand.configure)
    signals.generator_init.connect(brand.add_globals)
