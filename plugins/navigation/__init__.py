"""What readers use to find their way, which Pelican lacks.

Every published article gets, after all articles are read (linear in the number of
posts):

* ``prev_article`` and ``next_article``: the older and the newer post, by date;
* ``reading_minutes``: its length at ``NAVIGATION_WORDS_PER_MINUTE`` (at least 1);
* ``related_posts``: up to ``NAVIGATION_RELATED`` posts that share the most tags with
  it, nearer in time first. Only the ``NAVIGATION_RELATED_WINDOW`` posts on either
  side of it in each of its tags are compared, so no tag is scanned whole per post.

Templates get filters that change the page only: ``article.content`` stays as it is,
because the feeds read it.

* ``readable_html``: tables in a focusable scrolling region, focusable code blocks,
  ``width``/``height`` on local images whose size is known, a title on frames;
* ``before_first_question(questions, html)``: ``html`` put right before the first
  question heading (the question index comes after the intro);
* ``after_each_answer(questions, html)``: ``html`` put after the answer to every
  question (a "back to questions" link);
* ``initials`` (``"Chris Holdgraf"`` → ``"CH"``), ``link_label`` (a URL shown
  without its scheme) and ``date_text(format)`` (``strftime``, once per date).

Settings: ``NAVIGATION_RELATED`` (3), ``NAVIGATION_RELATED_WINDOW`` (10),
``NAVIGATION_WORDS_PER_MINUTE`` (230).
"""

from pelican import signals

from .plugin import navigation


def register():
    signals.initialized.connect(navigation.configure)
    signals.article_generator_finalized.connect(navigation.attach)
    signals.all_generators_finalized.connect(navigation.index_static_files)
    signals.generator_init.connect(navigation.add_filters)
    signals.finalized.connect(navigation.reset)
