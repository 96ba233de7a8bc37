"""Related practice: for each example, the hand-picked ones first, then the examples that share
most terms with it and have the most similar text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import model as m
from .. import search

RELATED_LIMIT = 5

# How much text similarity (0..1, from whoosh's more-like-this) weighs against shared terms.
TEXT_SIMILARITY_WEIGHT = 4.0


# When too few examples have similar text, up to this many examples that share a theme are
# scored too, shared out among the example's themes: enough for a small collection, and the
# same bound for a large one, where more examples fall back on it (a key term shared by many
# examples says nothing of any two, so fewer have similar text).
THEME_NEIGHBOURS = 25


def related_practice(practice: list[m.PracticeBase]) -> dict[str, tuple[str, ...]]:
    """Related examples: hand-picked ones first, then the best by shared terms and similar text.

    Ties are broken by id so the result is the same on every build.
    """
    text_similarity = search.similarity([search.practice_document(p) for p in practice])
    bits: dict[str, int] = {}
    terms = {p.id: _Terms.of(p, bits) for p in practice}
    by_theme: dict[str, list[str]] = defaultdict(list)
    # where each example stands in its theme's list, found once (a search each time is quadratic)
    position: dict[tuple[str, str], int] = {}
    for p in sorted(practice, key=lambda p: p.id):
        for theme in p.themes:
            position.setdefault((theme, p.id), len(by_theme[theme]))
            by_theme[theme].append(p.id)
    result: dict[str, tuple[str, ...]] = {}
    for p in practice:
        similar_text = text_similarity.most_similar(p.id)
        candidates = set(similar_text)
        if len(candidates) < RELATED_LIMIT and p.themes:
            per_theme = max(1, THEME_NEIGHBOURS // len(p.themes))
            for theme in p.themes:
                members = by_theme[theme]
                # the examples next to this one in id order: deterministic, and bounded
                start = max(0, position[(theme, p.id)] - per_theme // 2)
                candidates.update(members[start : start + per_theme])
        candidates.discard(p.id)
        mine = terms[p.id]
        scored = []
        for ident in candidates:
            score = mine.shared_score(terms[ident]) + TEXT_SIMILARITY_WEIGHT * similar_text.get(ident, 0.0)
            if score > 0:
                scored.append((-round(score, 6), ident))
        limit = max(RELATED_LIMIT, len(p.related))
        chosen = [r for r in p.related if r != p.id]
        # only the best few are kept: taking more would compare each with all chosen before it
        for _, ident in sorted(scored):
            if len(chosen) >= limit:
                break
            if ident not in chosen:
                chosen.append(ident)
        result[p.id] = tuple(chosen[:limit])
    return result


@dataclass(frozen=True)
class _Terms:
    """An example's taxonomy terms as sets of bits, one bit per term, made once so that
    comparing two costs an AND and a count per kind of term (every example is compared with
    tens of others)."""

    themes: int
    client_groups: int
    national_indicators: int
    journey_stages: int
    region: str

    @classmethod
    def of(cls, p: m.PracticeBase, bits: dict[str, int]) -> "_Terms":
        """``p``'s terms; ``bits`` holds each term's bit, and gets one for a term new to it."""

        def mask(ids: list[str]) -> int:
            found = 0
            for ident in ids:
                found |= bits.setdefault(ident, 1 << len(bits))
            return found

        return cls(mask(p.themes), mask(p.client_groups), mask(p.national_indicators), mask(p.journey_stages), p.region)

    def shared_score(self, other: "_Terms") -> float:
        return (
            2.0 * (self.themes & other.themes).bit_count()
            + 1.5 * (self.client_groups & other.client_groups).bit_count()
            + 1.0 * (self.national_indicators & other.national_indicators).bit_count()
            + 0.5 * (self.journey_stages & other.journey_stages).bit_count()
            + (0.5 if self.region == other.region else 0.0)
        )
