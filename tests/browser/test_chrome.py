"""The page chrome in a real browser: keyboard at every width, the menu drawer, the skip link,
readable identity, and the menu without JavaScript."""

from __future__ import annotations

import pytest

from .test_accessibility import PAGE_KINDS, settle

WIDTHS = (375, 1024, 1280)
# The drawer replaces the sidebar below this width (Material's 76.25em at 16 px).
DRAWER_BELOW = 1220

# Where focus is and why it would be unusable there ('' when it is fine); done once focus has
# left the page or come back round to an element it has already visited.
FOCUS_PROBLEM = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {done: true};
  const where = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
  const r = el.getBoundingClientRect();
  let problem = '';
  if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) problem = 'hidden';
  else if (r.width < 2 || r.height < 2) problem = `too small to see (${r.width}x${r.height})`;
  else if (r.right <= 0 || r.left >= innerWidth || r.bottom <= 0 || r.top >= innerHeight)
    problem = `off screen at ${Math.round(r.left)},${Math.round(r.top)}`;
  else {
    // Something else painted over it (the sticky header, the overlay, a sidebar), tested at the
    // middle of its first line: a link that wraps has text of its neighbours in its box's middle.
    const line = el.getClientRects()[0] || r;
    const x = Math.min(Math.max(line.left + line.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(line.top + line.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (top && top !== el && !el.contains(top) && !(top.tagName === 'LABEL' && top.control === el))
      problem = 'covered by ' + top.tagName.toLowerCase() + '.' + String(top.className).trim().split(/\s+/).join('.');
  }
  window.juSeen = window.juSeen || new WeakSet();
  const again = window.juSeen.has(el);
  window.juSeen.add(el);
  return {done: again, where, problem};
}
"""


def open_at(browser, site_url: str, path: str, width: int, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(site_url + path)
    settle(tab)
    return context, tab, errors


# Each stop is judged in the page as focus arrives (after the browser has scrolled it into view),
# so that a walk costs one round trip to the browser per key.
WATCH_FOCUS = """(check) => {
  window.juStops = [];
  window.juDone = false;
  const judge = eval(check);
  document.addEventListener('focusin', () => {
    if (window.juDone) return;
    const state = judge();
    if (state.done) window.juDone = true;
    else window.juStops.push([state.where, state.problem]);
  });
}"""


def walk(tab, key: str, limit: int) -> list[tuple[str, str]]:
    """Press ``key`` until focus comes back round (or ``limit`` times): (element, problem) per stop."""
    tab.evaluate(WATCH_FOCUS, FOCUS_PROBLEM)
    for pressed in range(1, limit + 1):
        tab.keyboard.press(key)
        if pressed % 20 == 0 and tab.evaluate("() => window.juDone"):
            break
    return [tuple(stop) for stop in tab.evaluate("() => window.juStops")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind, path", PAGE_KINDS.items(), ids=list(PAGE_KINDS))
def test_tab_never_lands_on_anything_hidden_or_off_screen(browser, site_url, kind, path, width):
    context, tab, errors = open_at(browser, site_url, path, width)
    stops = walk(tab, "Tab", 400)
    context.close()
    assert len(stops) > 5, f"only {len(stops)} tab stops on {kind}"
    assert [f"{where}: {problem}" for where, problem in stops if problem] == []
    assert errors == []


@pytest.mark.parametrize("width", (375, 1024))
@pytest.mark.parametrize("kind", ["practice", "pilot", "search-filtered", "self-assessment", "gap-map"])
def test_shift_tab_never_leaves_focus_under_the_sticky_header(browser, site_url, kind, width):
    context, tab, errors = open_at(browser, site_url, PAGE_KINDS[kind], width)
    tab.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    stops = walk(tab, "Shift+Tab", 400)
    context.close()
    assert len(stops) > 5
    assert [f"{where}: {problem}" for where, problem in stops if problem] == []
    assert errors == []


def drawer_state(tab) -> dict:
    return tab.evaluate(
        """() => {
          const drawer = document.getElementById('ju-drawer');
          const r = drawer.getBoundingClientRect();
          return {
            expanded: document.querySelector('.ju-menu').getAttribute('aria-expanded'),
            visible: drawer.checkVisibility({visibilityProperty: true}) && r.right > 0 && r.left < innerWidth,
            inert: drawer.inert,
            focusInside: drawer.contains(document.activeElement),
            focused: document.activeElement.className,
          };
        }"""
    )


@pytest.mark.parametrize("width", (375, 1024))
def test_menu_opens_and_closes_by_keyboard_below_1220px(browser, site_url, width):
    context, tab, errors = open_at(browser, site_url, PAGE_KINDS["lesson-stage"], width)
    tab.keyboard.press("Tab")  # the skip link
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.matches('button.ju-menu[aria-controls=ju-drawer]')")
    closed = drawer_state(tab)
    assert closed["expanded"] == "false" and closed["inert"] and not closed["visible"]

    tab.keyboard.press("Enter")
    tab.wait_for_function("() => getComputedStyle(document.getElementById('ju-drawer')).transform === 'none'")
    opened = drawer_state(tab)
    assert opened["expanded"] == "true" and opened["visible"] and not opened["inert"]
    assert opened["focusInside"] and "ju-drawer__close" in opened["focused"]

    # Tab stays in the drawer (the page behind is inert) and reaches every section.
    names = []
    for _ in range(60):
        tab.keyboard.press("Tab")
        if not tab.evaluate("() => document.getElementById('ju-drawer').contains(document.activeElement)"):
            pytest.fail("Tab left the open drawer for " + tab.evaluate("() => document.activeElement.outerHTML"))
        names.append(tab.evaluate("() => document.activeElement.textContent.trim()"))
        if names[-1] == "Close the menu":
            break
    assert {"Home", "Practice", "Gap map", "Accessibility"} <= set(names)
    assert tab.evaluate("() => document.querySelector('main').inert") is True

    tab.keyboard.press("Escape")
    shut = drawer_state(tab)
    assert shut["expanded"] == "false" and shut["inert"]
    assert "ju-menu" in shut["focused"]
    assert tab.evaluate("() => document.querySelector('main').inert") is False

    tab.keyboard.press("Space")  # a button opens with Space as well
    assert drawer_state(tab)["expanded"] == "true"
    tab.keyboard.press("Enter")  # on the close button
    assert drawer_state(tab)["expanded"] == "false"
    assert "ju-menu" in tab.evaluate("() => document.activeElement.className")
    context.close()
    assert errors == []


def test_clicking_beside_the_open_drawer_closes_it(browser, site_url):
    context, tab, errors = open_at(browser, site_url, "/", 375)
    tab.click(".ju-menu")
    assert drawer_state(tab)["expanded"] == "true"
    tab.mouse.click(360, 400)  # the overlay, right of the drawer
    assert drawer_state(tab)["expanded"] == "false"
    context.close()
    assert errors == []


def test_at_1280px_the_sidebar_is_the_navigation_and_there_is_no_menu_button(browser, site_url):
    context, tab, errors = open_at(browser, site_url, "/indicators/", 1280)
    assert tab.is_hidden(".ju-menu")
    state = drawer_state(tab)
    assert state["visible"] and not state["inert"]
    sidebar_links = tab.locator("#ju-drawer .ju-nav a:visible").all_inner_texts()
    assert sidebar_links == ["Success indicators", "National Indicators", "Baselines"]
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["home", "practice", "national-indicator", "gap-map", "submit"])
def test_skip_link_is_the_first_stop_and_leads_to_the_h1(browser, site_url, kind, width):
    context, tab, errors = open_at(browser, site_url, PAGE_KINDS[kind], width)
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
    assert tab.evaluate(FOCUS_PROBLEM)["problem"] == ""
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.tagName") == "H1"
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    context.close()
    assert errors == []


def test_permalinks_are_not_a_tab_stop_per_heading_but_the_contents_lead_there(browser, site_url):
    context, tab, errors = open_at(browser, site_url, PAGE_KINDS["practice"], 1280)
    headings = tab.locator("article h2 .headerlink").count()
    assert headings > 3
    assert tab.evaluate("() => [...document.querySelectorAll('.headerlink')].every(a => a.tabIndex === -1)")
    contents = tab.locator(".md-sidebar--secondary nav[aria-label='On this page'] a")
    assert contents.count() >= headings
    contents.first.focus()
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => location.hash") == contents.first.get_attribute("href")
    context.close()


@pytest.mark.parametrize("width", (375, 1280))
def test_identity_is_readable(browser, site_url, width):
    context, tab, errors = open_at(browser, site_url, PAGE_KINDS["practice"], width)
    h1 = tab.evaluate("() => { const s = getComputedStyle(document.querySelector('h1')); return [s.color, s.fontWeight] }")
    assert h1 == ["rgba(0, 0, 0, 0.87)", "400"]
    sizes = tab.evaluate(
        "() => ['#ju-header-q', '.ju-header-search__button'].map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    )
    assert min(sizes) >= 16
    footer = tab.inner_text("footer")
    assert "Published by Joined Up" in footer
    assert "Open Government Licence v3.0" in footer and "Crown copyright" in footer
    assert tab.get_attribute("footer a:has-text('open an issue')", "href").endswith("/joined-up/issues")
    assert tab.locator("footer time[datetime]").count() == 1
    context.close()


def test_without_javascript_the_menu_is_a_link_that_opens_the_drawer(browser, site_url):
    context, tab, errors = open_at(browser, site_url, "/practice/", 375, java_script_enabled=False)
    assert tab.is_hidden(".ju-menu")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.getAttribute('href')") == "#ju-drawer"
    tab.keyboard.press("Enter")
    tab.locator("#ju-drawer a", has_text="Gap map").wait_for(state="visible")
    assert tab.evaluate("() => location.hash") == "#ju-drawer"
    context.close()
