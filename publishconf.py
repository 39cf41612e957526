"""Settings for the public site: `make publish` (SITEURL from the environment)."""

import os

from pelicanconf import *  # noqa: F403

# The public address; `make publish` passes SITEURL (default https://2i2c.org).
SITEURL = os.environ.get("SITEURL", "https://2i2c.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

# A published anchor that disappears without an alias fails the public build, and so
# does a post whose anchors or feed id are not recorded: `make html` records them.
ANCHORS_LOCK_CHECK = "error"
ANCHORS_LOCK_UPDATE = FEEDS_ID_LOCK_UPDATE = False
ANCHORS_UNRECORDED_CHECK = "error"

# Nothing of a draft is published: no page, listing, feed, sitemap or search entry.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
# A post dated in the future waits (as a draft) until its day; the deploy workflow
# runs daily so that it appears on time.
WITH_FUTURE_DATES = False
FEEDS_ID_LOCK_CHECK = "error"
# A post in the wrong year folder would move address: an error here, a warning locally.
METADATA_YEAR_FOLDER_CHECK = "error"
