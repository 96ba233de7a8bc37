"""Key figures: values written with their units, the build-time SVG chart drawn to scale with
its text escaped, and the "Results at a glance" block on the practice page with a table."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from generator import model as m
from generator.render.figures import BAR_ROOM, figure_chart, figure_sentence, value_text


def figure(unit: str, *values: dict, per: str | None = None, measure: str = "Tenancies kept") -> m.KeyFigure:
    return m.KeyFigure.model_validate(
        {"measure": measure, "unit": unit, "per": per, "values": list(values), "section": "Box 2"}
    )


def test_values_are_written_with_their_units_rates_and_bounds():
    cases = [
        (figure("percent", {"value": 23}), "23%"),
        (figure("pounds", {"value": 101}, per="week"), "£101 a week"),
        (figure("hours", {"value": 24}, per="week"), "24 hours a week"),
        (figure("hours", {"value": 1}), "1 hour"),
        (figure("number", {"value": 120, "qualifier": "more than"}), "more than 120"),
        (figure("number", {"value": 1200}), "1,200"),
        (figure("percent", {"value": 2.5}), "2.5%"),
    ]
    assert [value_text(f, f.values[0]) for f, _ in cases] == [text for _, text in cases]


def test_the_sentence_names_each_value_by_its_label_and_period():
    f = figure("percent", {"value": 58, "label": "poor", "period": "at the start"}, {"value": 30, "period": "after"})
    assert figure_sentence(f) == "Tenancies kept: 58% poor (at the start); 30% (after)."


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'class="ju-chart__bar" x="0" y="[\d.]+" width="([\d.]+)"', svg)]


def test_the_chart_draws_percentages_against_100_and_counts_against_the_largest():
    percent = figure("percent", {"value": 23, "period": "2004/05"}, {"value": 8, "period": "2006/07"})
    assert bar_widths(figure_chart(percent)) == [round(BAR_ROOM * 0.23, 1), round(BAR_ROOM * 0.08, 1)]
    counts = figure("number", {"value": 66, "label": "received"}, {"value": 33, "label": "accepted"})
    assert bar_widths(figure_chart(counts)) == [BAR_ROOM, BAR_ROOM / 2]
    zero = figure("number", {"value": 0, "label": "fell"}, {"value": 0, "label": "readmitted"})
    assert bar_widths(figure_chart(zero)) == [0, 0]


def test_a_single_value_gets_no_chart_and_the_chart_is_hidden_from_screen_readers():
    assert figure_chart(figure("number", {"value": 13})) == ""
    svg = figure_chart(figure("number", {"value": 1, "label": "a"}, {"value": 2, "label": "b"}))
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg and "<script" not in svg


def test_contributed_text_in_the_chart_is_escaped():
    hostile = figure(
        "number",
        {"value": 1, "label": '<script>alert("x")</script>'},
        {"value": 2, "label": "</text><foreignObject>", "period": '" onload="alert(1)'},
    )
    svg = str(figure_chart(hostile))
    assert "<script" not in svg and "<foreignObject" not in svg and '" onload=' not in svg
    assert "&lt;script&gt;" in svg


def test_the_practice_page_leads_with_results_at_a_glance_and_a_table(real_site):
    site: Path = real_site[0]
    page = BeautifulSoup((site / "practice/oxfordshire-joint-housing-team/index.html").read_text(), "html.parser")
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    assert headings.index("Results at a glance") < headings.index("Focus")
    glance = page.select_one(".ju-glance")
    assert glance.select_one(".ju-figure__measure").get_text() == "Care leavers living in unsuitable housing"
    assert len(glance.select("svg.ju-chart rect.ju-chart__bar")) == 2
    assert "23% (2004/05)" in glance.select_one(".ju-figure__values").get_text()
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in page.select(".ju-glance__table tbody tr")]
    assert rows[0][:3] == ["Care leavers living in unsuitable housing", "2004/05", "23%"]
    assert rows[0][3].startswith("Learning from best practice, Box 2")
    assert rows[1] == ["after the Joint Housing Team was developed, 2006/07", "8%"]
    lanarkshire = BeautifulSoup(
        (site / "practice/north-lanarkshire-supported-employment/index.html").read_text(), "html.parser"
    )
    assert [s.get_text() for s in lanarkshire.select(".ju-figure__headline strong")] == [
        "more than 120", "24 hours a week", "£101 a week"
    ]
    without = BeautifulSoup((site / "practice/erewash-probation-housing-clinic/index.html").read_text(), "html.parser")
    assert without.select_one(".ju-glance") is None
