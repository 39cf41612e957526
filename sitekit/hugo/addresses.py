"""Old addresses of a post and its new one; which address pattern keeps the most.

Old addresses: Hugo's permalink, its ``aliases``, and any address the old site
redirected to the post (``static/_redirects`` or ``netlify.toml``, with
``:placeholders`` and ``*``/``:splat`` followed backwards).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from .urls import with_slashes

PLACEHOLDER = re.compile(r":(\w+)|\*")
#: Hugo's tokens and the Pelican fields that give the same address part.
PELICAN_TOKENS = {
    ":year": "{date:%Y}",
    ":month": "{date:%m}",
    ":day": "{date:%d}",
    ":slug": "{slug}",
    ":title": "{slug}",
    ":filename": "{slug}",
    ":slugorfilename": "{slug}",
    ":contentbasename": "{slug}",
}
#: Characters Go's URL path escaping leaves alone (so guids match Hugo's permalinks).
PATH_SAFE = "/$&+,:;=@-_.~!*'()"


@dataclass(frozen=True)
class RedirectRule:
    """One rule of the old site's redirects: ``source`` → ``target``."""

    source: str
    target: str


def read_redirect_rules(site) -> list[RedirectRule]:
    """Return the old site's redirect rules (Netlify ``_redirects`` and ``netlify.toml``)."""
    rules = []
    for static in site.config.static_dirs:
        path = site.root / static / "_redirects"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split("#", 1)[0].split()
                if len(parts) >= 2:
                    rules.append(RedirectRule(parts[0], parts[1]))
    netlify = site.root / "netlify.toml"
    if netlify.is_file():
        data = tomllib.loads(netlify.read_text(encoding="utf-8"))
        for rule in data.get("redirects", []):
            if rule.get("from") and rule.get("to"):
                rules.append(RedirectRule(str(rule["from"]), str(rule["to"])))
    return rules


def _pattern(target: str) -> re.Pattern | None:
    path = urlsplit(target).path if "://" in target else target
    if not path.startswith("/"):
        return None
    regex, pos = [], 0
    for match in PLACEHOLDER.finditer(path):
        regex.append(re.escape(path[pos : match.start()]))
        name = match.group(1) or "splat"
        regex.append(f"(?P<{name}>.*)" if name == "splat" else f"(?P<{name}>[^/]+)")
        pos = match.end()
    regex.append(re.escape(path[pos:]))
    try:
        return re.compile("".join(regex).rstrip("/") + "/?$")
    except re.error:  # the same placeholder twice
        return None


def redirected_from(rules, old_path: str, known: dict[str, str]) -> list[str]:
    """Return the addresses the old site redirected to ``old_path``.

    :param known: values for placeholders the rule's target does not hold (year, slug…).
    """
    found = []
    for rule in rules:
        pattern = _pattern(rule.target)
        match = pattern.match(old_path) if pattern else None
        if not match or "://" in rule.source:
            continue
        values = {**known, **{k: v for k, v in match.groupdict().items() if v is not None}}
        source = _filled(rule.source, values)
        if source is None:
            continue
        source = with_slashes(source)
        if source != old_path:
            found.append(source)
    return found


def _filled(pattern: str, values: dict[str, str]) -> str | None:
    """Return ``pattern`` with its placeholders filled in (None if one has no value)."""
    try:
        return PLACEHOLDER.sub(lambda m: values[m.group(1) or "splat"].strip("/"), pattern)
    except KeyError:
        return None


def permalink(base_url: str, path: str) -> str:
    """Return the absolute address Hugo printed for ``path`` (its RSS ``<guid>``)."""
    return base_url.rstrip("/") + quote(unquote(path), safe=PATH_SAFE)


def pelican_pattern(hugo_pattern: str, section: str, article_dir: str) -> str | None:
    """Translate a Hugo permalink pattern to Pelican's ``ARTICLE_URL`` (None if it cannot)."""
    pattern = hugo_pattern.replace(":section", section).replace(":sections", section)
    for token, field in PELICAN_TOKENS.items():
        pattern = pattern.replace(token, field)
    if re.search(r":\w", re.sub(r"\{[^}]*\}", "", pattern)):
        return None  # a token Pelican has no field for (:monthname, :title of another page…)
    return with_slashes(pattern).lstrip("/")


def new_url(pattern: str, post) -> str:
    """Return the post's address under the Pelican ``pattern`` (ARTICLE_URL)."""
    try:
        return pattern.format(
            slug=post.slug, date=post.date.value, lang="en", category="", author="",
            path=post.content_path,
        )  # fmt: skip
    except (KeyError, IndexError, ValueError):
        return ""


def kept(pattern: str, posts) -> int:
    """Return how many posts keep their old address under ``pattern``."""
    return sum(
        1 for post in posts if post.old_paths and "/" + new_url(pattern, post) == post.old_paths[0]
    )


def choose_pattern(current: str, candidates, posts) -> tuple[str, dict[str, int]]:
    """Return the pattern that keeps most old addresses (the current one on a tie)."""
    scores = {pattern: kept(pattern, posts) for pattern in [current, *candidates] if pattern}
    best = max(scores, key=lambda pattern: (scores[pattern], pattern == current))
    return best, scores
