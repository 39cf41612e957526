"""Build real sites into temporary directories, in-process or through the CLI."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED_POST = "blog/2022/product-community-lead-drop-in-notes.md"
SEED_URL = "blog/2022/product-community-lead-drop-in-notes/"
#: Tests build as of this date, so "update in the future" checks never drift.
BUILD_DATE = "2026-11-25"


def make_site(tmp_path: Path, *, seed=True, files=None, base="pelicanconf", **settings) -> Path:
    """Lay out a site in ``tmp_path``: content, a settings file; return the settings path.

    :param seed: start from the repository's own ``content/`` (a ``content/`` already
        in ``tmp_path`` is kept as it is: lay out, build, change settings, build again).
    :param files: extra or replacement content files, by path below ``content/``.
    :param base: the settings module to start from (``pelicanconf`` or ``publishconf``).
    :param settings: settings that win over ``base``'s.
    """
    content = tmp_path / "content"
    if content.exists():
        pass  # a site laid out before: its content (and the locks a build wrote) stays
    elif seed:
        shutil.copytree(REPO / "content", content)
    else:
        content.mkdir(parents=True)
        shutil.copy(REPO / "content" / "authors.toml", content / "authors.toml")
    for name, text in (files or {}).items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "THEME": str(REPO / "theme"),
        "PLUGIN_PATHS": [str(REPO / "plugins")],
        "UPDATES_BUILD_DATE": BUILD_DATE,
        # Tests publish new posts without recording them first; tests of that check
        # turn it back on.
        **(
            {"ANCHORS_UNRECORDED_CHECK": "off", "FEEDS_ID_LOCK_CHECK": "off"}
            if base == "publishconf"
            else {}
        ),
        **settings,
    }
    lines = [
        f"from {base} import *  # noqa",
        *(f"{key} = {value!r}" for key, value in values.items()),
    ]
    conf = tmp_path / "siteconf.py"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


def build_in_process(conf: Path) -> list[str]:
    """Build with the driver in this process; return the problems (empty on success)."""
    from sitekit.build import build

    return build(conf)


def build_cli(conf: Path) -> subprocess.CompletedProcess:
    """Build as `make html` does, in a child process, from the site's directory."""
    return subprocess.run(
        [sys.executable, "-m", "sitekit.build", str(conf)],
        cwd=conf.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Return every file below ``root`` by relative path, to compare whole trees."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def canonical_tree(tree: dict[str, bytes]) -> dict[str, bytes]:
    """The site without Pagefind's bundle: written whole by every build, and (under load)
    sometimes with empty files, also in a serial build (plugins/search closes Pagefind
    right after ``write_files``)."""
    return {path: data for path, data in tree.items() if not path.startswith("pagefind/")}


def corpus_site(root: Path, posts: int, files=None, **settings) -> Path:
    """The repository's content plus ``posts`` synthetic posts of bench/generate.py (several
    authors and tags); returns the settings file."""
    from bench.generate import AUTHORS, write_corpus

    conf = make_site(root, files=files, **settings)
    content = root / "content"
    write_corpus(root / "corpus", posts)
    for post in sorted((root / "corpus" / "content" / "blog").rglob("*.md")):
        target = content / "blog" / post.relative_to(root / "corpus" / "content" / "blog")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(post.read_bytes())
    records = "".join(
        f'\n[authors."{name}"]\nrole = "{role}"\nbio = "{name} writes."\n'
        for name, role in AUTHORS
        if name != "Chris Holdgraf"
    )
    with open(content / "authors.toml", "a", encoding="utf-8") as handle:
        handle.write(records)
    return conf


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port); yield the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
