"""`make serve`: the driver's rebuilds, its lines, a banner on failure, a clean stop."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browsing import CHROMIUM, launched
from sitebuild import SEED_POST, SEED_URL, build_cli, make_site

from sitekit.serve import descendants


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """A running `python -m sitekit.serve`, its terminal lines collected as they come."""

    def __init__(self, conf: Path):
        self.conf = conf
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "sitekit.serve", str(conf), "--port", str(self.port)],
            cwd=conf.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        self.wait_for_build(1)

    def _collect(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def status(self) -> dict:
        with urllib.request.urlopen(self.base + "/__sitekit__/status", timeout=10) as answer:
            return json.load(answer)

    def wait_for_build(self, number: int, timeout=120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "\n".join(self.lines)
            try:
                status = self.status()
                if status["build"] >= number:
                    return status
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        log = "\n".join(self.lines)
        raise AssertionError(f"no build {number}:\n{log}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def preview(tmp_path):
    running = Preview(make_site(tmp_path))
    yield running
    running.stop()


def edit_seed(root: Path, old: str, new: str) -> str:
    post = root / "content" / SEED_POST
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_a_change_is_rebuilt_by_the_driver_and_pages_reload(preview, tmp_path):
    code, page = preview.get("/" + SEED_URL)
    assert code == 200 and "/__sitekit__/status" in page
    assert "sitekit-build-failed" not in page
    edit_seed(tmp_path, "Title: ", "Title: Freshly edited ")
    status = preview.wait_for_build(2)
    assert status["problems"] == []
    assert "Freshly edited" in preview.get("/" + SEED_URL)[1]
    assert any(line.startswith("changed: content/blog/2022/") for line in preview.lines)
    assert sum(line.startswith("done in") for line in preview.lines) == 2
    # Nothing but the build's own lines: no warnings about folders that do not exist.
    assert [line for line in preview.lines if "warning" in line.lower()] == []


def test_a_failed_rebuild_keeps_the_last_good_site_under_a_banner(preview, tmp_path):
    good = edit_seed(tmp_path, "Author: ", "Author: Nobody We Know\nX-Was: ")
    status = preview.wait_for_build(2)
    # The lines `make html` prints, in the terminal and in the page.
    expected = build_cli(preview.conf).stderr.splitlines()
    assert expected and status["problems"] == expected[:-1]
    assert all(line in preview.lines for line in expected)
    code, page = preview.get("/" + SEED_URL)
    assert code == 200
    assert 'id="sitekit-build-failed"' in page and "last good site" in page
    assert "unknown header &quot;X-Was:&quot;" in page or "X-Was" in page
    assert "Nobody We Know" not in page.split('id="sitekit-build-failed"')[0]
    (tmp_path / "content" / SEED_POST).write_text(good, encoding="utf-8")
    assert preview.wait_for_build(3)["problems"] == []
    assert "sitekit-build-failed" not in preview.get("/" + SEED_URL)[1]


@pytest.mark.slow
def test_sigterm_stops_every_process_it_started(tmp_path):
    root = tmp_path
    conf = make_site(root)
    for number in range(40):  # enough for the rebuild to use workers
        post = root / "content" / "blog" / "2023" / f"n{number}.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(f"Title: N{number}\nDate: 2023-01-01\n\n" + "Text. " * 400)
    running = Preview(conf)
    for post in (root / "content" / "blog" / "2023").glob("*.md"):
        post.write_text(post.read_text() + "\nMore.\n")
    deadline = time.monotonic() + 60
    started: set[int] = set()
    while time.monotonic() < deadline and not started:
        started = set(descendants(running.process.pid))
        time.sleep(0.02)
    running.stop()
    assert running.process.returncode == 0, "\n".join(running.lines)
    time.sleep(0.5)
    alive = [pid for pid in started if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
    assert alive == []
    with socket.socket() as probe:  # no one listens on the port: a new preview can
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", running.port))
        probe.listen()


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except OSError:
        return False


def test_a_busy_port_is_one_clear_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "sitekit.serve", str(make_site(tmp_path)), "--port", str(port)],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
            env=dict(os.environ),
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"cannot serve on 127.0.0.1:{port}: Address already in use — stop what uses the port,"
        " or choose another: make serve PORT=8001"
    ]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")
def test_an_open_page_reloads_into_the_banner_and_out_of_it(preview, tmp_path):
    with launched() as browser:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(preview.base + "/" + SEED_URL)
        assert page.locator("#sitekit-build-failed").count() == 0
        good = edit_seed(tmp_path, "Author: ", "Author: Nobody We Know\nX-Was: ")
        banner = page.locator("#sitekit-build-failed")
        banner.wait_for(state="visible", timeout=60_000)  # the page reloaded itself
        assert "last good site" in banner.inner_text()
        assert "unknown header" in banner.inner_text()
        (tmp_path / "content" / SEED_POST).write_text(good, encoding="utf-8")
        banner.wait_for(state="detached", timeout=60_000)
        assert errors == []


def test_a_rebuild_runs_without_collections_and_collects_after():
    import gc

    from sitekit.serve import collection_after

    collected = []
    gc.callbacks.append(lambda phase, info: collected.append(info["generation"]))
    try:
        with collection_after():
            assert not gc.isenabled()
            assert collected == []
        assert gc.isenabled() and 2 in collected
    finally:
        gc.callbacks.pop()
