"""Converting the site's sources in forked workers (Markdown is most of a build's work).

Before Pelican's generators read anything, the files they are going to read are handed
to workers. Pelican then reads them as usual, in file order, except that its reader
returns each worker's result: it first replays what the worker logged, then raises the
worker's error or returns ``(content, metadata)``. Signals, plugins' hooks and content
objects all stay in this process, so a parallel read is the serial read, only sooner.
"""

from __future__ import annotations

import hashlib
import os

from pelican.urlwrappers import URLWrapper
from pelican.utils import file_suffix

from sitekit import collector, compat
from sitekit.parallel import Pool, replay


def source_digest(path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).digest()


class ParallelReading:
    """One build's reads: which files workers convert, and their results in order.

    :param jobs: processes allowed (1: read in this process, as Pelican does).
    """

    def __init__(self, jobs: int, content_path):
        self.jobs = jobs
        self.content_path = content_path
        self.tasks: list[tuple[object, str]] = []
        self.index: dict[str, int] = {}
        self.pool = None
        #: The blake2b digest of each source read, by absolute path (sitekit.incremental).
        self.digests: dict[str, bytes] = {}

    def start(self, generators, skip=frozenset()) -> None:
        """Hook the readers of ``generators``; start workers on every file they will read.

        :param skip: absolute paths that will not be read (their objects are reused).
        """
        for generator in generators:
            for reader in compat.readers_of(generator):
                reader.read = _HookedRead(self, reader.read)
            readers = generator.readers.readers
            for relative in compat.source_files(generator):
                path = os.path.abspath(os.path.join(generator.path, relative))
                reader = readers.get(file_suffix(path))
                if reader is not None and path not in skip:
                    self.tasks.append((reader.read.original, path))
        if self.jobs > 1 and len(self.tasks) > 1:
            self.index = {path: number for number, (_read, path) in enumerate(self.tasks)}
            jobs = min(self.jobs, len(self.tasks))
            self.pool = Pool(jobs, self._convert, range(len(self.tasks)), self.content_path)
            self.pool.__enter__()

    def _convert(self, index):
        """In a worker: read one file with the reader Pelican would use."""
        read, path = self.tasks[index]
        content, metadata = read(path)
        _make_slugs(metadata)
        return (content, metadata), source_digest(path)

    def take(self, path):
        """Return the workers' ``(value, error, events)`` for ``path``, or None."""
        number = self.index.pop(path, None)
        if self.pool is None or number is None:
            return None
        outcome = self.pool.result(number)
        if not self.index:
            self.finish()
        return outcome

    def finish(self) -> None:
        """Stop the workers (every result taken, or the build is over)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.__exit__(None, None, None)

    def abort(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.__exit__(RuntimeError, None, None)


def _make_slugs(metadata) -> None:
    """Work out the slugs of the tags, category and authors read (each keeps its own, and
    it travels with it), so that this happens in the worker, not in the build's process."""
    for value in metadata.values():
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, URLWrapper):
                item.slug  # noqa: B018 - computed and kept by the property


class _HookedRead:
    """Stands in for a reader's ``read``: the worker's result if there is one."""

    def __init__(self, reading: ParallelReading, original):
        self.reading = reading
        self.original = original
        self.reads = 0

    def __call__(self, path):
        self.reads += 1
        if self.reads % collector.FREEZE_EVERY == 0:
            collector.keep_out()  # the posts read so far live until the build ends
        outcome = self.reading.take(path)
        if outcome is None:
            self.reading.digests[path] = source_digest(path)
            return self.original(path)
        value, error, events = outcome
        replay(events)
        if error is not None:
            raise error
        result, self.reading.digests[path] = value
        return result
