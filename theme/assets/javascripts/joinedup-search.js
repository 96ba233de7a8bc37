/* Joined Up search: Pagefind full-text search with facet filters.
 *
 * Values within one filter are ORed, filters are ANDed. The count beside a value is the number
 * of results the view would have with that value ticked as well (for an untouched filter) or
 * instead of the others (for a filter that already has ticks). The query and filters live in
 * the URL, so a filtered view can be bookmarked and shared. Runs only on the search page.
 *
 * The filters are in the page, collapsed, with site-wide counts. Pagefind keeps one index per
 * filter, and at thousands of pages together they outweigh the rest of a search, so a filter's
 * index is fetched only when its group is opened or ticked: live counts cost nothing until a
 * reader asks for them.
 *
 * Browsing by filters alone searches for the browse word, a word every page with filters
 * carries: Pagefind would otherwise fetch its whole word index for a search with no words.
 */
import { announce, readQuery, writeQuery } from "./joinedup-common.js";

(function () {

  var root = document.getElementById("ju-search");
  if (!root) return;

  // Each result shown costs a fragment download; ten keep the first search light.
  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 30;

  var form = document.getElementById("ju-search-form");
  var input = document.getElementById("ju-search-input");
  var statusLine = document.getElementById("ju-search-status");
  var filterBox = document.getElementById("ju-search-filters");
  var resultList = document.getElementById("ju-search-results");
  var moreButton = document.getElementById("ju-search-more");
  var resetButton = document.getElementById("ju-search-reset");
  var browseWord = root.getAttribute("data-browse-word");
  var browseWordInText = new RegExp("\\s*\\b" + browseWord + "\\b", "gi");

  // Where the filters sit beside the results (see joinedup.css), the groups in use start open;
  // on a narrow screen they stack above the results, so all start closed.
  var besideResults = window.matchMedia("(min-width: 45em)");

  var groups = {};
  Array.prototype.forEach.call(filterBox.querySelectorAll("details[data-facet]"), function (group) {
    groups[group.getAttribute("data-facet")] = group;
  });
  var FACETS = Object.keys(groups);

  var pagefind = null;
  var indexed = {}; // facets whose Pagefind filter index has been fetched
  var state = readQuery(FACETS);
  var shown = 0;
  var currentResults = [];
  var currentBrowsing = false; // results of a browse by filters, not of a typed search
  var runNumber = 0;

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

  // No words and no filters: the view shows the site-wide counts and no results.
  function nothingAsked() {
    return !state.q.trim() && !hasFilters();
  }

  async function load() {
    var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
    pagefind = await import(bundle + "pagefind.js");
    await pagefind.options({ baseUrl: new URL("../", document.baseURI).pathname, excerptLength: EXCERPT_WORDS });
    await pagefind.init();
  }

  function boxes(name) {
    return Array.prototype.slice.call(groups[name].querySelectorAll("input[type=checkbox]"));
  }

  // Fetch the filter indexes of the open groups that do not have theirs yet. A group with ticks
  // needs nothing here: the search fetches the index of every filter it applies. Preloading
  // with the search's own words fetches no word chunk the search would not fetch anyway.
  async function fetchOpenIndexes(query) {
    var wanted = FACETS.filter(function (name) {
      return groups[name].open && !indexed[name] && !state.filters[name];
    });
    await Promise.all(
      wanted.map(function (name) {
        var filters = {};
        filters[name] = { any: [boxes(name)[0].value] };
        return pagefind.preload(query, { filters: filters }).then(function () {
          indexed[name] = true;
        });
      })
    );
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
    var browsing = !state.q.trim();
    var query = browsing ? browseWord : state.q.trim();
    writeQuery(state.q, state.filters, FACETS);
    showSelections();
    if (nothingAsked()) {
      showCounts(null);
      currentResults = [];
      await renderResults(mine);
      announce(statusLine, "Type a search or choose filters to browse.");
      settled(mine);
      return;
    }
    await fetchOpenIndexes(query);
    var search = await pagefind.search(query, { filters: pagefindFilters(null) });
    var counts = {};
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i];
      if (state.filters[name] && state.filters[name].length) {
        indexed[name] = true; // the search above fetched it to filter by it
        var others = await pagefind.search(query, { filters: pagefindFilters(name) });
        counts[name] = others.filters[name] || {};
      } else if (indexed[name]) {
        counts[name] = search.filters[name] || {};
      }
    }
    if (mine !== runNumber) return;
    showCounts(counts);
    currentResults = search.results;
    currentBrowsing = browsing;
    await renderResults(mine);
    var n = currentResults.length;
    announce(statusLine, n === 1 ? "1 result" : n + " results");
    settled(mine);
  }

  // Counts per facet and value; a facet missing from ``counts`` has no live counts yet (its
  // group is closed), and ``null`` means the site-wide totals printed in the page.
  function showCounts(counts) {
    FACETS.forEach(function (name) {
      var live = counts ? counts[name] : undefined;
      boxes(name).forEach(function (box) {
        var badge = box.parentNode.querySelector(".ju-filter__count");
        if (counts === null) badge.textContent = "(" + badge.getAttribute("data-total") + ")";
        else if (live === undefined) badge.textContent = "";
        else badge.textContent = "(" + (live[box.value] || 0) + ")";
      });
    });
  }

  // Tick the boxes from the state, and say in each group's summary how many are ticked.
  function showSelections() {
    FACETS.forEach(function (name) {
      var selected = state.filters[name] || [];
      boxes(name).forEach(function (box) {
        box.checked = selected.indexOf(box.value) !== -1;
      });
      var note = groups[name].querySelector(".ju-filter__selected");
      note.textContent = selected.length ? ", " + selected.length + " selected" : "";
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
    run();
  }

  // Opening a group during a search fetches its index and shows its live counts.
  function onGroupToggle(event) {
    var name = event.target.getAttribute("data-facet");
    if (pagefind && event.target.open && !indexed[name] && !nothingAsked()) run();
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
      if (currentBrowsing) excerpt.textContent = opening(item);
      else appendExcerpt(excerpt, item.excerpt || "");
      li.appendChild(excerpt);
      resultList.appendChild(li);
    });
    shown += slice.length;
    moreButton.hidden = shown >= currentResults.length;
  }

  // A browse matched only the hidden browse word, so its excerpt would be beside that word:
  // show the start of the page after its title instead.
  function opening(item) {
    var title = (item.meta && item.meta.title) || "";
    var text = (item.content || "").replace(browseWordInText, "");
    if (title && text.indexOf(title) === 0) text = text.slice(title.length).replace(/^[.\s]+/, "");
    var words = text.split(/\s+/).filter(Boolean);
    return words.slice(0, EXCERPT_WORDS).join(" ") + (words.length > EXCERPT_WORDS ? " …" : "");
  }

  // Pagefind marks matches with <mark>; build the excerpt from text nodes and <mark> only.
  // A match near the end of a page brings the hidden browse word into the excerpt: drop it.
  function appendExcerpt(target, html) {
    var parts = html.replace(browseWordInText, "").split(/(<mark>|<\/mark>)/);
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

  FACETS.forEach(function (name) {
    groups[name].addEventListener("toggle", onGroupToggle);
    groups[name].open = Boolean(state.filters[name]) && besideResults.matches;
    boxes(name).forEach(function (box) {
      box.addEventListener("change", onFilterChange);
    });
  });
  input.value = state.q;
  announce(statusLine, "Loading search…");
  load()
    .then(function () {
      filterBox.hidden = false;
      return run();
    })
    .catch(function () {
      announce(statusLine, "Search could not be loaded. Browse by client group, theme or indicator instead.");
    });
})();
