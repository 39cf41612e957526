"""Dated "Update" sections that readers and subscribers notice.

Anywhere in a post, a blockquote whose first bold text is ``Update YYYY-MM-DD``
(optionally ``YYYY-MM-DD HH:MM``, in the site's ``TIMEZONE``) is an update::

    > **Update 2022-03-24**: We've added extra questions and answers below.

It renders as ``<aside class="post-update" id="update-2022-03-24">`` whose label
``<time datetime="...">`` links to the aside itself (a second update on one day gets
``-2``). Articles get ``updates`` (a list of :class:`plugin.PostUpdate`, oldest
first: ``date``, ``anchor``, ``html``) and ``modified`` (the newest update, unless
an explicit ``Modified:`` is later). The feeds and the theme read only these.

A date that is not real, earlier than the post's date or later than the build date
stops the build. A blockquote that starts with "Update" and no date is left alone.

``make update POST=content/blog/... TEXT="..."`` appends an update dated today
(see :mod:`post_updates.append`).

Settings: ``UPDATES_BUILD_DATE`` (``YYYY-MM-DD``; default today) is the latest date
an update may carry.
"""

from pelican import signals

from .plugin import post_updates


def register():
    signals.initialized.connect(post_updates.configure)
    signals.content_object_init.connect(post_updates.attach)
