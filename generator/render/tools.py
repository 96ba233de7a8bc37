"""Tools: the self-assessment matrix and the customer journey, a page each, and the index."""

from __future__ import annotations

from typing import Iterator

from ..link import Catalogue
from .facets import KIND_LABELS
from .listing import Listings
from .page import Page, page

# The interactive tool's script, loaded only by its page (front matter ``scripts``).
TOOL_SCRIPTS = {"self-assessment": ["assets/javascripts/joinedup-tools.js"]}
# The customer journey names the strongest few examples of each stage; the stage's own page
# lists them all.
JOURNEY_EXAMPLES = 5


def pages(catalogue: Catalogue) -> Iterator[Page]:
    stages = catalogue.entries_of("journey-stage")
    listings = Listings(catalogue)
    stage_practice = {}
    for stage in stages:
        members = catalogue.members[("journey-stage", stage.id)]
        stage_practice[stage.id] = listings.strongest(members.practice + members.pilots, JOURNEY_EXAMPLES)
    for tool in catalogue.content.tools:
        kind = tool.kind  # type: ignore[attr-defined]
        scripts = TOOL_SCRIPTS.get(kind)
        yield page(
            f"{kind}.md.j2",
            catalogue.entry("tool", tool.id).path,
            facets={"kind": [KIND_LABELS["tool"]]},
            meta={"scripts": scripts} if scripts else None,
            record=tool,
            stages=stages,
            stage_terms=catalogue.terms.get("journey-stage", {}),
            stage_members={e.id: catalogue.members[("journey-stage", e.id)] for e in stages},
            stage_practice=stage_practice,
            recommendations=catalogue.matrix_recommendations,
            source=catalogue.entry("document", tool.source.document),
        )
    yield page("tools-index.md.j2", "tools/index.md", tools=catalogue.entries_of("tool"))
