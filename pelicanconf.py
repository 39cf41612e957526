"""Settings for local work: `make html` and `make serve`."""

SITENAME = "2i2c Blog"
SITESUBTITLE = "News, notes and answers from the 2i2c team"
# The brand (the brand plugin checks WCAG AA contrast in light and dark schemes).
BRAND_COLOR = "#5b2d90"
BRAND_LOGO = "theme/images/logo.svg"
SITEURL = ""
# Posts that name no author are the organisation's (a record in content/authors.toml).
AUTHOR = "2i2c"
PATH = "content"
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# English month names whatever the machine's locale: the build must not depend on it.
LOCALE = ["C.UTF-8", "C"]
THEME = "theme"
# Escape everything in templates; HTML fields are marked `| safe` where shown.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Addresses (DESIGN.md): the old site's article URLs stay.
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "blog/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "blog/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# Drafts (Status: draft) are shown by local builds only, each in its own folder so
# files beside it work; publishconf.py writes none of them.
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = "drafts/{slug}-{lang}/"
DRAFT_LANG_SAVE_AS = "drafts/{slug}-{lang}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
DRAFT_PAGE_LANG_URL = "drafts/pages/{slug}-{lang}/"
DRAFT_PAGE_LANG_SAVE_AS = "drafts/pages/{slug}-{lang}/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "tags", "categories", "authors", "404", "subscribe"]
# The feeds page (subscribe.html): every feed, what it is for, how to subscribe; no XSLT.
SUBSCRIBE_URL = "feeds/"
SUBSCRIBE_SAVE_AS = "feeds/index.html"
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
# Site search (plugins/search): the search/ page; Pagefind's bundle goes in pagefind/.
DIRECT_TEMPLATES += ["search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "metadata_checks",
    "bundles",
    "authors",
    "post_updates",
    "question_anchors",
    "summaries",
    "feeds",
    "navigation",
    "brand",
    "addresses",
    "pelican.plugins.sitemap",
    "stable_sitemap",
    "search",
    "redirects",  # last: writes redirect pages and feed copies once everything else is written
]
# The old site (Hugo) served its feeds at index.xml and blog/index.xml: keep serving them.
REDIRECTS_FEED_ALIASES = {"index.xml": "feeds/all.rss.xml", "blog/index.xml": "feeds/all.rss.xml"}
# The old site (Hugo) gave headings GitHub-style ids; keep them as aliases.
ANCHORS_LEGACY_SLUGS = ["github"]
ANCHORS_LOCK_CHECK = "warn"
# `make html` records new question anchors and feed ids; commit the lock files with the post.
ANCHORS_LOCK_UPDATE = True
FEEDS_ID_LOCK_UPDATE = True
SITEMAP = {"format": "xml"}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.codehilite": {"css_class": "highlight"},
    },
    "output_format": "html5",
}

# Feeds (the feeds plugin; Pelican's own are off). Local builds point at `make serve`.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_MAX_ITEMS = 50
FEEDS_ID_AUTHORITY = "2i2c.org"  # entry ids stay the same wherever the site is served

CACHE_CONTENT = False
