"""Incremental builds: after a change, only what depends on it is made again.

What a build keeps for the next one (:class:`State`; ``make serve`` keeps it in memory,
``make html`` in ``CACHE_PATH``):

* digests of everything a whole site depends on: the settings, the plugins' and this
  package's code, installed package versions, the theme, every content file that is not
  a post or page (``authors.toml``, the lock files, images), a few environment variables
  and the date. If any of these changed, every page is rendered again (a theme change
  still reuses what was read);
* each source file's stamp and digest, and its content object as Pelican's hooks left it
  when it was read: an unchanged file is not read again, its object is reused (restored
  to that state, so it is what a fresh read would give);
* for each page written from a template, what it used (:mod:`sitekit.tracking`): the
  template, the digest of each name it looked up, and the content objects it read,
  each with the digest of its state in that build;
* what plugins computed per content object (:func:`remembered`), reused while the
  object is unchanged, so a plugin's pass over every post costs little after an edit.

A page whose inputs are all unchanged is not rendered: the file of the previous output
is hard-linked into the staging tree, which still replaces ``output/`` in one step
(:mod:`sitekit.swap`). Every other file (feeds, sitemap, static files, search index) is
written again; the ones that come out byte-identical are then linked too, so a rebuild
leaves untouched every file whose bytes did not change.
"""

from __future__ import annotations

import contextlib
import datetime
import filecmp
import hashlib
import importlib.metadata
import io
import logging
import os
import pickle
import re
import sys
from pathlib import Path

from pelican.contents import Content

from sitekit import compat, swap
from sitekit.fingerprints import Digester, files_digest, new_hash
from sitekit.parallel import LogEvent, replay
from sitekit.reading import source_digest
from sitekit.tracking import content_key

STATE_VERSION = 4
#: Environment variables that can change what a build writes.
ENVIRONMENT = ("LANG", "LC_ALL", "LC_TIME", "LC_CTYPE", "TZ", "SOURCE_DATE_EPOCH")
#: Settings the driver sets per build (they do not change what is written).
VOLATILE_SETTINGS = frozenset(
    {"OUTPUT_PATH", "SITEKIT_PENDING_WRITES", "SITEKIT_INCREMENT", "CACHE_PATH"}
)
#: Pelican's intrasite links (``{filename}post.md``...), resolved to other content's address.
INTRASITE_LINK = re.compile(
    r"[{|](?:filename|static|attach|index|category|tag|author|tags|categories|authors)[|}]"
)
#: Where a build's :class:`Increment` is, for generators that write their own files.
INCREMENT_SETTING = "SITEKIT_INCREMENT"
SOURCE_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm"})
PACKAGES = (
    "pelican", "markdown", "jinja2", "markupsafe", "feedgen", "lxml", "pygments", "nh3",
    "pelican-sitemap", "pagefind", "pymdown-extensions", "beautifulsoup4", "pyyaml",
)  # fmt: skip


class _Uncacheable(Exception):
    """A content object's state refers to another content object: read it afresh."""


def keep_outputs(settings, paths, depends_on, key) -> bool:
    """For a generator that writes files itself: may it keep them from the last build?

    True when the previous build wrote the files ``paths`` (relative to the output) from
    the same ``key`` (any value: what the files show besides the content) and the same
    content objects ``depends_on``, in the same order, each unchanged: the files are then
    already in place (linked from the previous output) and must not be written. False
    otherwise: the generator writes them, and this build remembers what they depend on.

    ``key`` and the objects must account for everything the files show; the settings,
    the theme and the code count already (any change there rebuilds everything).
    """
    increment = settings.get(INCREMENT_SETTING)
    return increment is not None and increment.keep(paths, depends_on, key)


def reused(settings, content) -> bool:
    """Was ``content`` reused from the previous build, as it was read (not read again)?

    True when its file, and everything reading depends on (settings, code, content
    files other than posts), are unchanged: the object is then, until the plugins'
    passes change it, exactly what the previous build read.
    """
    increment = settings.get(INCREMENT_SETTING)
    return increment is not None and increment.was_reused(content)


def remembered(settings, name: str, content, compute):
    """Return ``compute()``, or what it returned for ``content`` in the previous build
    when ``content`` is unchanged since.

    For a plugin's work on each post, such as a check, done again by every build.
    ``name`` tells the plugin's computations apart. What "unchanged" means depends on
    when it is called:

    * while the content is being read and finalised (``article_generator_finalized``,
      ``all_generators_finalized``...): the object as read is the same (same file, same
      settings, code and other content files; see :func:`reused`). ``compute`` must then
      depend only on the object's state as read, the settings and the content files
      other than posts (not on other posts, not on what later passes set);
    * once every page is planned (a generator's ``generate_output``): the object's
      whole state is the same (the digest that decides whether a page is rendered).
      ``compute`` must then depend only on that state and the settings.

    A ``compute`` that raises is not remembered (its error is reported every build).
    The value is kept in ``CACHE_PATH`` for ``make html``: make it picklable, and
    without content objects (those are not kept).
    """
    increment = settings.get(INCREMENT_SETTING)
    if increment is None:
        return compute()
    return increment.remember(name, content, compute)


# --- What a whole site depends on ---


def site_digest(settings) -> bytes:
    """Digest what every source's reading depends on, except the other content files."""
    hasher = new_hash()
    settings_values = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
    hasher.update(Digester().digest(settings_values))
    # The build's code: this package's modules (not its subpackages: the importer) and
    # every plugin.
    code = [
        *sorted(Path(__file__).parent.glob("*.py")),
        *map(Path, settings.get("PLUGIN_PATHS", [])),
    ]
    hasher.update(files_digest(code, skip={"__pycache__"}))
    for package in PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            hasher.update(f"{package}={importlib.metadata.version(package)};".encode())
    hasher.update(sys.version.encode())
    for name in ENVIRONMENT:
        hasher.update(f"{name}={os.environ.get(name, '')};".encode())
    hasher.update(datetime.date.today().isoformat().encode())
    return hasher.digest()


def other_content_digest(content_path) -> bytes:
    """Digest the content files that are not posts or pages (records, locks, images)."""
    others = []
    for directory, _dirs, names in os.walk(content_path):  # thousands of posts: no Paths
        for name in names:
            path = os.path.join(directory, name)
            if os.path.splitext(name)[1].lower() not in SOURCE_SUFFIXES and os.path.isfile(path):
                others.append(path)
    return files_digest(sorted(others))


def stamp(path) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


# --- The state kept between builds ---


class Snapshot:
    """A content object as Pelican's hooks left it once read (to reuse it as such).

    Kept for every source all build long, so kept compactly: the attribute names as one
    tuple shared by every snapshot with the same names, the values as a tuple, and the
    lists and dicts copied (a later pass may change them in place) as tuples.
    """

    __slots__ = ("cls", "names", "values", "events", "links")

    def __init__(self, obj, events=()):
        self.cls = type(obj)
        attributes = vars(obj)
        names = tuple(key for key in attributes if key not in _NOT_KEPT)
        self.names = _NAMES.setdefault(names, names)
        self.values = tuple(_frozen(attributes[key]) for key in names)
        #: What reading the file logged (warnings), said again when the object is reused.
        self.events = tuple(events)

    def __getstate__(self):
        return None, {key: getattr(self, key) for key in self.__slots__ if hasattr(self, key)}

    def __setstate__(self, state):
        for key, value in state[1].items():
            setattr(self, key, value)
        self.names = _NAMES.setdefault(self.names, self.names)

    def restore(self, obj, settings, context) -> None:
        attributes = obj.__dict__
        attributes.clear()
        for key, value in zip(self.names, self.values, strict=True):
            attributes[key] = _thawed(value)
        obj.settings = settings
        obj._context = context

    def build(self, settings, context):
        obj = self.cls.__new__(self.cls)
        self.restore(obj, settings, context)
        return obj

    def has_links(self, obj) -> bool:
        """Does the object's HTML hold intrasite links (``{filename}``...)? Found once
        per snapshot while the HTML is the one it was read with."""
        html = getattr(obj, "_content", None) or ""
        read = self.values[self.names.index("_content")] if "_content" in self.names else None
        if html is not read:
            return INTRASITE_LINK.search(html) is not None
        if not hasattr(self, "links"):
            self.links = INTRASITE_LINK.search(html) is not None
        return self.links

    def changed(self, obj) -> dict:
        """Return the attributes of ``obj`` that differ from the snapshot."""
        kept = dict(zip(self.names, self.values, strict=True))
        return {
            key: value
            for key, value in vars(obj).items()
            if key not in _NOT_KEPT and not _same(value, kept.get(key, _Uncacheable))
        }


#: Attributes a snapshot leaves out (the build's own, set again when it is restored).
_NOT_KEPT = frozenset({"settings", "_context"})
#: Each tuple of attribute names snapshots hold, once.
_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}


class _ListCopy(tuple):
    """A snapshot's copy of a list."""

    __slots__ = ()


class _DictCopy(tuple):
    """A snapshot's copy of a dict: its keys (a tuple kept once), then its values."""

    __slots__ = ()


def _frozen(value):
    if type(value) is list:
        return _ListCopy(value)
    if type(value) is dict:
        keys = tuple(value)
        return _DictCopy((_NAMES.setdefault(keys, keys), *value.values()))
    return value


def _thawed(value):
    if type(value) is _ListCopy:
        return list(value)
    if type(value) is _DictCopy:
        return dict(zip(value[0], value[1:], strict=True))
    return value


def _same(value, kept) -> bool:
    if value is kept:
        return True
    if type(value) is list and type(kept) is _ListCopy:
        return len(value) == len(kept) and tuple(value) == kept
    if type(value) is dict and type(kept) is _DictCopy:
        keys = kept[0]
        return len(value) == len(keys) and all(
            key in value and value[key] == item for key, item in zip(keys, kept[1:], strict=True)
        )
    return False


class Source:
    """One source file: stamp, digest and (when it could be kept) its object's snapshot."""

    __slots__ = ("stamp", "digest", "snapshot")

    def __init__(self, stamp, digest, snapshot):
        self.stamp, self.digest, self.snapshot = stamp, digest, snapshot


class PageRecord:
    """What one page used when it was last rendered."""

    __slots__ = ("template", "names", "read")

    def __init__(self, template, names, read):
        self.template = template
        self.names = names  # ((name, digest), ...)
        self.read = read  # (content key, ...)


class GroupRecord:
    """Files a generator wrote itself (:func:`keep_outputs`): what they depended on."""

    __slots__ = ("key", "read")

    def __init__(self, key, read):
        self.key = key  # digest of the generator's key
        self.read = read  # (content key, ...), in order


class State:
    """What one build leaves for the next (see the module's docstring)."""

    def __init__(self):
        self.version = STATE_VERSION
        self.reading_digest = b""
        self.theme_digest = b""
        self.live = None  # (device, inode) of the output this state describes
        self.sources: dict[str, Source] = {}
        self.pages: dict[str, PageRecord] = {}
        self.groups: dict[tuple[str, ...], GroupRecord] = {}
        self.objects: dict[tuple[str, str], bytes] = {}
        #: (name, content key) → (what the content was, value): see :func:`remembered`.
        self.memos: dict[tuple[str, tuple[str, str]], tuple[tuple, object]] = {}

    # persistence (make html): snapshots pickled one by one, settings by name
    def save(self, path: Path, settings) -> None:
        """Write the state: a header, then one pickle per source (never all in memory)."""
        header = dict(vars(self), sources=len(self.sources), memos=None)
        with contextlib.suppress(_Uncacheable, pickle.PicklingError, TypeError, AttributeError):
            header["memos"] = _dumps(self.memos, settings)  # none kept if one cannot be
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".new")
        with open(temporary, "wb") as handle:
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            for name, source in self.sources.items():
                data = None
                if isinstance(source.snapshot, _LazySnapshot):  # kept as it was loaded
                    data = source.snapshot.data
                elif source.snapshot is not None:
                    with contextlib.suppress(_Uncacheable, pickle.PicklingError, TypeError,
                                             AttributeError):  # fmt: skip
                        data = _dumps(source.snapshot, settings)
                record = (name, source.stamp, source.digest, data)
                pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path, settings) -> State:
        state = cls()
        try:
            with open(path, "rb") as handle:
                header = pickle.load(handle)
                if header.get("version") != STATE_VERSION:
                    return state
                records = [pickle.load(handle) for _ in range(header.pop("sources"))]
                memos = header.pop("memos")
                header["memos"] = _Unpickler(io.BytesIO(memos), settings).load() if memos else {}
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError, KeyError):  # fmt: skip
            return state
        vars(state).update(header)
        state.sources = {
            name: Source(stamp_, digest, _LazySnapshot(data, settings) if data else None)
            for name, stamp_, digest, data in records
        }
        return state


class _Pickler(pickle.Pickler):
    def __init__(self, handle, settings):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj):
        if obj is self.settings:
            return "settings"
        if isinstance(obj, Content):
            raise _Uncacheable()
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, handle, settings):
        super().__init__(handle)
        self.settings = settings

    def persistent_load(self, pid):
        return self.settings


def _dumps(snapshot, settings) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, settings).dump(snapshot)
    return buffer.getvalue()


class _LazySnapshot:
    """A saved snapshot, unpickled when first used (against this build's settings)."""

    def __init__(self, data, settings):
        self.data, self.settings, self.loaded = data, settings, None

    def __getattr__(self, name):
        if name.startswith("__") or name in ("data", "settings", "loaded"):
            raise AttributeError(name)
        if self.loaded is None:
            self.loaded = _Unpickler(io.BytesIO(self.data), self.settings).load()
        return getattr(self.loaded, name)


def state_file(settings, live: Path) -> Path:
    """Where ``make html`` keeps the state for the output ``live``."""
    name = hashlib.blake2b(str(live.resolve()).encode(), digest_size=6).hexdigest()
    return Path(settings.get("CACHE_PATH") or "cache") / f"sitekit-build-{name}.pickle"


class Memory:
    """The state between builds of one process (``make serve``), instead of a file."""

    def __init__(self):
        self.state: State | None = None
        #: Lock files parsed by the last build, by path (see ``sitekit.locks.parsed_kept``).
        self.locks: dict = {}


def tree_identity(path: Path):
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


# --- One build against the previous one ---


class _ReadLog(logging.Handler):
    """Keeps what is logged while Pelican reads one file (``events``, when not None)."""

    def __init__(self, content_path):
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.events: list | None = None

    def emit(self, record):
        if self.events is not None:
            self.events.append(LogEvent(record, self.content_path))


class Increment:
    """One build's view of the previous build: what to reuse, what to render.

    :param previous: the previous build's :class:`State` (empty for a first build).
    :param settings: this build's settings, after the driver's changes.
    :param live: the published output, which ``previous`` describes if it is its tree.
    """

    def __init__(self, previous: State, settings, live: Path, staging: Path):
        self.previous = previous
        self.settings = settings
        self.live, self.staging = live, staging
        self.root = os.path.join(str(staging), "")
        self.prefix = len(self.root)
        self.state = State()
        self.site = site_digest(settings)
        self.state.reading_digest = self._reading_digest()
        self.state.theme_digest = files_digest([settings["THEME"]], skip={"__pycache__"})
        self.reuse_objects = previous.reading_digest == self.state.reading_digest
        #: Why no page of the previous output can be kept, if none can.
        self.why_not = (
            "no previous build" if previous.live is None
            else "the output is not the previous build's" if previous.live != tree_identity(live)
            else "settings, code, or content other than posts changed" if not self.reuse_objects
            else "the theme changed" if previous.theme_digest != self.state.theme_digest
            else None
        )  # fmt: skip
        self.reuse_pages = self.why_not is None
        self.reading = None
        self.read_log = _ReadLog(settings["PATH"])
        self.digester = None
        self.objects: dict = {}
        self.addresses = None
        self.object_digests: dict[tuple[str, str], bytes] = {}
        self.snapshots: dict[str, Snapshot] = {}
        self.rendered_pages = self.linked_pages = 0
        #: Files linked from the previous output (relative): :meth:`settle` skips them.
        self.linked: set[str] = set()
        #: Pages of the previous output already in the staging tree (:meth:`prune`).
        self.in_staging: set[str] = set()
        self.emptied: list[str] = []
        self.groups: dict[tuple[str, ...], GroupRecord] = {}
        self.memos: dict = {}
        #: The objects restored from the previous build, by identity.
        self.restored: dict[int, Content] = {}
        #: Values many records hold (content keys, name digests), each kept once.
        self.shared: dict = {}
        settings[INCREMENT_SETTING] = self

    def _once(self, value):
        """Return the equal value kept already, or keep ``value`` (records from the
        workers arrive as fresh copies: one per page, each time)."""
        return self.shared.setdefault(value, value)

    def _reading_digest(self) -> bytes:
        return hashlib.blake2b(
            self.site + other_content_digest(self.settings["PATH"]), digest_size=16
        ).digest()

    # --- reading: reuse the objects of unchanged files ---

    def prepare(self, generators, reading) -> set[str]:
        """Seed Pelican's object cache with unchanged files; return their paths."""
        self.reading = reading
        logging.getLogger().addHandler(self.read_log)
        reused = set()
        for generator in generators:
            cache = compat.object_cache(generator)
            for relative in compat.source_files(generator):
                path = os.path.abspath(os.path.join(generator.path, relative))
                source = self.previous.sources.get(path) if self.reuse_objects else None
                current = stamp(path)
                if source is None or source.snapshot is None or source.stamp != current:
                    continue
                try:  # restored when Pelican asks for it (the hook below)
                    obj = source.snapshot.cls.__new__(source.snapshot.cls)
                except Exception:  # noqa: BLE001 - a snapshot that no longer loads: read it
                    continue
                cache[relative] = (compat.cache_stamp(generator, relative), obj)
                self.snapshots[path] = source.snapshot
                self.state.sources[path] = Source(current, source.digest, source.snapshot)
                reused.add(path)
            self._hook_cache(generator)
        return reused

    def _hook_cache(self, generator) -> None:
        get_cached_data, cache_data = generator.get_cached_data, generator.cache_data

        def cached(relative, default=None):
            obj = get_cached_data(relative, default)
            self.read_log.events = None
            if obj is not default:
                path = os.path.abspath(os.path.join(generator.path, relative))
                snapshot = self.snapshots[path]
                snapshot.restore(obj, generator.settings, generator.context)
                self.restored[id(obj)] = obj
                replay(snapshot.events)
            else:  # Pelican reads the file next: keep what that logs
                self.read_log.events = []
            return obj

        def read(relative, obj):
            path = os.path.abspath(os.path.join(generator.path, relative))
            snapshot = Snapshot(obj, self.read_log.events or ())
            self.read_log.events = None
            self.snapshots[path] = snapshot
            digest = self.reading.digests.get(path) or source_digest(path)
            self.state.sources[path] = Source(stamp(path), digest, snapshot)
            cache_data(relative, obj)

        generator.get_cached_data, generator.cache_data = cached, read

    # --- what plugins computed per content object ---

    def was_reused(self, content) -> bool:
        """See :func:`reused`."""
        return self.restored.get(id(content)) is content

    def _memo_token(self, content) -> tuple | None:
        """What ``content`` is, for :func:`remembered` (None: no way to tell)."""
        if self.digester is not None:  # every page is planned: the whole state
            digest = self.object_digests.get(content_key(content))
            return None if digest is None else ("state", digest)
        path = content.source_path and os.path.abspath(content.source_path)
        source = self.state.sources.get(path)
        if source is None or self.snapshots.get(path) is None:
            return None
        return ("read", source.digest)

    def remember(self, name, content, compute):
        """See :func:`remembered`."""
        token = self._memo_token(content)
        if token is None:
            return compute()
        key = (name, self._once(content_key(content)))
        previous = self.previous.memos.get(key) if self.reuse_objects else None
        if previous is not None and previous[0] == token:
            value = previous[1]
        else:
            value = compute()
        self.memos[key] = (token, value)
        return value

    # --- writing: which pages to render ---

    def close(self) -> None:
        """Stop listening to the log (the sources are read)."""
        logging.getLogger().removeHandler(self.read_log)

    def planned(self, generators) -> None:
        """Called once every page is planned: digest the state of every content object."""
        self.close()
        context = generators[0].context
        self.digester = Digester(shared=(self.settings, context))
        for mapping in (context["generated_content"], context["static_content"]):
            for obj in mapping.values():
                if isinstance(obj, Content):
                    self.objects[self._once(content_key(obj))] = obj
        for key, obj in self.objects.items():
            self.object_digests[key] = self._object_digest(obj)

    def _object_digest(self, obj) -> bytes:
        path = obj.source_path and os.path.abspath(obj.source_path)
        source = self.state.sources.get(path)
        snapshot = self.snapshots.get(path)
        hasher = new_hash()
        if source is not None and snapshot is not None:
            hasher.update(source.digest)
            hasher.update(self.digester.digest(snapshot.changed(obj)))
            links = snapshot.has_links(obj)
        else:  # a static file, or an object no file made: all of it
            hasher.update(repr(stamp(path)).encode() if path else b"-")
            attributes = {k: v for k, v in vars(obj).items() if k not in _NOT_KEPT}
            hasher.update(self.digester.digest(attributes))
            links = INTRASITE_LINK.search(getattr(obj, "_content", None) or "") is not None
        if links:
            hasher.update(self._addresses_digest())  # {filename} links resolve to addresses
        return hasher.digest()

    def _addresses_digest(self) -> bytes:
        """Digest every content object's address (what intrasite links resolve to)."""
        if self.addresses is None:
            self.addresses = self.digester.digest(
                sorted((key, obj.url) for key, obj in self.objects.items())
            )
        return self.addresses

    def _relative(self, page) -> str:
        return page.path[self.prefix :] if page.path.startswith(self.root) else page.path

    def wants(self, page) -> bool:
        """True if ``page`` must be rendered; False if the previous file can be kept."""
        if not self.reuse_pages or page.path is None:
            return True
        record = self.previous.pages.get(self._relative(page))
        if record is None or record.template != page.template.name:
            return True
        for name, digest in record.names:
            if self._name_digest(page, name) != digest:
                return True
        old = self.previous.objects
        for key in record.read:
            if key not in self.object_digests or old.get(key) != self.object_digests[key]:
                return True
        return False

    def _name_digest(self, page, name) -> bytes | None:
        """The digest of what ``name`` means to the page; None for a setting."""
        value = page.lookup(name, _Uncacheable)
        if value is _Uncacheable or value is self.settings.get(name, _Uncacheable):
            return None
        return self.digester.digest(value)

    def prune(self) -> None:
        """Start from the previous build's tree: keep its pages that may be linked."""
        keep = self.previous.pages if self.reuse_pages else ()
        self.in_staging, self.emptied = swap.prune(self.staging, self.live, keep)

    def link(self, page) -> bool:
        """Keep the previous file of ``page``: hard-link it into the staging tree."""
        relative = self._relative(page)
        if relative not in self.in_staging:
            try:
                self._link_previous(relative, page.path)
            except FileNotFoundError:
                return False
        self.state.pages[relative] = self.previous.pages[relative]
        self.linked_pages += 1
        self.linked.add(relative)
        return True

    def _link_previous(self, relative: str, target) -> None:
        """Hard-link the previous output's file ``relative`` at ``target``, making its
        directory if need be (planning makes none); FileNotFoundError if it is gone."""
        previous = self.live / relative
        try:
            os.link(previous, target)
        except FileNotFoundError:
            if not previous.exists():
                raise
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(previous, target)

    def rendered(self, page, dependencies) -> None:
        if page.path is None or dependencies is None:
            return
        names, read = dependencies
        read = tuple(map(self._once, read))
        digests = []
        for name in names:
            digest = self._name_digest(page, name)
            if digest is not None:
                digests.append(self._once((name, digest)))
        self.state.pages[self._relative(page)] = PageRecord(
            page.template.name, tuple(digests), read
        )
        self.rendered_pages += 1

    # --- files that generators write themselves ---

    def keep(self, paths, depends_on, key) -> bool:
        """See :func:`keep_outputs`."""
        paths = tuple(paths)
        read = tuple(self._once(content_key(obj)) for obj in depends_on)
        record = GroupRecord(self.digester.digest(key), read)
        previous = self.previous.groups.get(paths) if self.reuse_pages else None
        self.groups[paths] = record
        if (
            previous is None
            or previous.key != record.key
            or previous.read != read
            or any(self.previous.objects.get(k) != self.object_digests.get(k) for k in read)
        ):
            return False
        linked = []
        try:
            for relative in paths:
                target = self.staging / relative
                self._link_previous(relative, target)
                linked.append(target)
        except OSError:
            for target in linked:  # the generator writes them all: none may be a link
                target.unlink()
            return False
        self.linked.update(paths)
        return True

    def take_records(self) -> tuple[dict, dict]:
        """Return (and forget) the groups and memos recorded since the last call (a
        worker's), for :meth:`add_records` in the build's process."""
        records = self.groups, self.memos
        self.groups, self.memos = {}, {}
        return records

    def add_records(self, records) -> None:
        groups, memos = records
        for paths, record in groups.items():
            self.groups[paths] = GroupRecord(record.key, tuple(map(self._once, record.read)))
        for (name, key), memo in memos.items():
            self.memos[name, self._once(key)] = memo

    # --- after writing ---

    def settle(self) -> int:
        """Remove the pages kept in the staging tree that this build has not (a deleted
        post's), then link every written file that is byte-identical to the previous
        one; return how many were linked (so an unchanged feed keeps its file)."""
        stale = self.in_staging - self.linked
        swap.remove_stale(self.staging, self.live, stale, self.emptied)
        if not self.reuse_objects or tree_identity(self.live) != self.previous.live:
            return 0
        kept = 0
        live = os.path.join(str(self.live), "")
        for directory, _dirs, files in os.walk(self.root):
            for name in files:
                new = os.path.join(directory, name)
                relative = new[self.prefix :]
                if relative in self.linked:
                    continue
                old = live + relative
                try:
                    new_info, old_info = os.stat(new), os.stat(old)
                except OSError:
                    continue
                if new_info.st_ino == old_info.st_ino or new_info.st_size != old_info.st_size:
                    continue
                if filecmp.cmp(new, old, shallow=False):
                    temporary = new + ".sitekit-link"
                    os.link(old, temporary)
                    os.replace(temporary, new)
                    kept += 1
        return kept

    def finished(self, relocked: bool) -> State:
        """Return the state to keep, once the new tree is published.

        :param relocked: the build wrote lock files (content the next build reads).
        """
        if relocked:
            written = self._reading_digest()
            if written != self.state.reading_digest:  # a lock changed: what was computed
                self.memos = {  # while reading from the previous one is not kept
                    key: memo for key, memo in self.memos.items() if memo[0][0] != "read"
                }
            self.state.reading_digest = written
        self.state.groups = self.groups
        self.state.memos = self.memos
        read_keys = {key for record in self.state.pages.values() for key in record.read}
        read_keys.update(key for record in self.groups.values() for key in record.read)
        self.state.objects = {
            key: digest for key, digest in self.object_digests.items() if key in read_keys
        }
        self.state.live = tree_identity(self.live)
        return self.state
