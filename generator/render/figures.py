"""Key figures made readable: each value as words ("£101 a week", "more than 120"), and a small
bar chart drawn here as SVG, so readers get the chart without any chart script.

The chart is a picture of numbers the page also gives as text and in a table, so it is hidden
from assistive technology; every string in it is escaped here, as nothing passes a sanitiser.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from .. import model as m

CHART_WIDTH = 360
BAR_ROOM = 290  # the rest of the width holds the value written after the longest bar
ROW_HEIGHT = 36
BAR_HEIGHT = 14
LABEL_CHARACTERS = 48


def number_text(value: float) -> str:
    """A number as the sources write it: 23, 1,200, 2.5."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def value_text(figure: m.KeyFigure, value: m.FigureValue) -> str:
    """One value with its unit, rate and qualifier: '23%', 'more than 120', '£101 a week'."""
    number = number_text(value.value)
    text = {"percent": f"{number}%", "pounds": f"£{number}", "hours": f"{number} hours", "number": number}[figure.unit]
    if figure.unit == "hours" and value.value == 1:
        text = "1 hour"
    if figure.per:
        text += f" a {figure.per}"
    return f"{value.qualifier} {text}" if value.qualifier else text


def value_name(value: m.FigureValue) -> str:
    """What a value is for: its label and its period, e.g. 'accepted, at review'."""
    return ", ".join(part for part in (value.label, value.period) if part)


def value_phrase(figure: m.KeyFigure, value: m.FigureValue) -> str:
    """A value as a reader says it: '27 accepted', '23% (2004/05)', '8 no fixed abode (at referral)'."""
    words = [value_text(figure, value), value.label or "", f"({value.period})" if value.period else ""]
    return " ".join(word for word in words if word)


def figure_sentence(figure: m.KeyFigure) -> str:
    """The whole figure in words: 'Care leavers living in unsuitable housing: 23% (2004/05); 8% (2006/07).'"""
    return f"{figure.measure}: {'; '.join(value_phrase(figure, v) for v in figure.values)}."


def figure_chart(figure: m.KeyFigure) -> Markup:
    """A horizontal bar chart of a figure's values, or nothing when there is only one value.

    Percentages are drawn on a 0-100 scale, so 8% looks small; other units against the largest
    value of the figure (the figure holds one unit, so its bars compare like with like).
    """
    if len(figure.values) < 2:
        return Markup("")
    scale = 100.0 if figure.unit == "percent" else max(v.value for v in figure.values) or 1.0
    rows = []
    for i, v in enumerate(figure.values):
        y = i * ROW_HEIGHT
        width = round(BAR_ROOM * v.value / scale, 1)
        rows.append(
            # each value's name on its own line above its bar, so names need not share the width
            f'<text class="ju-chart__label" x="0" y="{y + 13}">{html.escape(_shorten(value_name(v), LABEL_CHARACTERS))}</text>'
            f'<rect class="ju-chart__track" x="0" y="{y + 18}" width="{BAR_ROOM}" height="{BAR_HEIGHT}"/>'
            f'<rect class="ju-chart__bar" x="0" y="{y + 18}" width="{width}" height="{BAR_HEIGHT}"/>'
            f'<text class="ju-chart__value" x="{width + 6}" y="{y + 30}">{html.escape(value_text(figure, v))}</text>'
        )
    height = len(figure.values) * ROW_HEIGHT
    return Markup(
        f'<svg class="ju-chart" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
        f'aria-hidden="true" focusable="false">{"".join(rows)}</svg>'
    )


def _shorten(text: str, limit: int) -> str:
    # the label column of the chart is narrow; the full name is in the text and the table
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
