"""The everyday query set against the CLI search: each finds an expected page in its top 5."""

from __future__ import annotations

from generator import search
from generator.pipeline import check_content
from generator.vocabulary import edit_distance, nearest_word

from .conftest import REPO
from .relevance import cli_results, queries, rank, scores


def test_the_query_set_is_everyday_and_big_enough():
    texts = [q.text for q in queries()]
    assert len(texts) >= 30 and len(set(texts)) == len(texts)
    lengths = {len(t.split()) for t in texts}
    assert {1, 2, 4} <= lengths
    assert all(q.expect for q in queries())


def test_every_query_finds_an_expected_page_in_the_cli_top_5():
    content, _ = check_content(REPO / "content")
    found = cli_results(content)
    missed = {q.text: found[q.text][:5] for q in queries() if not (rank(found[q.text], q.expect) or 99) <= 5}
    assert missed == {}
    assert scores(found)["empty"] == 0


def test_a_misspelt_word_becomes_the_nearest_word_the_site_uses():
    words = {"tenancy": 50, "tenant": 9, "homeless": 20, "elderly": 3, "housing": 99}
    assert nearest_word("tennancy", words) == "tenancy"
    assert nearest_word("Homless", words) == "homeless"
    assert nearest_word("eldelry", words) == "elderly"  # two letters swapped is one edit
    assert nearest_word("housing", words) is None  # a word the site uses is left alone
    assert nearest_word("zebra", words) is None  # nothing near
    assert nearest_word("hse", words) is None  # too short to guess
    assert edit_distance("tenant", "tenancy", 2) == 2
    respelling = search.respelled("tennancy support in Leicester", {**words, "support": 5, "leicester": 4})
    assert respelling == search.Respelling("tenancy support in Leicester", ("tennancy",))
    assert search.respelled("tenancy support", {**words, "support": 5}) is None
