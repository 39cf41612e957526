"""Settings of the golden site: the public settings with everything that varies fixed.

Paths are absolute, so a wrapper settings file elsewhere (tests/golden/build.py writes
one per build, with its own OUTPUT_PATH) can import these unchanged.
"""

import runpy
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
REPO = GOLDEN.parents[1]
# The public settings, loaded by path (Pelican reads only the upper-case names).
globals().update(
    {
        name: value
        for name, value in runpy.run_path(str(REPO / "publishconf.py")).items()
        if name.isupper()
    }  # fmt: skip
)

PATH = str(GOLDEN / "content")
OUTPUT_PATH = str(GOLDEN / "output")  # each build overrides it
CACHE_PATH = str(GOLDEN / "cache")  # each build overrides it
THEME = str(REPO / "theme")
PLUGIN_PATHS = [str(REPO / "plugins")]
SITEURL = "https://blog.example.org"
FEED_DOMAIN = SITEURL
FEEDS_ID_AUTHORITY = "2i2c.org"
#: Updates may be dated up to this day; fixed so the site never depends on today.
UPDATES_BUILD_DATE = "2026-11-25"
