"""One address, one page: stop the build when two sources would be saved as one file.

Pelican would otherwise warn, then fail half-way through writing. Every colliding
source is reported (``path:line: address X is also ... — change this post's Slug:``)
before anything is written.
"""

from collections import defaultdict

from pelican import signals

from sitekit.compat import content_objects
from sitekit.errors import BuildStopped, ContentError, find_line, report


def check_addresses(generators) -> None:
    """Report every content object whose ``save_as`` another one already has."""
    owners = defaultdict(list)
    for generator in generators:
        for content in content_objects(generator):
            if content.save_as:
                owners[content.save_as].append(content)
    collided = False
    for contents in owners.values():
        contents.sort(key=lambda content: content.source_path)
        for content in contents[1:]:
            collided = True
            report(
                ContentError(
                    f"address /{content.url} is also the address of"
                    f" {contents[0].get_relative_source_path()}",
                    "give one of them another Slug: (or title, or date)",
                    path=content.source_path,
                    line=find_line(content.source_path, "Slug:")
                    or find_line(content.source_path, "Title:"),
                )
            )
    if collided:
        raise BuildStopped()


def register():
    signals.all_generators_finalized.connect(check_addresses)
