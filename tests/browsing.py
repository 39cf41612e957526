"""Debian's Chromium through Playwright: one launch, one skip rule, one page recorder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def require_chromium() -> None:
    """Skip the module (with the install line) where Chromium is missing; fail on CI."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing on CI: `apt-get install -y chromium`", pytrace=False)
    pytest.skip(
        f"{CHROMIUM} is not installed (apt-get install -y chromium)", allow_module_level=True
    )


@contextlib.contextmanager
def launched():
    """Yield Debian's Chromium, launched headless with the sandbox-free flags."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def watch(page, hosts=("127.0.0.1",)):
    """Record ``page``'s console errors (``page.errors``) and requests to other hosts
    than ``hosts`` (``page.foreign``); return the page."""
    page.errors, page.foreign = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "request", lambda r: urlsplit(r.url).hostname not in hosts and page.foreign.append(r.url)
    )
    return page
