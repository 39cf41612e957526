"""Pelican glue for the brand: settings, checks, template globals."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sitekit.errors import ContentError
from sitekit.settings import Setting, read_settings_table

from . import colours, sharing

COLOR_KEY = "BRAND_COLOR"
LOGO_KEY = "BRAND_LOGO"
SHARE_IMAGE_KEY = "BRAND_SHARE_IMAGE"


def is_path(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


TABLE = (
    Setting(COLOR_KEY, "#0b57a4", lambda v: isinstance(v, str), 'a colour such as "#0b57a4"'),
    Setting(LOGO_KEY, "theme/images/logo.svg", is_path, "a path in the site"),
    Setting(SHARE_IMAGE_KEY, "theme/images/share.png", is_path, "a path in the site"),
)
#: Dark-scheme links aim above AA's 4.5:1, so that they stay crisp on the dark page.
DARK_LINK_CONTRAST = 6.0


@dataclass(frozen=True)
class Brand:
    """What templates use of the brand."""

    color: str
    link_dark: str
    on_color: str
    logo: str
    share_image: str


def read_brand(settings) -> Brand:
    """Return the site's :class:`Brand`, or stop on a colour that fails WCAG AA."""
    options = read_settings_table(settings, TABLE, prefixes=("BRAND_",))
    value = options[COLOR_KEY]
    rgb = colours.parse(value)
    if rgb is None:
        raise ContentError(
            f"{COLOR_KEY} {value!r} is not a colour",
            'write it as "#rrggbb", e.g. "#0b57a4"',
        )
    light = colours.parse(colours.LIGHT_BACKGROUND)
    ratio = colours.contrast(rgb, light)
    if ratio < colours.AA:
        raise ContentError(
            f"{COLOR_KEY} {colours.hex_of(rgb)} has contrast {ratio:.1f}:1 with white;"
            f" links and white text on it need {colours.AA}:1 (WCAG AA)",
            "choose a darker colour",
        )
    dark = colours.lighten_until(rgb, colours.parse(colours.DARK_BACKGROUND), DARK_LINK_CONTRAST)
    return Brand(
        color=colours.hex_of(rgb),
        link_dark=colours.hex_of(dark),
        on_color=colours.LIGHT_BACKGROUND,
        logo=options[LOGO_KEY].lstrip("/"),
        share_image=options[SHARE_IMAGE_KEY].lstrip("/"),
    )


class BrandPlugin:
    """The plugin's per-build state: the brand and the site's absolute address."""

    def __init__(self):
        self.brand = None
        self.settings = {}
        self.base_url = ""

    def configure(self, pelican) -> None:
        self.settings = pelican.settings
        self.brand = read_brand(pelican.settings)
        site_url = (self.settings.get("SITEURL") or "").rstrip("/")
        domain = (self.settings.get("FEED_DOMAIN") or "").rstrip("/")
        self.base_url = site_url if urlsplit(site_url).netloc else domain

    def absolute_url(self, path: str) -> str:
        """Return ``path`` below the site as an absolute URL (a URL stays as it is)."""
        if urlsplit(path).scheme:
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def share_image(self, article) -> str:
        path = sharing.share_image_path(
            article, self.settings.get("SITEURL", ""), self.brand.share_image
        )
        return self.absolute_url(path)

    def blog_posting(self, article) -> dict:
        return sharing.blog_posting(
            article,
            self.absolute_url,
            image=self.share_image(article),
            logo=self.brand.logo,
            publisher=self.settings.get("AUTHOR") or self.settings.get("SITENAME", ""),
        )

    def add_globals(self, generator) -> None:
        generator.env.globals.update(
            brand=self.brand,
            absolute_url=self.absolute_url,
            share_image=self.share_image,
            blog_posting=self.blog_posting,
        )


brand = BrandPlugin()
