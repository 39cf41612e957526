"""Settings for the public site: `make publish` (SITEURL from the environment)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

# The public address; `make publish` passes SITEURL (default https://2i2c.org).
SITEURL = os.environ.get("SITEURL", "https://2i2c.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

# A published anchor that disappears without an alias fails the public build.
ANCHORS_LOCK_CHECK = "error"
