"""A small site that uses everything the theme styles, for tests/test_theme*.py.

The seed post (a long Q&A), a post with every kind of content, two short posts, an
author with an avatar and one without, images whose size the theme must find.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from sitebuild import REPO, SEED_URL, build_cli, make_site

STYLE_URL = "blog/2023/every-kind-of-content/"
SECOND_URL = "blog/2023/hiring-update/"
PLAIN_URL = "blog/2024/plain-announcement/"
ESCAPE_URL = "blog/2021/escaping/"
#: One address per page type, for screenshots and page-wide checks.
PAGE_TYPES = {
    "index": "",
    "qa-post": SEED_URL,
    "content-post": STYLE_URL,
    "page": "about/",
    "archives": "archives/",
    "categories": "categories/",
    "category": "categories/notes/",
    "tags": "tags/",
    "tag": "tags/hiring/",
    "authors": "authors/",
    "author": "authors/ada-example/",
    "author-initials": "authors/chris-holdgraf/",
    "feeds": "feeds/",
    "search": "search/?q=questions",
    "404": "404.html",
}
CHART_SIZE = (640, 360)

AUTHORS_EXTRA = """
[authors."Ada Example"]
role = "Community & <Product> Lead"
bio = "Ada writes about hubs, communities and the occasional table."
link = "https://www.example.org/people/ada/"
avatar = "images/ada.svg"
"""

AVATAR_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">'
    '<rect width="96" height="96" fill="#f5b841"/><circle cx="48" cy="38" r="18" fill="#5b2d90"/>'
    '<rect x="18" y="62" width="60" height="34" rx="17" fill="#5b2d90"/></svg>'
)

STYLE_POST = """Title: Every kind of content, styled
Date: 2023-05-02 10:00
Category: notes
Tags: hiring, how-to
Author: Ada Example
Question-Index: no
Summary: Tables, code, figures, quotes, footnotes, definitions and video in one post.

An introduction with `inline code`, a [link to elsewhere](https://example.org/) and a
footnote.[^why]

## A wide table

| Step | What happens | Who does it | How long | Notes |
|------|--------------|-------------|---------:|-------|
| Cloud account setup | The community opens a cloud account and grants access | The community's IT team | 3–5 days | Often the slowest step, because of procurement |
| Hub deployment | 2i2c deploys a JupyterHub with the community's image | 2i2c engineers | 1–2 days | Includes authentication and storage |
| Training | Instructors learn to manage users and environments | Both | 1 week | Recorded sessions are shared afterwards |

## Code

```python
def greet(name: str) -> str:
    \"\"\"Say hello & mean it.\"\"\"
    return f"<p>Hello, {name}!</p>"  # a comment
```

    $ a-command --with-a-very-long-option-name=value --and-another-long-option=another-value --verbose

## A figure and an image

<figure>
  <img src="/images/chart.png" alt="A bar chart of hub usage per month">
  <figcaption>Hub usage per month, 2023.</figcaption>
</figure>

![The same chart, alone]({static}/images/chart.png)

## Quotes and definitions

> A plain quotation that is not an update: the theme sets it apart.

Hub
:   A JupyterHub that 2i2c runs for a community.

Community
:   The people a hub serves.

## Video

<iframe src="about:blank" width="560" height="315" allowfullscreen></iframe>

## What the Hugo import makes

```{ .python hl_lines="2" linenums="1" }
hubs = ["a", "b"]
for hub in hubs:  # this line is highlighted
    print(hub)
```

<div class="callout callout-warning" markdown="1">
<p class="callout-title"><strong>Heads up</strong></p>

Hubs restart on Sundays.

</div>

<blockquote class="pull-quote" markdown="1">
Open infrastructure, for everyone.

<footer>— The 2i2c team</footer>
</blockquote>

<figure class="video"><iframe src="about:blank" title="A talk about hubs" allowfullscreen></iframe><figcaption><a href="https://www.youtube.com/watch?v=x">A talk about hubs</a></figcaption></figure>

<p class="cta"><a class="button" href="https://2i2c.org/">Talk to us</a></p>

<details markdown="1">
<summary>More details</summary>

Text that waits until a reader asks for it.

</details>

[^why]: Footnotes render at the end of the post, with a link back.
"""

SECOND_POST = """Title: An update on hiring
Date: 2023-01-15
Category: updates
Tags: hiring, community
Author: Chris Holdgraf

A short post that shares two tags with the drop-in notes.
"""

PLAIN_POST = """Title: A plain announcement
Date: 2024-02-01
Category: notes
Tags: community
Cover: /images/cover.png

A short post by the organisation, with a cover image for sharing.
"""

ESCAPE_POST = """Title: Escaping </script><script>alert(1)</script> & "quotes"
Date: 2021-06-01
Category: notes

A title that tries to end the JSON-LD script element.
"""


def png(width: int, height: int, rgb=(91, 45, 144), bars=()) -> bytes:
    """Return a PNG of one colour, or a bar chart of ``bars`` (0 to 1) on white.

    No imaging library needed: rows of RGB pixels, compressed.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    slot = width // max(len(bars), 1)

    def pixel(x: int, y: int) -> bytes:
        if not bars:
            return bytes(rgb)
        bar = min(x // slot, len(bars) - 1)
        inside = slot * 0.15 < x % slot < slot * 0.85 and height - y < bars[bar] * height * 0.9
        return bytes(rgb) if inside else b"\xff\xff\xff"

    rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def theme_files() -> dict:
    authors = (REPO / "content" / "authors.toml").read_text(encoding="utf-8")
    return {
        "authors.toml": authors + AUTHORS_EXTRA,
        "images/ada.svg": AVATAR_SVG,
        "images/chart.png": png(*CHART_SIZE, bars=(0.35, 0.5, 0.45, 0.7, 0.85, 1.0)),
        "images/cover.png": png(120, 63, (245, 184, 65)),
        "blog/2023/every-kind-of-content.md": STYLE_POST,
        "blog/2023/hiring-update.md": SECOND_POST,
        "blog/2024/plain-announcement.md": PLAIN_POST,
        "blog/2021/escaping.md": ESCAPE_POST,
    }


def build_theme_site(root: Path, site_url: str) -> Path:
    """Build the theme's test site for ``site_url`` into ``root/output``; return it."""
    conf = make_site(
        root,
        files=theme_files(),
        SITEURL=site_url,
        FEED_DOMAIN=site_url,
        RELATIVE_URLS=False,
    )
    # in a child process: plugins that other tests load in this one cannot reach it
    result = build_cli(conf)
    assert result.returncode == 0, result.stderr
    return root / "output"
