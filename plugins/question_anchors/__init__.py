"""Stable per-question anchors.

Every ``h2`` and ``h3`` of an article gets an ``id`` made from its text (or the
explicit ``## Text {#my-id}``), unique in the page, and a permalink inside the
heading: ``<a class="anchor-link" href="#ID" aria-label="Link to this question: ...">#</a>``.

Links already in the wild keep working:

* ids in the style of the organisation's old site (GitHub/Hugo) are added as aliases;
* an author who rewords a question keeps its old link with one short line::

      ## How long is the contract? {aliases="term-for-this-position"}

  (in HTML posts: ``<h2 data-aliases="term-for-this-position">``);
* ``content/anchors.lock.json`` records every anchor published, per article URL, in
  groups (an id with its aliases). ``make html`` (and ``make lock``) add new ones; a
  recorded id whose group still has an id on the page comes back as an alias by
  itself; an anchor that disappears entirely is an error in ``make publish`` and
  ``make test`` and a warning in ``make html``;
* a question deleted on purpose is retired: ``Retired: old-id -> new-id`` (or
  ``-> top``) in the post's header, or ``make retire POST=... ANCHOR=old-id [TO=...]``;
  its links then land there.

A post with at least ``ANCHORS_INDEX_MIN`` questions lists them near the top
(``Question-Index: no`` in a post's metadata turns that off, ``yes`` forces it).

Settings (the table in :mod:`plugin`, checked once at start): ``ANCHORS_LEGACY_SLUGS``,
``ANCHORS_MAX_LENGTH``, ``ANCHORS_RESERVED_IDS``, ``ANCHORS_INDEX_MIN``,
``ANCHORS_LOCK_FILE``, ``ANCHORS_LOCK_CHECK`` (``warn``, ``error`` or ``off``),
``ANCHORS_LOCK_UPDATE`` (record current anchors in the lock) and
``ANCHORS_UNRECORDED_CHECK`` (``error``: a post whose anchors are not recorded stops
the build, as ``make publish`` does).
"""

from pelican import signals

from .plugin import anchors


def register():
    signals.initialized.connect(anchors.configure)
    signals.content_object_init.connect(anchors.attach)
    signals.article_generator_finalized.connect(anchors.check_lock)
