"""Forked worker processes for the build, and what they log brought home in order.

How many workers: ``JOBS`` in the environment (``make html JOBS=4``), else the ``JOBS``
setting, else the cores this process may use, fewer when memory is short. ``JOBS=1`` is
the serial build: everything runs in this process. Where ``fork`` is unavailable the build
is serial and says so in one line.

With ``JOBS=n`` a :class:`Pool` forks ``n - 1`` workers when the work is known (so they
share this process's content objects, copying only the memory they touch) and this
process takes part too. Each task's log records travel back as :class:`LogEvent` and are
replayed, in the order a serial build would emit them, through this process's loggers.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading

from sitekit import collector, compat
from sitekit.errors import PROBLEM_ATTRIBUTE, ContentError

JOBS_SETTING = "JOBS"
JOBS_ENVIRONMENT = "JOBS"
#: Memory a worker may need of its own (beyond what it shares with the parent).
MEMORY_PER_WORKER = 256 * 2**20
_warned_no_fork = False


def jobs(settings) -> int:
    """Return how many processes may build at once (1: build in this process only)."""
    value = os.environ.get(JOBS_ENVIRONMENT) or settings.get(JOBS_SETTING)
    if value not in (None, ""):
        try:
            count = int(value)
        except (TypeError, ValueError):
            count = 0
        if count < 1:
            raise ContentError(
                f"JOBS is {value!r}", "set it to a whole number of processes, 1 or more"
            )
    else:
        count = min(available_cores(), memory_cap())
    if count > 1 and not fork_available():
        global _warned_no_fork
        if not _warned_no_fork:
            print("parallel build unavailable (no fork on this system): building in one process",
                  file=sys.stderr)  # fmt: skip
            _warned_no_fork = True
        return 1
    return count


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def memory_cap() -> int:
    """Workers the free memory allows (each may need up to MEMORY_PER_WORKER of its own)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle)
        available = int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return 64
    return max(1, available // MEMORY_PER_WORKER)


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# --- Log records across processes ---


class LogEvent:
    """A log record reduced to what the build's report needs; replayed in the parent."""

    __slots__ = ("name", "level", "message", "problem", "limit_msg", "limit_args")

    def __init__(self, record, content_path):
        from sitekit.build import problem_line

        self.name = record.name
        self.level = record.levelno
        self.message = record.getMessage()
        self.problem = problem_line(record, content_path)
        self.limit_msg = getattr(record, "limit_msg", None)
        self.limit_args = getattr(record, "limit_args", ())

    def replay(self) -> None:
        """Log it again here, through its logger's filters, as the serial build did."""
        from pelican.log import FilteredMessage

        level_name = logging.getLevelName(self.level)
        record = logging.makeLogRecord(
            {"name": self.name, "levelno": self.level, "levelname": level_name,
             "msg": self.message, "args": ()}
        )  # fmt: skip
        if self.problem is not None:
            setattr(record, PROBLEM_ATTRIBUTE, self.problem)
        if self.limit_msg is not None:
            record.limit_msg, record.limit_args = self.limit_msg, self.limit_args
        with contextlib.suppress(FilteredMessage):  # Pelican's duplicate filter said no
            logging.getLogger(self.name).handle(record)


class CaptureLog(logging.Handler):
    """Collect the :class:`LogEvent` of every record at WARNING or above."""

    def __init__(self, content_path):
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.events: list[LogEvent] = []

    def emit(self, record):
        self.events.append(LogEvent(record, self.content_path))

    def take(self) -> list[LogEvent]:
        events, self.events = self.events, []
        return events


@contextlib.contextmanager
def captured_log(content_path, capture=None):
    """Send this process's log records to a :class:`CaptureLog` instead of its handlers."""
    root = logging.getLogger()
    saved, saved_level = root.handlers[:], root.level
    capture = capture or CaptureLog(content_path)
    root.handlers = [capture]
    root.setLevel(logging.WARNING)
    try:
        yield capture
    finally:
        root.handlers = saved
        root.setLevel(saved_level)


def replay(events) -> None:
    for event in events:
        event.replay()


# --- Pickling between the parent and its forks ---

#: Objects both sides hold (forked copies): they travel as a name, not as a copy.
_shared: dict[str, object] = {}
_shared_ids: dict[int, str] = {}


def share(**objects) -> None:
    """Name objects that parent and workers both hold (the settings, the context)."""
    _shared.clear()
    _shared_ids.clear()
    for name, value in objects.items():
        _shared[name] = value
        _shared_ids[id(value)] = name


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return _shared_ids.get(id(obj))

    def reducer_override(self, obj):
        if isinstance(obj, BaseException):
            state = dict(getattr(obj, "__dict__", {}))
            return _rebuild_exception, (type(obj), obj.args, state)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return _shared[pid]


def _rebuild_exception(cls, args, state):
    try:
        error = cls(*args)
    except Exception:  # noqa: BLE001 - an exception whose __init__ wants other arguments
        error = cls.__new__(cls)
        error.args = args
    error.__dict__.update(state)
    return error


def dumps(value) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()


# --- The pool ---

_job = None
_content_path = None
_close_in_workers: list[int] = []


def close_in_workers(fd: int) -> None:
    """Have workers close ``fd`` (``make serve``'s listening socket) as they start."""
    _close_in_workers.append(fd)


def _worker_started() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the build
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in _close_in_workers:
        with contextlib.suppress(OSError):
            os.close(fd)
    gc.enable()


def _run_task(task):
    """Run the job on one task; return ``(value, error, log events)``."""
    with captured_log(_content_path) as log, compat.logs_unlimited():
        try:
            value, error = _job(task), None
        except Exception as failure:  # noqa: BLE001 - reported by the parent, in order
            value, error = None, failure
        return value, error, log.take()


class Pool:
    """``jobs - 1`` forked workers and this process share a list of tasks.

    Workers take tasks from the front; this process, whenever it waits for a result,
    from the back. So the long tasks put last (whole generators, listings) run here,
    where everything already is, and workers touch, and copy, as little as they can.
    The job and everything it reads are inherited by fork: only task numbers and
    results (pickled) travel. Used as a context manager: leaving it stops every worker.
    """

    def __init__(self, jobs: int, job, tasks, content_path):
        global _job, _content_path
        _job, _content_path = job, content_path
        self.tasks = tasks
        self.done: dict[int, tuple] = {}
        self.arrived: dict[int, bytes] = {}
        self.condition = threading.Condition()
        context = multiprocessing.get_context("fork")
        self.front = context.RawValue("i", 0)
        self.back = context.RawValue("i", len(tasks) - 1)
        self.lock = context.Lock()
        self.reader, self.writer = context.Pipe(duplex=False)
        self.write_lock = context.Lock()
        self.workers = [
            context.Process(target=self._work, daemon=True) for _ in range(max(0, jobs - 1))
        ]
        # No collector (the workers' or this process's) walks the objects that exist now:
        # a collection writes to every object it visits, and each page written to stops
        # being shared (a full collection here cost 10 MiB at N=1000).
        collector.keep_out()
        for worker in self.workers:
            worker.start()
        self.writer.close()  # here: only workers write
        self.collector = threading.Thread(target=self._collect, name="results", daemon=True)
        self.collector.start()

    def _claim(self, from_back: bool) -> int | None:
        with self.lock:
            if self.front.value > self.back.value:
                return None
            if from_back:
                self.back.value -= 1
                return self.back.value + 1
            self.front.value += 1
            return self.front.value - 1

    def _work(self) -> None:
        """In a worker: run tasks from the front until none is left."""
        _worker_started()
        self.reader.close()
        while (index := self._claim(from_back=False)) is not None:
            value, error, events = _run_task(self.tasks[index])
            try:
                data = dumps((value, error, events))
            except Exception as failure:  # noqa: BLE001 - something that cannot travel
                data = dumps((None, RuntimeError(f"{type(failure).__name__}: {failure}"), events))
            with self.write_lock:
                self.writer.send((index, data))

    def _collect(self) -> None:
        """Here, in a thread: take results off the pipe as they come (workers never wait)."""
        while True:
            try:
                index, data = self.reader.recv()
            except (EOFError, OSError):  # every worker is gone
                break
            with self.condition:
                self.arrived[index] = data
                self.condition.notify()
        with self.condition:
            self.condition.notify()

    def result(self, index: int) -> tuple:
        """Return ``(value, error, log events)`` of task ``index``: a worker's, or run here."""
        while index not in self.done:
            with self.condition:
                for done in list(self.arrived):
                    self.done[done] = self.arrived.pop(done)
            if index in self.done:
                break
            mine = self._claim(from_back=True)
            if mine is not None:
                self.done[mine] = _run_task(self.tasks[mine])
                continue
            with self.condition:
                if not self.arrived:
                    if not self.collector.is_alive():
                        raise RuntimeError(f"a build worker stopped before finishing task {index}")
                    self.condition.wait(0.5)
        outcome = self.done.pop(index)
        return loads(outcome) if isinstance(outcome, bytes) else outcome

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        global _job
        for worker in self.workers:
            if exc[0] is not None:
                worker.terminate()
            worker.join()
        self.reader.close()
        _job = None
