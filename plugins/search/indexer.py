"""A Pagefind index built beside Pelican: each page goes in as soon as it is written.

Pagefind runs as a child process driven from a thread of its own, so it parses pages on
the second core while Pelican renders the rest of the site; only writing the bundle is
left when Pelican is done.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import threading
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
_ABANDON = object()


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
    """What one index took: its pages, seconds in all, and seconds after the last page."""

    pages: int
    seconds: float
    seconds_after_sealing: float


class BackgroundIndex:
    """Pagefind on its own thread: :meth:`add` written pages, :meth:`seal`, :meth:`finish`.

    :param config: Pagefind's index options (``exclude_selectors``...).
    :param bundle: the directory Pagefind writes (``OUTPUT_PATH/pagefind``).
    """

    def __init__(self, config: dict, bundle: Path):
        self.bundle = bundle
        self.pages = 0
        self.started = time.perf_counter()
        self.sealed: float | None = None
        self._loop = asyncio.new_event_loop()
        self._queue: asyncio.Queue = asyncio.Queue()
        self._result: concurrent.futures.Future = concurrent.futures.Future()
        thread = threading.Thread(target=self._main, args=(config,), name="pagefind", daemon=True)
        thread.start()

    def add(self, path, url: str, source: str) -> None:
        """Queue the built page at ``path``, found at ``url``, made from ``source``."""
        if self.sealed is not None:
            raise RuntimeError(f"/{url.lstrip('/')} was written after the search index was sealed")
        self.pages += 1
        self._put((str(path), url, source))

    def seal(self) -> None:
        """No more pages: let Pagefind write the bundle while the build goes on."""
        if self.sealed is None:
            self.sealed = time.perf_counter()
            self._put(None)

    def finish(self, timeout: float) -> IndexRun:
        """Wait for the bundle; raise :class:`IndexFailed` if Pagefind failed."""
        self.seal()
        waiting = time.perf_counter()
        try:
            self._result.result(timeout)
        except concurrent.futures.TimeoutError:
            raise IndexFailed([(None, f"Pagefind did not finish within {timeout:g} s")]) from None
        except IndexFailed:
            raise
        except Exception as error:  # noqa: BLE001 - Pagefind missing, crashed, disk full...
            raise IndexFailed([(None, f"{type(error).__name__}: {error}")]) from error
        done = time.perf_counter()
        return IndexRun(self.pages, done - self.started, done - waiting)

    def abandon(self) -> None:
        """Stop Pagefind without writing anything (the build it served ended early)."""
        self._put(_ABANDON)
        try:
            self._result.result(10)
        except Exception:  # noqa: BLE001, S110 - nothing of it is kept
            pass

    def _put(self, item) -> None:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
        except RuntimeError:  # Pagefind already failed (its loop is closed): finish() says why
            pass

    def _main(self, config: dict) -> None:
        try:
            self._result.set_result(self._loop.run_until_complete(self._run(config)))
        except BaseException as error:  # noqa: BLE001 - handed to the build's thread
            self._result.set_exception(error)
        finally:
            self._loop.close()

    async def _run(self, config: dict) -> None:
        service = await StreamingService().launch()
        try:
            index = await service.create_index(config)
            added = []
            while (item := await self._queue.get()) not in (None, _ABANDON):
                path, url, source = item
                html = for_index(Path(path).read_text(encoding="utf-8"))
                # Sent now, in the order written (Pagefind's order, so its output, is
                # deterministic); answered while the next pages are rendered.
                sent = index.add_html_file(content=html, url=url)
                added.append((source, asyncio.ensure_future(sent)))
            answers = await asyncio.gather(*(task for _, task in added), return_exceptions=True)
            if item is _ABANDON:
                return
            failures = [
                (source, str(answer))
                for (source, _), answer in zip(added, answers, strict=True)
                if isinstance(answer, BaseException)
            ]
            if failures:
                raise IndexFailed(failures)
            # The bundle comes back to be written here: Pagefind's own writer (tokio files
            # never flushed) can still be writing when it answers, and exits mid-write.
            files = {file["path"]: file["content"] for file in await index.get_files()}
        finally:
            await service.close()
        for name in UNUSED_BUNDLE_FILES:
            del files[name]
        for name, data in sorted(stabilise(files).items()):
            path = self.bundle / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
