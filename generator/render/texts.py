"""The rendered texts of the whole site, held compressed.

At 20,000 examples the site is some 31,000 files: over a gigabyte as Python strings (most hold a
character outside Latin-1, so two bytes a character), more than half of the build's peak memory,
and about a ninth of that compressed. A text is wanted whole only to be written, or for the
preview to rewrite the page of an edit, so it is compressed as it is made and expanded when it is
wanted. The same text always compresses to the same bytes, so two texts are compared as they are
held.
"""

from __future__ import annotations

import zlib
from typing import Iterator, Mapping

# Fastest: the texts compress almost as well at 1 as at 6 (about a fifth), in half the time.
_LEVEL = 1


class PageTexts(Mapping[str, str]):
    """Every page's text by docs path."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def add(self, path: str, text: str) -> None:
        self._packed[path] = zlib.compress(text.encode("utf-8"), _LEVEL)

    def keep(self, path: str, previous: "PageTexts") -> None:
        """Take the page's text from ``previous`` as it is, without expanding it."""
        self._packed[path] = previous._packed[path]

    def encoded(self, path: str) -> bytes:
        """The text as UTF-8, as it is written."""
        return zlib.decompress(self._packed[path])

    def same(self, path: str, other: "PageTexts") -> bool:
        """Whether ``other`` holds the same text for ``path``."""
        return self._packed.get(path) == other._packed.get(path)

    def __getitem__(self, path: str) -> str:
        return self.encoded(path).decode("utf-8")

    def __contains__(self, path: object) -> bool:
        return path in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

