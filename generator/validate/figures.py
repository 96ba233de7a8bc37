"""Key figures: a percentage is at most 100, and every value of a figure with more than one can
be told apart by its period or label (the chart and the table name each value by them)."""

from __future__ import annotations

from ..problems import Problem
from .content import Content


def figure_problems(content: Content) -> list[Problem]:
    found = []
    for p in content.practice:
        file = content.files[("practice", p.id)]
        for i, figure in enumerate(p.key_figures):
            seen: set[tuple[str, str]] = set()
            for j, value in enumerate(figure.values):
                loc = ("key_figures", i, "values", j)
                where = f"key_figures[{i}].values[{j}]"
                if figure.unit == "percent" and value.value > 100:
                    found.append(Problem(file.display_path, file.line_of((*loc, "value")), f"{where}.value",
                                         f"a percentage cannot be more than 100, found {value.value:g}; write the "
                                         "percentage the source gives, or choose another unit"))
                name = (value.period or "", value.label or "")
                if len(figure.values) > 1 and name == ("", ""):
                    found.append(Problem(file.display_path, file.line_of(loc), where,
                                         "a figure with several values needs a 'period' or 'label' on each, so "
                                         "readers can tell them apart"))
                elif name in seen:
                    found.append(Problem(file.display_path, file.line_of(loc), where,
                                         f"two values of '{figure.measure}' have the same period and label; "
                                         "give each a different period or label"))
                seen.add(name)
    return found
