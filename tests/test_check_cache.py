"""Checking again after an edit reads only the files that changed, and finds exactly what a check
from nothing finds: the same records, problems and near-duplicate warnings; a cache left by
other code, or damaged, is not used."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

from benchmarks.corpus import make_corpus
from generator import search
from generator.pipeline import CACHE_FILE, CheckCache, check_content

from .conftest import run_joinedup

PRACTICE = "kettering-in-reach"


def assert_same_as_from_nothing(content: Path, cache: CheckCache) -> None:
    reused = check_content(content, cache=cache)
    fresh = check_content(content)
    assert sorted(reused[1]) == sorted(fresh[1])
    assert dict(reused[0].records()) == dict(fresh[0].records())
    assert reused[0].references == fresh[0].references


def copy_practice(content: Path, ident: str) -> Path:
    copy = content / "practice" / f"{ident}.yml"
    copy.write_text((content / "practice" / f"{PRACTICE}.yml").read_text().replace(f"id: {PRACTICE}", f"id: {ident}"))
    return copy


def test_only_changed_files_are_checked_again_and_the_result_is_a_fresh_checks(content_copy: Path):
    cache = CheckCache()
    check_content(content_copy, cache=cache)
    total = len(cache.files)
    assert cache.reused == 0 and total > 5

    check_content(content_copy, cache=cache)
    assert cache.reused == total and cache.unsaved == total

    source = content_copy / "practice" / f"{PRACTICE}.yml"
    source.write_text(source.read_text().replace("title: ", "title: Renamed ", 1))
    assert_same_as_from_nothing(content_copy, cache)
    assert cache.reused == total - 1 and cache.unsaved == total + 1

    # a file broken after it was cached is reported, and so is every reference to what it defined
    source.write_text(source.read_text().replace("region: ", "region: nowhere-", 1))
    assert_same_as_from_nothing(content_copy, cache)
    assert any("nowhere-" in p.message for p in check_content(content_copy, cache=cache)[1])
    source.write_text("title: [unclosed\n")
    assert_same_as_from_nothing(content_copy, cache)

    # a new file and a deleted one
    copy_practice(content_copy, "kettering-in-reach-again")
    source.unlink()
    assert_same_as_from_nothing(content_copy, cache)


def test_an_edit_that_keeps_size_and_time_is_still_seen(content_copy: Path):
    cache = CheckCache()
    source = content_copy / "practice" / f"{PRACTICE}.yml"
    check_content(content_copy, cache=cache)
    before = source.stat()
    text = source.read_text()
    region = re.search(r"^region: (\S+)$", text, re.MULTILINE)
    source.write_text(text.replace(region.group(0), "region: " + "x" * len(region.group(1))))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    assert any("unknown region" in p.message for p in check_content(content_copy, cache=cache)[1])


def test_a_near_duplicate_is_found_by_comparing_only_the_new_example(content_copy: Path):
    cache = CheckCache()
    assert not [p for p in check_content(content_copy, cache=cache)[1] if "very similar" in p.message]
    copy = copy_practice(content_copy, "kettering-in-reach-copy")
    problems = check_content(content_copy, cache=cache)[1]
    assert cache.reused == len(cache.files) - 1
    similar = [p for p in problems if "very similar" in p.message]
    assert any(p.path.endswith("kettering-in-reach-copy.yml") for p in similar), similar
    # the same warning as a check from nothing gives
    assert similar == [p for p in check_content(content_copy)[1] if "very similar" in p.message]
    # once the copy says something else, the warning goes
    copy.write_text(copy.read_text().replace("summary: ", "summary: Quite different words about allotments. ", 1)
                    .replace("focus: ", "focus: Gardening and growing food together in parks. ", 1))
    text = copy.read_text()
    for field in ("features", "outcomes", "learning"):
        text = text.replace(f"{field}:\n", f"{field}:\n  - Allotment gardening grows confidence, friendship and vegetables.\n", 1)
    copy.write_text(text)
    fresh = [p for p in check_content(content_copy)[1] if "very similar" in p.message]
    assert [p for p in check_content(content_copy, cache=cache)[1] if "very similar" in p.message] == fresh


def test_the_index_of_a_changed_collection_agrees_with_one_made_from_nothing():
    texts = [
        "housing support for prison leavers with tenancy training", "employment coaching for care leavers",
        "mental health outreach to rough sleepers in the city", "debt advice and benefits checks for families",
    ] * 3
    documents = [search.Document(f"d{i}", f"Title {i}", "", f"{text} number{i}", "practice", {})
                 for i, text in enumerate(texts)]
    index = search.DuplicateIndex()
    index.update(documents, 0.8)
    documents[5] = search.Document("d5", "Title 1", "", documents[1].body, "practice", {})
    documents.append(search.Document("d99", "Title 2", "", documents[2].body, "practice", {}))
    warm = {(a, b) for a, b, _ in index.update(documents, 0.8)}
    cold = {(a, b) for a, b, _ in search.near_duplicates(documents, 0.8)}
    assert ("d1", "d5") in warm and ("d2", "d99") in warm
    assert warm >= cold


def test_validate_keeps_its_cache_under_the_build_folder_and_ignores_one_it_cannot_trust(content_copy: Path, tmp_path: Path):
    build = tmp_path / "build"
    first = run_joinedup("validate", "--content", str(content_copy), "--build-dir", str(build))
    assert first.returncode == 0, first.stdout + first.stderr
    assert (build / CACHE_FILE).is_file()
    assert not list(content_copy.rglob("*.pickle")), "the cache went into content/"
    assert CheckCache.read(build).files

    # written by other code: ignored
    (build / CACHE_FILE).write_bytes(pickle.dumps(("another version", CheckCache())))
    assert CheckCache.read(build).files == {}
    # damaged: ignored, and the check still runs in full
    (build / CACHE_FILE).write_bytes(b"\x80\x05not a pickle")
    assert CheckCache.read(build).files == {}
    again = run_joinedup("validate", "--content", str(content_copy), "--build-dir", str(build))
    assert again.returncode == 0 and again.stdout == first.stdout


def test_a_few_files_checked_anew_are_not_worth_writing_the_cache_for(tmp_path: Path):
    content, build = make_corpus(tmp_path, 100), tmp_path / "build"
    assert run_joinedup("validate", "--content", str(content), "--build-dir", str(build)).returncode == 0
    written = (build / CACHE_FILE).stat().st_mtime_ns
    edited = content / "practice" / "synthetic-00007.yml"
    edited.write_text(edited.read_text().replace("region: ", "region: nowhere-", 1))
    broken = run_joinedup("validate", "--content", str(content), "--build-dir", str(build))
    assert broken.returncode == 1 and "nowhere-" in broken.stdout, "the edit was not seen"
    assert (build / CACHE_FILE).stat().st_mtime_ns == written
    cache = CheckCache.read(build)
    check_content(content, cache=cache)
    assert cache.reused == len(cache.files) - 1
