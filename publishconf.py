"""Settings for the public site: `make publish` (SITEURL from the environment)."""

import os

from pelicanconf import *  # noqa: F403

# The public address; `make publish` passes SITEURL (default https://2i2c.org).
SITEURL = os.environ.get("SITEURL", "https://2i2c.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

# A published anchor that disappears without an alias fails the public build.
ANCHORS_LOCK_CHECK = "error"
