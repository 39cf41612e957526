"""The output phase of a build: every page planned first, then written by workers.

Pelican's generators run as usual, but their writer only *plans* each page: template,
context and path. When every page is known, the pages are rendered by forked workers
(with ``JOBS=1``, here), a page whose inputs did not change is linked from the previous
output instead (:mod:`sitekit.incremental`), and the signals Pelican sends after writing
(``content_written``, ``article_writer_finalized``...) are sent here, in the order of a
serial build, each once its file exists. What anything logs is reported in that order.

A generator that writes its own files instead of using the writer (the feeds plugin)
runs whole in a worker if it is listed in :data:`WORKER_GENERATORS`; its log records and
pending lock writes come back, anything else it changes stays in the worker. Any other
generator runs here while the pages are planned.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field

from sitekit import compat, diagnose, tracking
from sitekit.errors import BuildStopped, ContentError
from sitekit.locks import PENDING_WRITES
from sitekit.parallel import CaptureLog, LogEvent, Pool, captured_log, replay

#: Generators (module.Class) whose ``generate_output`` may run whole in a worker: they
#: only write files, log, and record lock writes through ``sitekit.locks.write_lock``.
WORKER_GENERATORS = ("feeds.generator.FeedsGenerator",)
#: Pages per worker task: small enough to share the work out evenly.
MAX_CHUNK = 32
TOKEN = "\x00sitekit-page-{}\x00"


@dataclass(eq=False)
class Page:
    """One file rendered from a template (one call of the writer's ``_write_file``).

    Its template context is the writer's ``context`` with this page's own values over it
    (``delta``): a whole copy per page, as Pelican makes, would hold the site's settings
    and lists thousands of times over while the pages wait to be written.
    """

    template: object
    context: dict
    delta: dict
    path: str | None = None  # None: Pelican sends it to /dev/null (an overridden file)

    @property
    def localcontext(self) -> dict:
        return {**self.context, **self.delta}

    def lookup(self, name, default=None):
        """One name of the template context (without building all of it)."""
        if name in self.delta:
            return self.delta[name]
        return self.context.get(name, default)


@dataclass(eq=False)
class PageContext:
    """Stands for a page's template context in a held signal (built when it is sent)."""

    page: Page


@dataclass(eq=False)
class Held:
    """A signal Pelican sent after writing, sent again once the writes before it are done."""

    signal: object
    sender: object
    kwargs: dict


@dataclass(eq=False)
class Logged:
    """What was logged while planning, between the pages around it."""

    events: list


@dataclass(eq=False)
class Whole:
    """A generator whose ``generate_output`` runs whole, in a worker."""

    generator: object
    writer: object


@dataclass(eq=False)
class Outcome:
    """What running one unit gave: its log events, error, dependencies, lock writes, and
    what a whole generator recorded for the next build (:meth:`Increment.take_records`)."""

    events: list = field(default_factory=list)
    error: BaseException | None = None
    dependencies: object = None
    pending: dict = field(default_factory=dict)
    records: tuple = ({}, {})


class DescribedFailure(ContentError):
    """A failure in a worker, described there, where its traceback is (template lines)."""

    def __init__(self, line: str):
        super().__init__(line, "")
        self.line = line

    def format(self, path=None) -> str:
        return self.line


def _described(failure: Exception) -> Exception:
    if isinstance(failure, BuildStopped | ContentError):
        return failure
    return DescribedFailure(diagnose.describe_exception(failure))


class NullIncrement:
    """A full build: render every page, record nothing."""

    def planned(self, generators) -> None:
        pass

    def wants(self, page) -> bool:
        return True

    def link(self, page) -> bool:
        return False

    def rendered(self, page, dependencies) -> None:
        pass

    def take_records(self) -> tuple:
        return {}, {}

    def add_records(self, records) -> None:
        pass


def write_output(generators, writer, *, jobs: int, content_path, increment=None) -> None:
    """Plan every generator's output, then write it (Pelican's ``generate_output`` loop)."""
    increment = increment or NullIncrement()
    plan, planning_error = _plan(generators, writer, content_path)
    increment.planned(generators)
    for generator in generators:
        if hasattr(generator, "env"):
            tracking.track(generator.env)
    _Execution(plan, jobs, content_path, increment).run()
    if planning_error is not None:
        raise planning_error


def _plan(generators, writer, content_path):
    """Run the generators with a writer that plans pages; return the plan (and an error)."""
    plan: list = []
    write_file = writer.write_file

    def plan_file(name, template, context, *args, **kwargs):
        deferred = _Deferred(plan, template, context, _page_keys(kwargs))
        return write_file(name, deferred, context, *args, **kwargs)

    def hold(signal, sender=None, **kwargs):
        page = _Deferred.last
        if page is not None and kwargs.get("context") is page[0]:
            kwargs["context"] = PageContext(page[1])  # not a copy of the page's context
        plan.append(Held(signal, sender, kwargs))

    writer.write_file = plan_file
    error = None
    log = _PlanningLog(content_path, plan)
    with captured_log(content_path, log), compat.writer_opens(_Opener(plan)):
        with compat.signals_held(compat.AFTER_WRITING, hold):
            try:
                for generator in generators:
                    if not hasattr(generator, "generate_output"):
                        continue
                    if _runs_whole(generator):
                        plan.append(Whole(generator, _plain_writer(writer)))
                    else:
                        generator.generate_output(writer)
            except Exception as failure:  # noqa: BLE001 - raised once the plan so far is written
                error = failure
    writer.write_file = write_file
    _Deferred.last = None
    return plan, error


#: Keys Pelican's writer sets in every page's context besides the call's own arguments.
PAGE_KEYS = frozenset({"localsiteurl", "SITEURL", "output_file"})
PAGINATION_KEYS = ("paginator", "page", "previous_page", "next_page")


def _page_keys(kwargs) -> frozenset:
    """The context keys a ``write_file`` call can give its pages values of their own."""
    paginated = kwargs.get("paginated") or {"articles": None, "dates": None}
    return PAGE_KEYS.union(
        kwargs, (f"{key}_{suffix}" for key in paginated for suffix in PAGINATION_KEYS)
    )


class _PlanningLog(CaptureLog):
    """Keeps what is logged while planning in the plan, between the pages around it."""

    def __init__(self, content_path, plan):
        super().__init__(content_path)
        self.plan = plan

    def emit(self, record):
        if not self.plan or not isinstance(self.plan[-1], Logged):
            self.plan.append(Logged([]))
        self.plan[-1].events.append(LogEvent(record, self.content_path))


def _runs_whole(generator) -> bool:
    name = f"{type(generator).__module__}.{type(generator).__qualname__}"
    return name in WORKER_GENERATORS


def _plain_writer(writer):
    return type(writer)(writer.output_path, settings=writer.settings)


class _Deferred:
    """Stands in for a template: rendering it adds a :class:`Page` to the plan."""

    #: The template context and page last planned (the next ``content_written`` is its).
    last = None

    def __init__(self, plan, template, context, keys):
        self.plan, self.template, self.context, self.keys = plan, template, context, keys

    def render(self, localcontext) -> str:
        missing = object()
        delta = {
            key: localcontext[key]
            for key in self.keys
            if key in localcontext and localcontext[key] is not self.context.get(key, missing)
        }
        page = Page(self.template, self.context, delta)
        self.plan.append(page)
        _Deferred.last = (localcontext, page)
        return TOKEN.format(len(self.plan) - 1)


class _Opener:
    """Stands in for ``open`` in Pelican's writer while planning."""

    def __init__(self, plan):
        self.plan = plan

    def __call__(self, filename, mode="r", encoding=None, **kwargs):
        if filename == os.devnull:
            return open(filename, mode, encoding=encoding, **kwargs)  # noqa: SIM115
        return _Sink(self.plan, filename, encoding)


class _Sink:
    """Receives what Pelican's writer writes: a planned page's token, or real text."""

    def __init__(self, plan, path, encoding):
        self.plan, self.path, self.encoding = plan, path, encoding
        self.parts: list[str] = []

    def write(self, text):
        self.parts.append(text)
        return len(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        text = "".join(self.parts)
        if text.startswith("\x00sitekit-page-") and text.endswith("\x00"):
            self.plan[int(text[14:-1])].path = self.path
        else:  # not a planned page (e.g. Pelican's own feeds): write it now
            replace_file(self.path, text, self.encoding)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def replace_file(path, text: str | bytes, encoding="utf-8") -> None:
    """Write ``path`` as a new file (never through a link to the previous output)."""
    binary = isinstance(text, bytes)
    mode, encoding = ("b", None) if binary else ("", encoding)
    try:  # the usual case: nothing there yet
        return _write_new(path, text, mode, encoding)
    except FileExistsError:
        pass
    except FileNotFoundError:  # nor its directory (planning makes none)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return _write_new(path, text, mode, encoding)
    directory, name = os.path.split(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
    try:
        with open(handle, "w" + mode, encoding=encoding) as out:
            out.write(text)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_new(path, text, mode, encoding) -> None:
    with open(path, "x" + mode, encoding=encoding) as out:
        out.write(text)


def render_page(page: Page):
    """Render and write one page; return what it used (:mod:`sitekit.tracking`)."""
    with tracking.recording() as recorder:
        text = compat.render_as_writer(page.template, page.localcontext, page.context)
    if page.path is not None:
        replace_file(page.path, text)
    return recorder.dependencies()


def run_whole(unit: Whole) -> dict:
    """Run a generator's whole output; return the lock writes it recorded."""
    pending = unit.generator.settings.get(PENDING_WRITES)
    before = dict(pending) if pending is not None else {}
    unit.generator.generate_output(unit.writer)
    after = pending if pending is not None else {}
    return {path: text for path, text in after.items() if before.get(path) != text}


class _Execution:
    """Write a plan: units in workers (or here), effects replayed here in plan order."""

    def __init__(self, plan, jobs, content_path, increment):
        self.plan, self.jobs, self.content_path = plan, jobs, content_path
        self.increment = increment
        self.outcomes: dict[int, Outcome] = {}

    def run(self) -> None:
        #: The pages kept from the previous output (decided once, before anything runs).
        self.kept = {
            index
            for index, unit in enumerate(self.plan)
            if isinstance(unit, Page) and not self.increment.wants(unit)
        }
        todo = [
            index
            for index, unit in enumerate(self.plan)
            if isinstance(unit, Whole) or (isinstance(unit, Page) and index not in self.kept)
        ]
        if self.jobs > 1 and len(todo) > 1:
            tasks = self._tasks(todo)
            self.task_of = {index: number for number, task in enumerate(tasks) for index in task}
            with Pool(min(self.jobs, len(tasks)), self._run_task, tasks, self.content_path) as pool:
                self._replay((), pool)
        else:
            self._replay(todo, None)

    def _tasks(self, todo) -> list[list[int]]:
        """Pages in even runs, in plan order (posts first: workers take those), then whole
        generators (the longest: this process takes them first, from the back)."""
        wholes = [[index] for index in todo if isinstance(self.plan[index], Whole)]
        pages = [index for index in todo if isinstance(self.plan[index], Page)]
        size = max(1, min(MAX_CHUNK, len(pages) // (self.jobs * 8) or 1))
        return [pages[start : start + size] for start in range(0, len(pages), size)] + wholes

    def _run_task(self, indexes):
        """In a worker: run units until one fails; return their outcomes."""
        outcomes = []
        for index in indexes:
            outcome = self._run_unit(index, capture=True)
            outcomes.append((index, outcome))
            if outcome.error is not None:
                break
        # A post's HTML is needed by its own page only: let the worker's copy go.
        compat.forget_memoized_content(("get_content",))
        return outcomes

    def _run_unit(self, index, capture: bool) -> Outcome:
        unit = self.plan[index]
        outcome = Outcome()
        with captured_log(self.content_path) if capture else contextlib.nullcontext() as log:
            try:
                if isinstance(unit, Whole):
                    outcome.pending = run_whole(unit)
                    if capture:
                        outcome.records = self.increment.take_records()
                else:
                    outcome.dependencies = render_page(unit)
            except Exception as failure:  # noqa: BLE001 - reported in plan order
                outcome.error = _described(failure) if capture else failure
            if log is not None:
                outcome.events = log.take()
        return outcome

    def _replay(self, serial, pool) -> None:
        """Go through the plan in order: link, wait for or run each unit, send signals."""
        serial = set(serial)
        for index, unit in enumerate(self.plan):
            if isinstance(unit, Held):
                kwargs = {
                    key: value.page.localcontext if isinstance(value, PageContext) else value
                    for key, value in unit.kwargs.items()
                }
                compat.send_now(unit.signal, unit.sender, kwargs)
            elif isinstance(unit, Logged):
                replay(unit.events)
            elif index in self.kept:
                if not self.increment.link(unit):
                    self._finish(unit, self._run_unit(index, capture=False), captured=False)
            elif index in serial:
                self._finish(unit, self._run_unit(index, capture=False), captured=False)
            else:
                self._finish(unit, self._wait(index, pool), captured=True)

    def _wait(self, index, pool) -> Outcome:
        if index not in self.outcomes:
            value, error, events = pool.result(self.task_of[index])
            if error is not None:  # the task itself failed (not one of its units)
                replay(events)
                raise error
            for done, outcome in value:
                self.outcomes[done] = outcome
        return self.outcomes.pop(index)

    def _finish(self, unit, outcome: Outcome, captured: bool) -> None:
        if captured:
            replay(outcome.events)
        if outcome.error is not None:
            raise outcome.error
        if isinstance(unit, Whole):
            pending = unit.generator.settings.get(PENDING_WRITES)
            if pending is not None:
                pending.update(outcome.pending)
            self.increment.add_records(outcome.records)
        else:
            self.increment.rendered(unit, outcome.dependencies)
