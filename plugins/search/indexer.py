"""A Pagefind index built beside Pelican: each page goes in as soon as it is written.

A helper process (forked from the build when its first page is written) reads each
written page and hands it to Pagefind, so the reading, encoding and Pagefind's parsing
run on another core while Pelican renders the rest of the site, and the build's own
process only sends a path down a pipe. Only indexing the last pages and writing the
bundle are left when Pelican is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import multiprocessing
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .service import StreamingService
from .stable import stabilise

#: Old ids of reworded questions stay on the page but never become search results:
#: ``data-pagefind-ignore="all"`` leaves the span, and its id, out of the index.
ALIAS_SPAN = re.compile(r'<span(?=[^>]*\bclass="anchor-alias")')
#: Pagefind's ready-made interfaces; the theme's search.js talks to pagefind.js itself.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip
SEAL, ABANDON = "seal", "abandon"
PR_SET_PDEATHSIG = 1  # prctl(2)


def for_index(html: str) -> str:
    """Return a built page as Pagefind should read it."""
    return ALIAS_SPAN.sub('<span data-pagefind-ignore="all"', html)


class IndexFailed(Exception):
    """Pagefind could not index some pages, or could not write the bundle.

    :param failures: ``(source, message)`` pairs; ``source`` is the content file of a
        page Pagefind rejected, or ``None`` for a failure of the whole index.
    """

    def __init__(self, failures: list[tuple[str | None, str]]):
        super().__init__("; ".join(message for _, message in failures))
        self.failures = failures


@dataclass(frozen=True)
class IndexRun:
    """What one index took: its pages, its seconds in all, and the seconds the build
    waited for it at the end (the rest ran beside Pelican)."""

    pages: int
    seconds: float
    seconds_waited: float


class BackgroundIndex:
    """Pagefind in a helper process: :meth:`add` written pages, :meth:`seal`, :meth:`finish`.

    :param config: Pagefind's index options (``exclude_selectors``...).
    :param bundle: the directory to write the bundle to (``OUTPUT_PATH/pagefind``).
    """

    def __init__(self, config: dict, bundle: Path):
        builder = os.getpid()
        self.pages = 0
        self.started = time.perf_counter()
        self.sealed: float | None = None
        fork = multiprocessing.get_context("fork")  # the helper needs nothing imported again
        self._pipe, helper_end = fork.Pipe()
        sys.stdout.flush()  # or the helper would print what is buffered a second time
        sys.stderr.flush()
        self._helper = fork.Process(
            target=index_in_helper,
            args=(helper_end, config, bundle, builder),
            name="pagefind",
            daemon=True,
        )
        self._helper.start()
        helper_end.close()

    def add(self, path, url: str, source: str) -> None:
        """Queue the built page at ``path``, found at ``url``, made from ``source``."""
        if self.sealed is not None:
            raise RuntimeError(f"{url} was written after the search index was sealed")
        self.pages += 1
        self._send((str(path), url, source))

    def seal(self) -> None:
        """No more pages: let Pagefind build the bundle while the build goes on."""
        if self.sealed is None:
            self.sealed = time.perf_counter()
            self._send(SEAL)

    def finish(self, timeout: float) -> IndexRun:
        """Wait for the bundle; raise :class:`IndexFailed` if Pagefind failed."""
        self.seal()
        waiting = time.perf_counter()
        try:
            if not self._pipe.poll(timeout):
                raise IndexFailed([(None, f"Pagefind did not finish within {timeout:g} s")])
            failures = self._pipe.recv()
        except EOFError:
            failures = [(None, f"the indexing process stopped (status {self._stop()})")]
        finally:
            self._stop()
        if failures:
            raise IndexFailed(failures)
        done = time.perf_counter()
        return IndexRun(self.pages, done - self.started, done - waiting)

    def abandon(self) -> None:
        """Stop Pagefind without writing anything (the build it served ended early)."""
        self._send(ABANDON)
        self._stop()

    def _send(self, message) -> None:
        try:
            self._pipe.send(message)
        except OSError:  # the helper already stopped: finish() says why
            pass

    def _stop(self) -> int | None:
        self._helper.join(10)
        if self._helper.is_alive():
            self._helper.kill()
            self._helper.join()
        return self._helper.exitcode


def index_in_helper(pipe, config: dict, bundle: Path, builder: int) -> None:
    """The helper process: index what comes down ``pipe``; send back the failures."""
    die_with(builder)
    # Everything inherited from the build stays out of garbage collection: scanning it
    # would cost time at every collection and copy the build's memory page by page.
    gc.freeze()
    try:
        failures = asyncio.run(index_pages(pipe, config, bundle))
    except IndexFailed as failed:
        failures = failed.failures
    except BaseException as error:  # noqa: BLE001 - Pagefind missing, crashed, disk full...
        failures = [(None, f"{type(error).__name__}: {error}")]
    pipe.send(failures)


def die_with(builder: int) -> None:
    """End this process when the build's process ends, even killed: it holds copies of
    the build's files, its output lock among them, that must not outlive it."""
    with contextlib.suppress(AttributeError, OSError):  # Linux only (prctl)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != builder:  # it ended before that took effect
        os._exit(1)


async def index_pages(pipe, config: dict, bundle: Path) -> list:
    loop = asyncio.get_running_loop()
    messages: asyncio.Queue = asyncio.Queue()

    def receive():
        try:
            while pipe.poll():
                messages.put_nowait(pipe.recv())
        except EOFError:  # the build is gone
            loop.remove_reader(pipe.fileno())
            messages.put_nowait(ABANDON)

    loop.add_reader(pipe.fileno(), receive)
    service = await StreamingService().launch()
    try:
        index = await service.create_index(config)
        added = []
        while (message := await messages.get()) not in (SEAL, ABANDON):
            path, url, source = message
            html = for_index(Path(path).read_text(encoding="utf-8"))
            # Sent now, in the order written (Pagefind's order, so its output, is
            # deterministic); answered while the next pages are read.
            added.append(
                (source, asyncio.ensure_future(index.add_html_file(content=html, url=url)))
            )
        answers = await asyncio.gather(*(task for _, task in added), return_exceptions=True)
        if message == ABANDON:
            return []
        failures = [
            (source, str(answer))
            for (source, _), answer in zip(added, answers, strict=True)
            if isinstance(answer, BaseException)
        ]
        if failures:
            return failures
        # The bundle comes back to be written here: Pagefind's own writer (tokio files
        # never flushed) can still be writing when it answers, and stops mid-write.
        files = {file["path"]: file["content"] for file in await index.get_files()}
    finally:
        await service.close()
    for name in UNUSED_BUNDLE_FILES:
        del files[name]
    for name, data in sorted(stabilise(files).items()):
        path = bundle / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return []
