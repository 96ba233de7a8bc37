"""A synthetic but realistic content folder: N practice examples beside the real taxonomies,
indicators, lessons, guidance and tools.

Text is recombined from sentences of the real practice examples and taxonomy terms are drawn
from the real taxonomies, so pages, search and links behave as they would with real content.
The seed makes every corpus of a given size the same.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _sentences(practice: list[dict]) -> list[str]:
    text = []
    for p in practice:
        for field in ("summary", "focus"):
            text.append(p[field])
        for field in ("features", "outcomes", "learning"):
            text.extend(p.get(field, []))
    sentences = []
    for chunk in text:
        sentences.extend(s.strip() for s in re.split(r"(?<=[.;])\s+", chunk) if len(s.strip()) > 30)
    return sentences


def make_corpus(target: Path, records: int, seed: int = 16) -> Path:
    """Write target/content with ``records`` synthetic practice examples; returns the folder."""
    content = target / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("practice"))
    (content / "practice").mkdir()
    real = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "content" / "practice").glob("*.yml"))]
    # The lessons cite the health pilots, so the real pilots stay beside the synthetic examples.
    for pilot in (p for p in real if p["kind"] == "pilot"):
        shutil.copy(REPO / "content" / "practice" / f"{pilot['id']}.yml", content / "practice")
    practice_only = [p for p in real if p["kind"] == "practice"]
    taxonomy = {
        name: [t["id"] for t in yaml.safe_load((content / "taxonomy" / f"{name}.yml").read_text())["terms"]]
        for name in ("client-groups", "themes", "regions", "areas", "journey-stages", "evidence-levels")
    }
    nis = sorted(p.stem for p in (content / "indicators" / "national").glob("*.yml"))
    sentences = _sentences(real)
    rng = random.Random(seed)
    for i in range(records):
        model = rng.choice(practice_only)
        ident = f"synthetic-{i:05d}"
        words = rng.sample(sentences, 1)[0].split()[:9]
        data = {
            "id": ident,
            "kind": "practice",
            "title": f"{' '.join(words).rstrip('.,;:')} ({i})",
            "summary": rng.choice(sentences),
            "client_groups": rng.sample(taxonomy["client-groups"], rng.randint(1, 2)),
            "themes": rng.sample(taxonomy["themes"], rng.randint(2, 5)),
            "national_indicators": rng.sample(nis, rng.randint(1, 3)),
            "journey_stages": rng.sample(taxonomy["journey-stages"], rng.randint(1, 2)),
            "region": rng.choice(taxonomy["regions"]),
            "areas": rng.sample(taxonomy["areas"], rng.randint(1, 2)),
            "focus": rng.choice(sentences),
            "features": rng.sample(sentences, rng.randint(2, 5)),
            "outcomes": rng.sample(sentences, rng.randint(1, 3)),
            "evidence": {"level": rng.choice(taxonomy["evidence-levels"]), "description": rng.choice(sentences)},
            "learning": rng.sample(sentences, rng.randint(1, 4)),
            "delivered_by": model.get("delivered_by", ["A local council"])[:1] or ["A local council"],
            "partners": model.get("partners", [])[:4],
            "contact": {"organisation": "Synthetic Borough Council", "as_of": 2026},
            "published": f"20{rng.randint(10, 26):02d}-{rng.randint(1, 12):02d}-01",
            "source": {"document": model["source"]["document"], "section": "Synthetic benchmark record"},
        }
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        # published must stay a date: safe_dump quotes the string, so unquote it.
        text = re.sub(r"^published: '(\d{4}-\d{2}-\d{2})'$", r"published: \1", text, flags=re.MULTILINE)
        (content / "practice" / f"{ident}.yml").write_text(
            "# yaml-language-server: $schema=../../schema/practice.schema.json\n" + text, encoding="utf-8"
        )
    return content
