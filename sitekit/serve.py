"""Preview the site while writing it: ``make serve`` (``python -m sitekit.serve pelicanconf.py``).

Serves the output on http://127.0.0.1:8000 and rebuilds it through the same driver as
``make html`` whenever a file of the site changes: the same lines in the terminal, the
same swap of a whole new tree, and the incremental path, its state kept in memory from
one rebuild to the next. A failed rebuild leaves the last good site served, with the
problems in a banner on every page; pages reload themselves after each build. A change
to the settings or to code (plugins, ``sitekit``) restarts the preview, since Python
keeps the code it imported. Ctrl-C or SIGTERM stops it and every process it started.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import fnmatch
import functools
import gc
import html
import http.server
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from sitekit import parallel
from sitekit.build import build, report
from sitekit.incremental import Memory, State, state_file

STATUS_PATH = "/__sitekit__/status"
PR_SET_PDEATHSIG = 1
#: How often the files of the site are looked at (seconds).
POLL = 0.3
#: Names never worth a rebuild (caches, version control, editors' files).
IGNORED_NAMES = ("__pycache__", ".git", ".#*", "*~", "*.swp", "*.swx", "4913", ".DS_Store")


class Status:
    """What the last build said: its number, and its problems (none: it succeeded)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.build = 0
        self.problems: list[str] = []

    def finished(self, problems: list[str]) -> None:
        with self.lock:
            self.build += 1
            self.problems = list(problems)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "problems": self.problems}).encode()


RELOAD = (
    "<script>/* make serve: reload after each build */(function(){{var b={build};"
    "function poll(){{fetch('{status}',{{cache:'no-store'}}).then(function(r){{return r.json()}})"
    ".then(function(s){{if(s.build!==b){{location.reload()}}else{{setTimeout(poll,500)}}}})"
    ".catch(function(){{setTimeout(poll,2000)}})}}setTimeout(poll,500)}})();</script>"
)
BANNER = (
    '<div id="sitekit-build-failed" role="alert" style="position:fixed;top:0;left:0;'
    "right:0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;"
    "background:#fff1f0;color:#5c0011;border-bottom:4px solid #cf1322;"
    'font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;text-align:left">'
    "<strong>The last build failed — this is the last good site, not your latest changes."
    "</strong>\n{lines}</div>"
)


def decorate(page: bytes, build: int, problems: list[str]) -> bytes:
    """Add the reload script, and the banner of problems if there are any, to a page."""
    snippet = RELOAD.format(build=build, status=STATUS_PATH)
    if problems:
        lines = "\n".join(html.escape(line) for line in problems)
        snippet = BANNER.format(lines=lines) + snippet
    end = page.lower().rfind(b"</body>")
    if end < 0:
        return page + snippet.encode()
    return page[:end] + snippet.encode() + page[end:]


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output; HTML pages get :func:`decorate`; the status is JSON."""

    status: Status

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):
        if self.path.split("?", 1)[0] == STATUS_PATH:
            self._send(200, "application/json", self.status.as_json())
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send_page(200, path)
        elif not path.exists() and (Path(self.directory) / "404.html").is_file():
            self._send_page(404, Path(self.directory) / "404.html")
        elif not Path(self.directory).is_dir():
            self._send_page(503, None)
        else:
            super().do_GET()

    def _send_page(self, code, path):
        page = b"<!doctype html><title>Building</title><body><p>Building the site...</p></body>"
        if path is not None:
            with contextlib.suppress(OSError):
                page = path.read_bytes()
        with self.status.lock:
            build, problems = self.status.build, list(self.status.problems)
        self._send(code, "text/html; charset=utf-8", decorate(page, build, problems))

    def _send(self, code, kind, body):
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()


def start_server(bind: str, port: int, output: Path, status: Status):
    """Serve ``output`` in a thread; return the server (``server_address`` has the port)."""
    handler = functools.partial(
        type("Handler", (PreviewHandler,), {"status": status}), directory=str(output)
    )
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    parallel.close_in_workers(server.fileno())
    threading.Thread(target=server.serve_forever, name="serve", daemon=True).start()
    return server


class Watcher:
    """Finds what changed among the site's files since the last look (polling, no threads)."""

    def __init__(self, content: list[Path], code: list[Path]):
        self.roots = [(root, "content") for root in content if root.exists()]
        self.roots += [(root, "code") for root in code if root.exists()]
        self.seen = self._scan()

    def _scan(self) -> dict[str, tuple]:
        seen = {}
        for root, kind in self.roots:
            if root.is_file():
                paths = [str(root)]
            else:
                paths = []
                for directory, dirs, files in os.walk(root):
                    dirs[:] = [d for d in dirs if not _ignored(d)]
                    paths += [os.path.join(directory, f) for f in files if not _ignored(f)]
            for path in paths:
                with contextlib.suppress(OSError):
                    info = os.stat(path)
                    seen[path] = (kind, info.st_mtime_ns, info.st_size, info.st_ino)
        return seen

    def changes(self) -> dict[str, str]:
        """Return the changed, added or removed files, each with its kind."""
        now = self._scan()
        changed = {p: now[p][0] for p in now if self.seen.get(p) != now[p]}
        changed.update({p: self.seen[p][0] for p in self.seen if p not in now})
        self.seen = now
        return changed


def _ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED_NAMES)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux ``/proc``), children first."""
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            with contextlib.suppress(OSError):
                for child in (task / "children").read_text().split():
                    found.append(int(child))
                    queue.append(int(child))
    return found


def stop_descendants(grace: float = 3.0) -> None:
    """Stop every process this one started (workers, Pagefind), waiting ``grace`` seconds."""
    children = descendants(os.getpid())
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in children):
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        time.sleep(0.05)
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _stop(signum, frame):
    raise KeyboardInterrupt


def stop_with_parent() -> None:
    """Be sent SIGTERM if the process that started this one dies (``make`` killed)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextlib.contextmanager
def collection_after():
    """No garbage collection during a rebuild, one full collection after it (while the
    author looks at the page). A collection walks every object the preview keeps from
    build to build: several during a rebuild were a tenth of an edit's time."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


class Preview:
    """One ``make serve``: a server, a watcher, and builds kept in memory."""

    def __init__(self, settings_file: Path, bind: str, port: int):
        from pelican.settings import read_settings

        self.settings_file = settings_file
        settings = read_settings(str(settings_file))
        self.output = Path(settings["OUTPUT_PATH"]).resolve()
        self.memory = Memory()
        self.memory.state = State.load(state_file(settings, self.output), settings)
        self.status = Status()
        self.server = start_server(bind, port, self.output, self.status)
        host, port = self.server.server_address[:2]
        self.address = f"http://{host}:{port}/"
        sitekit = Path(__file__).parent
        self.watcher = Watcher(
            content=[Path(settings["PATH"]), Path(settings["THEME"])],
            code=[
                *sorted(settings_file.resolve().parent.glob("*.py")),
                *sorted(sitekit.glob("*.py")),
                *(Path(p) for p in settings.get("PLUGIN_PATHS", [])),
            ],
        )

    def build(self, why: str) -> None:
        print(why, file=sys.stderr, flush=True)
        start = time.perf_counter()
        with collection_after():
            found = build(self.settings_file, memory=self.memory)
            report(found)
            self.status.finished(found)
            outcome = "failed" if found else "done"
            print(f"{outcome} in {time.perf_counter() - start:.2f} s — {self.address}",
                  file=sys.stderr, flush=True)  # fmt: skip

    def run(self) -> bool:
        """Build, then rebuild on every change; return True to restart (code changed)."""
        print(f"Serving {self.output} at {self.address} (Ctrl-C to stop)", file=sys.stderr)
        self.build("building the site")
        while True:
            time.sleep(POLL)
            changed = self.watcher.changes()
            if not changed:
                continue
            time.sleep(POLL)  # let an editor finish saving
            changed.update(self.watcher.changes())
            names = ", ".join(sorted(os.path.relpath(path) for path in changed)[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            if "code" in changed.values():
                print(f"code changed ({names}{more}): restarting", file=sys.stderr, flush=True)
                return True
            self.build(f"changed: {names}{more}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main(argv=None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", help="Pelican settings file (pelicanconf.py)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(arguments)
    signal.signal(signal.SIGTERM, _stop)
    stop_with_parent()
    try:
        preview = Preview(Path(args.settings), args.bind, args.port)
    except OSError as error:
        print(f"cannot serve on {args.bind}:{args.port}: {error.strerror} — stop what uses "
              "the port, or choose another: make serve PORT=8001", file=sys.stderr)  # fmt: skip
        return 1
    restart = False
    try:
        restart = preview.run()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        preview.close()
        stop_descendants()
    if restart:
        os.execv(sys.executable, [sys.executable, "-m", "sitekit.serve", *arguments])
    return 0


if __name__ == "__main__":
    sys.exit(main())
