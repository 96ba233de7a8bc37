/* Joined Up search: Pagefind full-text search with facet filters.
 *
 * Values within one filter are ORed, filters are ANDed. The count beside a value is the number
 * of results the view would have with that value ticked as well (for an untouched filter) or
 * instead of the others (for a filter that already has ticks). The query and filters live in
 * the URL, so a filtered view can be bookmarked and shared. Runs only on the search page.
 */
(function () {
  "use strict";

  var root = document.getElementById("ju-search");
  if (!root) return;

  var FACETS = [
    ["kind", "Content kind"],
    ["client_group", "Client group"],
    ["theme", "Theme"],
    ["ni", "National Indicator"],
    ["region", "Region"],
    ["stage", "Journey stage"],
    ["evidence", "Evidence level"],
  ];
  // Each result shown costs a fragment download; ten keep the first search light.
  var PAGE_SIZE = 10;

  var form = document.getElementById("ju-search-form");
  var input = document.getElementById("ju-search-input");
  var statusLine = document.getElementById("ju-search-status");
  var filterBox = document.getElementById("ju-search-filters");
  var resultList = document.getElementById("ju-search-results");
  var moreButton = document.getElementById("ju-search-more");
  var resetButton = document.getElementById("ju-search-reset");

  var pagefind = null;
  var allValues = {};
  var state = readUrl();
  var shown = 0;
  var currentResults = [];
  var runNumber = 0;

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (facet) {
      var values = params.getAll(facet[0]);
      if (values.length) filters[facet[0]] = values;
    });
    return { q: params.get("q") || "", filters: filters };
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (facet) {
      (state.filters[facet[0]] || []).forEach(function (value) {
        params.append(facet[0], value);
      });
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    window.history.replaceState(null, "", url);
  }

  function pagefindFilters(except) {
    var filters = {};
    Object.keys(state.filters).forEach(function (name) {
      if (name !== except && state.filters[name].length) filters[name] = { any: state.filters[name] };
    });
    return filters;
  }

  function hasFilters() {
    return Object.keys(pagefindFilters(null)).length > 0;
  }

  async function load() {
    var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
    pagefind = await import(bundle + "pagefind.js");
    await pagefind.options({ baseUrl: new URL("../", document.baseURI).pathname, excerptLength: 30 });
    await pagefind.init();
    allValues = await pagefind.filters();
  }

  // Marks the view as up to date (for people using assistive technology and for tests).
  function settled(mine) {
    if (mine !== runNumber) return;
    root.setAttribute("aria-busy", "false");
    root.setAttribute("data-runs", String(mine));
  }

  async function run() {
    var mine = ++runNumber;
    root.setAttribute("aria-busy", "true");
    var query = state.q.trim() || null;
    writeUrl();
    if (!query && !hasFilters()) {
      renderFilters(allValues);
      currentResults = [];
      await renderResults(mine);
      statusLine.textContent = "Type a search or choose filters to browse.";
      settled(mine);
      return;
    }
    var search = await pagefind.search(query, { filters: pagefindFilters(null) });
    var counts = {};
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i][0];
      if (state.filters[name] && state.filters[name].length) {
        var others = await pagefind.search(query, { filters: pagefindFilters(name) });
        counts[name] = others.filters[name] || {};
      } else {
        counts[name] = search.filters[name] || {};
      }
    }
    if (mine !== runNumber) return;
    renderFilters(counts);
    currentResults = search.results;
    await renderResults(mine);
    var n = currentResults.length;
    statusLine.textContent = n === 1 ? "1 result" : n + " results";
    settled(mine);
  }

  function renderFilters(counts) {
    filterBox.textContent = "";
    FACETS.forEach(function (facet) {
      var name = facet[0];
      var values = Object.keys(allValues[name] || {}).sort(function (a, b) {
        return a.localeCompare(b, "en", { numeric: true });
      });
      if (!values.length) return;
      var fieldset = document.createElement("fieldset");
      fieldset.className = "ju-filter";
      var legend = document.createElement("legend");
      legend.textContent = facet[1];
      fieldset.appendChild(legend);
      var selected = state.filters[name] || [];
      values.forEach(function (value, index) {
        var id = "ju-filter-" + name + "-" + index;
        var row = document.createElement("div");
        row.className = "ju-filter__option";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.name = name;
        box.value = value;
        box.checked = selected.indexOf(value) !== -1;
        box.addEventListener("change", onFilterChange);
        var label = document.createElement("label");
        label.htmlFor = id;
        var count = counts[name] && counts[name][value] !== undefined ? counts[name][value] : 0;
        label.appendChild(document.createTextNode(value + " "));
        var badge = document.createElement("span");
        badge.className = "ju-filter__count";
        badge.textContent = "(" + count + ")";
        label.appendChild(badge);
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      filterBox.appendChild(fieldset);
    });
  }

  function onFilterChange(event) {
    var box = event.target;
    var values = state.filters[box.name] || [];
    if (box.checked) {
      if (values.indexOf(box.value) === -1) values.push(box.value);
    } else {
      values = values.filter(function (v) {
        return v !== box.value;
      });
    }
    if (values.length) state.filters[box.name] = values;
    else delete state.filters[box.name];
    var focusId = box.id;
    run().then(function () {
      var again = document.getElementById(focusId);
      if (again) again.focus();
    });
  }

  async function renderResults(mine) {
    resultList.textContent = "";
    shown = 0;
    await showMore(mine);
  }

  async function showMore(mine) {
    var slice = currentResults.slice(shown, shown + PAGE_SIZE);
    var data = await Promise.all(
      slice.map(function (r) {
        return r.data();
      })
    );
    if (mine !== undefined && mine !== runNumber) return;
    data.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "ju-result";
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = (item.meta && item.meta.title) || item.url;
      var heading = document.createElement("h2");
      heading.className = "ju-result__title";
      heading.appendChild(link);
      li.appendChild(heading);
      var kinds = (item.filters && item.filters.kind) || [];
      if (kinds.length) {
        var kind = document.createElement("p");
        kind.className = "ju-result__kind";
        kind.textContent = kinds.join(", ");
        li.appendChild(kind);
      }
      var excerpt = document.createElement("p");
      excerpt.className = "ju-result__excerpt";
      appendExcerpt(excerpt, item.excerpt || "");
      li.appendChild(excerpt);
      resultList.appendChild(li);
    });
    shown += slice.length;
    moreButton.hidden = shown >= currentResults.length;
  }

  // Pagefind marks matches with <mark>; build the excerpt from text nodes and <mark> only.
  function appendExcerpt(target, html) {
    var parts = html.split(/(<mark>|<\/mark>)/);
    var inMark = false;
    parts.forEach(function (part) {
      if (part === "<mark>") inMark = true;
      else if (part === "</mark>") inMark = false;
      else if (part) {
        var text = document.createTextNode(decodeEntities(part));
        if (inMark) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          target.appendChild(mark);
        } else target.appendChild(text);
      }
    });
  }

  function decodeEntities(text) {
    var area = document.createElement("textarea");
    area.innerHTML = text;
    return area.value;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.q = input.value;
    run();
  });

  resetButton.addEventListener("click", function () {
    state = { q: "", filters: {} };
    input.value = "";
    run();
    input.focus();
  });

  moreButton.addEventListener("click", function () {
    showMore();
  });

  input.value = state.q;
  statusLine.textContent = "Loading search…";
  load()
    .then(run)
    .catch(function () {
      statusLine.textContent = "Search could not be loaded. Browse by client group, theme or indicator instead.";
    });
})();
