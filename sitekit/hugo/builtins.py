"""Hugo's built-in shortcodes as Markdown or HTML that means the same.

Each converter takes the shortcode, its inner content (children already converted)
and the conversion context, and returns text for the Markdown body.
"""

from __future__ import annotations

import html
import re

import markdown

PAIRED = frozenset({"highlight", "details", "comment"})


def attr(value) -> str:
    """Escape ``value`` for a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


def inline_markdown(text: str) -> str:
    """Render one paragraph of Markdown to HTML without the ``<p>`` (Hugo's markdownify)."""
    rendered = markdown.markdown(text, extensions=["markdown.extensions.extra"]).strip()
    match = re.fullmatch(r"<p>(.*)</p>", rendered, re.S)
    return match.group(1) if match else rendered


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def _optional(name: str, value) -> str:
    return f' {name}="{attr(value)}"' if value else ""


def figure(sc, inner, ctx) -> str:
    src = ctx.resolve(sc.param("src", 0))
    link = sc.param("link")
    caption_md = ctx.rewrite_links(sc.param("caption"))
    caption = inline_markdown(caption_md) if caption_md else ""
    alt = sc.param("alt") or plain(caption) or sc.param("title")
    image = (
        f'<img src="{attr(src)}" alt="{attr(alt)}"'
        + _optional("width", sc.param("width"))
        + _optional("height", sc.param("height"))
        + _optional("loading", sc.param("loading"))
        + ">"
    )
    if link:
        image = (
            f'<a href="{attr(ctx.resolve(link))}"'
            + _optional("target", sc.param("target"))
            + _optional("rel", sc.param("rel"))
            + f">{image}</a>"
        )
    parts = []
    if sc.param("title"):
        parts.append(f'<strong class="figure-title">{html.escape(sc.param("title"))}</strong>')
    attribution = sc.param("attr")
    if caption or attribution:
        credit = inline_markdown(attribution) if attribution else ""
        if credit and sc.param("attrlink"):
            credit = f'<a href="{attr(ctx.resolve(sc.param("attrlink")))}">{credit}</a>'
        parts.append(" ".join(part for part in (caption, credit) if part))
    figcaption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    return f"<figure{_optional('class', sc.param('class'))}>{image}{figcaption}</figure>"


def _video(frame_src: str, page_url: str, title: str, label: str, css_class: str) -> str:
    name = title or label
    return (
        f'<figure class="{attr(css_class or "video")}"><iframe src="{attr(frame_src)}"'
        # The theme makes figure.video 16:9; no inline style or attribute the Nu checker refuses.
        f' title="{attr(name)}" allowfullscreen'
        ' allow="autoplay; encrypted-media; picture-in-picture"></iframe>'
        f'<figcaption><a href="{attr(page_url)}">{html.escape(name)}</a></figcaption></figure>'
    )


def youtube(sc, inner, ctx) -> str:
    video = sc.param("id", 0)
    autoplay = "?autoplay=1" if sc.param("autoplay") == "true" else ""
    return _video(
        f"https://www.youtube.com/embed/{video}{autoplay}",
        f"https://www.youtube.com/watch?v={video}",
        sc.param("title"),
        "Watch on YouTube",
        sc.param("class"),
    )


def vimeo(sc, inner, ctx) -> str:
    video = sc.param("id", 0)
    return _video(
        f"https://player.vimeo.com/video/{video}",
        f"https://vimeo.com/{video}",
        sc.param("title"),
        "Watch on Vimeo",
        sc.param("class"),
    )


def gist(sc, inner, ctx) -> str:
    user, gist_id, file = sc.param("user", 0), sc.param("id", 1), sc.param("file", 2)
    query = f"?file={file}" if file else ""
    label = f"{user}/{gist_id}" + (f" ({file})" if file else "")
    return (
        f'<div class="gist"><script src="https://gist.github.com/{attr(user)}/{attr(gist_id)}.js'
        f'{attr(query)}"></script>'
        f'<p><a href="https://gist.github.com/{attr(user)}/{attr(gist_id)}">'
        f"View gist {html.escape(label)}</a></p></div>"
    )


def highlight(sc, inner, ctx) -> str:
    """Return a fenced block; its Hugo options are the fence's (see :mod:`.dialect`)."""
    code = (inner or "").strip("\n")
    language, options = sc.param("lang", 0), sc.param("options", 1)
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", code))])
    info = f"{language} {{{options}}}" if options else language
    return f"{fence}{info}\n{code}\n{fence}"


def ref(sc, inner, ctx) -> str:
    return ctx.ref(sc.param("path", 0))


def param(sc, inner, ctx) -> str:
    return ctx.param(sc.param("name", 0))


def tweet(sc, inner, ctx) -> str:
    user, post = sc.param("user"), sc.param("id", 0)
    host = "x.com" if sc.name.startswith("x") else "twitter.com"
    url = f"https://{host}/{user}/status/{post}" if user else f"https://{host}/i/status/{post}"
    who = f" by @{html.escape(user)}" if user else ""
    site = "X" if host == "x.com" else "Twitter"
    return (
        f'<blockquote class="twitter-tweet"><p><a href="{attr(url)}">'
        f"Post{who} on {site}</a></p></blockquote>"
    )


def instagram(sc, inner, ctx) -> str:
    post = sc.param("id", 0)
    return (
        '<blockquote class="instagram-media"><p>'
        f'<a href="https://www.instagram.com/p/{attr(post)}/">Post on Instagram</a>'
        "</p></blockquote>"
    )


def details(sc, inner, ctx) -> str:
    summary = html.escape(sc.param("summary") or "Details")
    opened = " open" if sc.param("open") in ("true", "open") else ""
    return (
        f'<details{opened}{_optional("class", sc.param("class"))} markdown="1">\n'
        f"<summary>{summary}</summary>\n\n{(inner or '').strip()}\n\n</details>"
    )


def comment(sc, inner, ctx) -> str:
    return ""


CONVERTERS = {
    "figure": figure,
    "youtube": youtube,
    "vimeo": vimeo,
    "vimeo_simple": vimeo,
    "gist": gist,
    "highlight": highlight,
    "ref": ref,
    "relref": ref,
    "param": param,
    "tweet": tweet,
    "twitter": tweet,
    "twitter_simple": tweet,
    "x": tweet,
    "x_simple": tweet,
    "instagram": instagram,
    "instagram_simple": instagram,
    "details": details,
    "comment": comment,
}
#: Converters whose output is a block (put on lines of its own with blank lines around).
BLOCKS = frozenset(CONVERTERS) - {"ref", "relref", "param"}
