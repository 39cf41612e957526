"""Hugo on the benchmark's posts: the outside reference of `make bench`.

:func:`write_hugo_site` turns a corpus of bench/generate.py into a Hugo site with the
same posts (YAML front matter instead of Pelican's header), the same addresses, the same
taxonomies (categories, tags, authors), 20 posts a listing page, and small templates
that show what ours show on a post and a listing: title, date, byline, tags, the text,
the list of questions. Hugo writes its own RSS feeds for home and every term.
:func:`hugo_seconds` times one cold ``hugo`` build of it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

CONFIG = """\
baseURL = "https://blog.example.org/"
languageCode = "en"
title = "Benchmark blog"
paginate = 20
disableKinds = ["sitemap"]
[permalinks]
  blog = "/blog/:year/:slug/"
[taxonomies]
  category = "categories"
  tag = "tags"
  author = "authors"
[markup.goldmark.renderer]
  unsafe = true
[markup.tableOfContents]
  startLevel = 2
  endLevel = 2
"""
LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}"
 href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.categories.ByCount }}<a href="{{ .Page.RelPermalink }}">
{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ range .Params.authors }} · {{ . }}{{ end }}</p>
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>
{{ end }}</p>
<nav class="questions">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2 January 2006" }}</p><p>{{ .Summary }}</p></article>{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">
{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def front_matter(source: str) -> str:
    """Rewrite a post's Pelican header (``Key: value`` lines) as YAML front matter."""
    header, _, body = source.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    matter = {
        "title": fields["Title"],
        "date": fields["Date"],
        "slug": fields["Slug"],
        "categories": [fields["Category"]],
        "tags": [tag.strip() for tag in fields["Tags"].split(",")],
        "authors": [fields["Author"]],
    }
    lines = [f"{key}: {json.dumps(value)}" for key, value in matter.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def write_hugo_site(site: Path, content: Path) -> Path:
    """Write the Hugo version of the posts below ``content`` into ``site``; return it."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "blog").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    for post in sorted((content / "blog").rglob("*.md")):
        target = site / "content" / "blog" / post.name
        target.write_text(front_matter(post.read_text(encoding="utf-8")), encoding="utf-8")
    return site


def hugo_seconds(site: Path) -> float | None:
    """Time one cold ``hugo`` build of ``site`` (None if Hugo is not installed)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    output = site / "public"
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        [hugo, "--quiet", "--source", str(site), "--destination", str(output)],
        capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: hugo failed on {site}:\n{done.stderr[-2000:]}")
    return seconds
