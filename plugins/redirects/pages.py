"""What a redirect looks like: an HTML page, and a line of a ``_redirects`` file."""

from __future__ import annotations

import html
import json
import posixpath
from urllib.parse import quote, unquote

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{url}">
<meta http-equiv="refresh" content="0; url={url}">
<script>location.replace({script_url} + location.hash)</script>
</head>
<body data-pagefind-ignore="all">
<p>This page has moved to <a href="{url}">{title}</a>.</p>
</body>
</html>
"""


def redirect_page(target_url: str, title: str, lang: str = "en") -> str:
    """Return the HTML of a page that sends readers (and their ``#anchor``) to ``target_url``."""
    script_url = json.dumps(target_url).replace("</", "<\\/")
    return PAGE.format(
        lang=html.escape(lang),
        title=html.escape(title),
        url=html.escape(target_url, quote=True),
        script_url=script_url,
    )


def file_for(old_path: str) -> str | None:
    """Return the output file that answers ``old_path`` (None if it leaves the site)."""
    path = unquote(old_path.split("#", 1)[0].split("?", 1)[0])
    if not path.startswith("/"):
        return None
    clean = posixpath.normpath(path).lstrip("/")
    if clean.startswith("..") or clean in ("", "."):
        return None if clean.startswith("..") else "index.html"
    if path.endswith("/") or not posixpath.splitext(clean)[1]:
        return f"{clean}/index.html"
    return clean


def netlify_line(old_path: str, new_path: str) -> str:
    """Return one ``_redirects`` line (paths percent-encoded, so spaces cannot split it)."""
    safe = "/%:@!$&'()*+,;=-._~"
    return f"{quote(old_path, safe=safe)} {quote(new_path, safe=safe)} 301"
