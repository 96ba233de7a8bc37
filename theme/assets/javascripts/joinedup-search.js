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
 *
 * The ticked filters are also shown as chips above the results, each a button that removes it.
 * A search that finds nothing is never a dead end: `helpWhenNothingMatches` says which single
 * change (one filter or one word fewer) would give results, and how many. Before that, it
 * tries what the reader most likely meant (`rescue`): a word that matches nothing is respelled
 * as the nearest of the site's own words and the respelled search is shown; failing that, the
 * pages with most of the words are shown, each saying which words it has; and a word that
 * names a client group, theme or region is offered as that filter. The site's words come from
 * search/words.json, fetched once, for the first search with a word of four letters or more;
 * the filters' names from search/names.json, fetched once, when nothing matches.
 */
import { addressWith, announce, evidenceTag, readQuery, tagList, writeQuery } from "./joinedup-common.js";
import { shortlistControl } from "./joinedup-shortlist.js";

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
  var chipBox = document.getElementById("ju-search-chips");
  var helpBox = document.getElementById("ju-search-help");
  // "Search - Joined Up": the page's own title is kept for a view that asks nothing
  var pageTitle = document.title;
  var siteName = pageTitle.split(" - ").pop();
  var browseWord = root.getAttribute("data-browse-word");
  // The browse word ends a page's own text: after it come only the other names the page is
  // found by (its vocabulary), which are never shown.
  var fromBrowseWord = new RegExp("\\s*\\b" + browseWord + "\\b[\\s\\S]*$", "i");

  // Where the filters sit beside the results (see joinedup.css), the groups in use start open;
  // on a narrow screen they stack above the results, so all start closed.
  var besideResults = window.matchMedia("(min-width: 45em)");

  var groups = {};
  var facetLabels = {};
  Array.prototype.forEach.call(filterBox.querySelectorAll("details[data-facet]"), function (group) {
    var name = group.getAttribute("data-facet");
    groups[name] = group;
    facetLabels[name] = group.querySelector("legend").textContent;
  });
  var FACETS = Object.keys(groups);

  var pagefind = null;
  var indexed = {}; // facets whose Pagefind filter index has been fetched
  var state = readQuery(FACETS);
  var shown = 0;
  var currentResults = [];
  var currentBrowsing = false; // results of a browse by filters, not of a typed search
  var runNumber = 0;
  // what the results are when no page had every word: null, or how they were found
  // ({ respelled: {text, misspelt} } or { partial: result id -> the words it has })
  var rescued = null;
  var siteFiles = {}; // search/words.json and search/names.json by attribute, each fetched once

  function pagefindFilters(except, filters) {
    var chosen = filters || state.filters;
    var out = {};
    Object.keys(chosen).forEach(function (name) {
      if (name !== except && chosen[name].length) out[name] = { any: chosen[name] };
    });
    return out;
  }

  function wordsOf(q) {
    return q.trim().split(/\s+/).filter(Boolean);
  }

  // What Pagefind is asked for: the words, or the browse word for a search by filters alone.
  function pagefindQuery(q) {
    return q.trim() ? q.trim() : browseWord;
  }

  function resultsText(n) {
    return n === 1 ? "1 result" : n + " results";
  }

  function hasFilters() {
    return Object.keys(pagefindFilters(null)).length > 0;
  }

  // No words and no filters: the view shows the site-wide counts and no results.
  function nothingAsked() {
    return !state.q.trim() && !hasFilters();
  }

  // A large site's index is in shards, each made by a Pagefind run of its own (see
  // generator/build.py run_pagefind): the first is the bundle, shards.json in it names the
  // others, and Pagefind merges them into one search (results ranked together, filter counts
  // added up). An index made by running Pagefind by hand (as with another builder) has no
  // list: it is the one index.
  async function load() {
    var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
    var shards = fetch(bundle + "shards.json").then(function (response) {
      if (response.status === 404) return [];
      if (!response.ok) throw new Error("shards.json: " + response.status);
      return response.json();
    });
    pagefind = await import(bundle + "pagefind.js");
    // On this page's own thread: a search of the site takes milliseconds, and Pagefind's worker
    // would be one more script (12 KB) to download before the first results.
    var settings = { baseUrl: new URL("../", document.baseURI).pathname, excerptLength: EXCERPT_WORDS, noWorker: true };
    await pagefind.options(settings);
    await pagefind.init();
    var others = await shards;
    for (var i = 0; i < others.length; i++) {
      await pagefind.mergeIndex(new URL(others[i], bundle).href, settings);
    }
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
    var query = pagefindQuery(state.q);
    writeQuery(state.q, state.filters, FACETS);
    showSelections();
    showChips();
    helpBox.hidden = true;
    if (nothingAsked()) {
      showCounts(null);
      currentResults = [];
      await renderResults(mine);
      document.title = pageTitle;
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
    rescued = null;
    var offers = [];
    if (!browsing) {
      // a word the site never uses is most likely misspelt, whatever Pagefind found for it
      // (it matches an unknown word by its longest known beginning: "tennancy" finds "ten")
      var respelling = await respelled(wordsOf(state.q));
      if (mine !== runNumber) return;
      if (respelling) {
        var again = await pagefind.search(respelling.text, { filters: pagefindFilters(null) });
        if (mine !== runNumber) return;
        if (again.results.length) {
          currentResults = again.results;
          rescued = { respelled: respelling };
        }
      }
    }
    if (!currentResults.length && !browsing) {
      var rescue = await rescueSearch();
      if (mine !== runNumber) return;
      currentResults = rescue.results;
      rescued = rescue.how;
      offers = rescue.offers;
    }
    await renderResults(mine);
    var n = currentResults.length;
    showTitle(rescued && rescued.respelled ? 0 : n);
    if (rescued && rescued.respelled) {
      announce(statusLine, "No page has the word " + quotedWords(rescued.respelled.misspelt) + ". Showing " +
        resultsText(n) + " for \u201c" + rescued.respelled.text + "\u201d.");
    } else if (rescued && rescued.partial) {
      announce(statusLine, "No page has every word. Showing the " + resultsText(n) +
        " that have some of them, most words first.");
    }
    if (n === 0 || (rescued && rescued.partial)) {
      var help = await helpWhenNothingMatches();
      if (mine !== runNumber) return;
      help.offers = offers;
      showHelp(help);
      if (n === 0) announce(statusLine, "No results. " + help.summary);
    }
    if (n && !rescued) announce(statusLine, resultsText(n));
    settled(mine);
  }

  function quotedWords(words) {
    return words.map(function (word) {
      return "\u201c" + word + "\u201d";
    }).join(" or ");
  }

  // The file the root's attribute names, or `otherwise` when it cannot be had.
  async function siteFile(attribute, otherwise) {
    if (!siteFiles[attribute]) {
      var address = new URL(root.getAttribute(attribute), document.baseURI).href;
      siteFiles[attribute] = fetch(address).then(function (response) {
        if (!response.ok) throw new Error(address + ": " + response.status);
        return response.json();
      });
    }
    try {
      return await siteFiles[attribute];
    } catch (error) {
      return otherwise;
    }
  }

  // The site's words, most used first.
  function knownWords() {
    return siteFile("data-words", []);
  }

  // Every name of a client group, theme and region -> [filter, value].
  function filterNames() {
    return siteFile("data-names", {});
  }

  /* The words with each one the site never uses replaced by the nearest it does, or null when
   * there is none to replace: { text, misspelt }. The same rule as search.respelled. */
  async function respelled(words) {
    var candidates = words.filter(function (word) {
      return /^[a-z]+$/i.test(word) && word.length >= SPELLED_FROM;
    });
    if (!candidates.length) return null;
    var known = await knownWords();
    var misspelt = [];
    var text = words.map(function (word) {
      var nearest = nearestWord(word, known);
      if (nearest) misspelt.push(word);
      return nearest || word;
    }).join(" ");
    return misspelt.length ? { text: text, misspelt: misspelt } : null;
  }

  /* When no page has every word: the pages with most of the words, and the filters the words
   * name. Returns { results, how, offers }. */
  async function rescueSearch() {
    var words = wordsOf(state.q);
    var filters = pagefindFilters(null);
    var alone = await Promise.all(
      words.map(function (word) {
        return pagefind.search(word, { filters: filters });
      })
    );
    var offers = filterOffers(words, await filterNames());
    if (words.length < 2) return { results: [], how: null, offers: offers };
    // every page that has any of the words, by how many it has, then by Pagefind's scores
    var pages = {};
    alone.forEach(function (search, index) {
      search.results.forEach(function (result) {
        var page = pages[result.id] || (pages[result.id] = { result: result, words: [], score: 0 });
        page.words.push(words[index]);
        page.score += result.score;
      });
    });
    var ranked = Object.keys(pages).map(function (id) {
      return pages[id];
    }).sort(function (a, b) {
      return b.words.length - a.words.length || b.score - a.score;
    });
    if (!ranked.length) return { results: [], how: null, offers: offers };
    var partial = {};
    ranked.forEach(function (page) {
      partial[page.result.id] = page.words;
    });
    return {
      results: ranked.map(function (page) {
        return page.result;
      }),
      how: { partial: partial },
      offers: offers,
    };
  }

  /* The nearest of the site's words to one that matches nothing: at most one edit away for a
   * word of five letters or fewer, two for a longer one, the most used of the nearest. The
   * same rule as generator/vocabulary.py's nearest_word, over the same words. */
  var SPELLED_FROM = 4;

  // `words` is most used first, so the first of the nearest is the most used of them.
  function nearestWord(typed, words) {
    var word = typed.toLowerCase();
    if (word.length < SPELLED_FROM || !/^[a-z]+$/.test(word) || words.indexOf(word) !== -1) return null;
    var limit = word.length <= 5 ? 1 : 2;
    var best = null;
    var bestDistance = limit + 1;
    words.forEach(function (candidate) {
      if (Math.abs(candidate.length - word.length) > limit) return;
      var distance = editDistance(word, candidate, limit);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    });
    return best;
  }

  // letters added, dropped, changed or swapped (limit + 1 as soon as it is more than limit)
  function editDistance(a, b, limit) {
    var before = [];
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], before[j - 2] + 1);
        }
      }
      if (Math.min.apply(null, row) > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  function normalName(text) {
    return text.toLowerCase().replace(/[-\u2010-\u2015]/g, " ").split(/\s+/).filter(Boolean).join(" ");
  }

  /* The filters the words name: each run of words (longest first) that is a name of a client
   * group, theme or region, offered as that filter with the other words kept. */
  function filterOffers(words, names) {
    var offers = [];
    var seen = {};
    for (var length = words.length; length >= 1; length--) {
      for (var start = 0; start + length <= words.length; start++) {
        var named = names[normalName(words.slice(start, start + length).join(" "))];
        if (!named || !groups[named[0]] || seen[named.join(":")]) continue;
        if ((state.filters[named[0]] || []).indexOf(named[1]) !== -1) continue;
        seen[named.join(":")] = true;
        var filters = {};
        Object.keys(state.filters).forEach(function (name) {
          filters[name] = state.filters[name].slice();
        });
        filters[named[0]] = (filters[named[0]] || []).concat([named[1]]);
        offers.push({
          label: "Filter by " + facetLabels[named[0]].toLowerCase() + ": " + named[1],
          q: words.slice(0, start).concat(words.slice(start + length)).join(" "),
          filters: filters,
        });
      }
    }
    return offers;
  }

  // The page title names the words and the count, so a tab, a bookmark and the history say
  // what was searched for and what was found.
  function showTitle(n) {
    var words = state.q.trim();
    var asked = words ? "Search for \u201c" + words + "\u201d" : "Search by filters";
    document.title = asked + ": " + resultsText(n) + " - " + siteName;
  }

  // The ticked filters as chips above the results; a chip's button removes its filter.
  function showChips() {
    chipBox.textContent = "";
    var chips = [];
    FACETS.forEach(function (name) {
      (state.filters[name] || []).forEach(function (value) {
        chips.push({ name: name, value: value });
      });
    });
    chipBox.hidden = chips.length === 0;
    if (!chips.length) return;
    var heading = document.createElement("h2");
    heading.className = "ju-chips__heading";
    heading.id = "ju-search-chips-heading";
    heading.textContent = "Selected filters";
    var list = document.createElement("ul");
    list.className = "ju-chips__list";
    list.setAttribute("aria-labelledby", heading.id);
    chips.forEach(function (chip, index) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ju-chip";
      button.setAttribute("data-index", String(index));
      var hidden = document.createElement("span");
      hidden.className = "ju-visually-hidden";
      hidden.textContent = "Remove filter ";
      var cross = document.createElement("span");
      cross.className = "ju-chip__remove";
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "\u00d7";
      button.appendChild(hidden);
      button.appendChild(document.createTextNode(facetLabels[chip.name] + ": " + chip.value));
      button.appendChild(cross);
      button.addEventListener("click", function () {
        removeFilter(chip.name, chip.value, index);
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    chipBox.appendChild(heading);
    chipBox.appendChild(list);
  }

  // Focus stays among the chips (on the one that took the removed chip's place), or goes back
  // to the search box when none is left.
  function removeFilter(name, value, index) {
    var values = (state.filters[name] || []).filter(function (v) {
      return v !== value;
    });
    if (values.length) state.filters[name] = values;
    else delete state.filters[name];
    run();
    var left = chipBox.querySelectorAll(".ju-chip");
    if (left.length) left[Math.min(index, left.length - 1)].focus();
    else input.focus();
  }

  /* When nothing matches: each single change to the search that would give results, with how
   * many, best first, and a summary sentence for the status line. A change is one filter
   * dropped (all its ticked values, since values within a filter are ORed and dropping only one
   * of them can never widen the results) or one word left out. Further kinds of help (another
   * spelling, a partial match) add their own items to what this returns. */
  async function helpWhenNothingMatches() {
    var changes = singleChanges(state);
    var counted = await Promise.all(
      changes.map(function (change) {
        return pagefind
          .search(pagefindQuery(change.q), { filters: pagefindFilters(null, change.filters) })
          .then(function (search) {
            change.count = search.results.length;
            return change;
          });
      })
    );
    var useful = counted
      .filter(function (change) {
        return change.count > 0;
      })
      .sort(function (a, b) {
        return b.count - a.count;
      });
    var summary = useful.length
      ? useful[0].label + " to see " + resultsText(useful[0].count) + "."
      : changes.length
        ? "No single change gives results; try other words."
        : "Try other words or fewer of them.";
    return { changes: useful, summary: summary };
  }

  function singleChanges(from) {
    var changes = [];
    FACETS.forEach(function (name) {
      var values = from.filters[name];
      if (!values) return;
      var filters = {};
      Object.keys(from.filters).forEach(function (other) {
        if (other !== name) filters[other] = from.filters[other];
      });
      changes.push({
        label: "Remove the filter " + facetLabels[name] + ": " + values.join(" or "),
        q: from.q,
        filters: filters,
      });
    });
    var words = wordsOf(from.q);
    // leaving out the only word of a search without filters would ask for nothing at all
    if (words.length > 1 || (words.length === 1 && changes.length)) {
      words.forEach(function (word, index) {
        changes.push({
          label: "Leave out the word \u201c" + word + "\u201d",
          q: words.filter(function (_, i) { return i !== index; }).join(" "),
          filters: from.filters,
        });
      });
    }
    return changes;
  }

  // Each change is a link to the changed search (it can be opened in a new tab or shared); a
  // plain click applies it in place.
  function showHelp(help) {
    helpBox.textContent = "";
    var heading = document.createElement("h2");
    heading.className = "ju-search__help-heading";
    heading.textContent = "Nothing matches every word and filter";
    helpBox.appendChild(heading);
    if (help.offers && help.offers.length) {
      var offered = document.createElement("p");
      offered.textContent = "Your words name a filter:";
      var offerList = document.createElement("ul");
      offerList.className = "ju-search__offers";
      help.offers.forEach(function (offer) {
        var item = document.createElement("li");
        item.appendChild(changeLink(offer));
        offerList.appendChild(item);
      });
      helpBox.appendChild(offered);
      helpBox.appendChild(offerList);
    }
    if (help.changes.length) {
      var intro = document.createElement("p");
      intro.textContent = "One change would give results:";
      var list = document.createElement("ul");
      help.changes.forEach(function (change) {
        var item = document.createElement("li");
        item.appendChild(changeLink(change));
        item.appendChild(document.createTextNode(" (" + resultsText(change.count) + ")"));
        list.appendChild(item);
      });
      helpBox.appendChild(intro);
      helpBox.appendChild(list);
    } else if (help.summary) {
      var none = document.createElement("p");
      none.textContent = help.summary;
      helpBox.appendChild(none);
    }
    var onward = document.createElement("p");
    onward.appendChild(document.createTextNode("The "));
    onward.appendChild(pageLink(root.getAttribute("data-gap-map"), "gap map"));
    onward.appendChild(document.createTextNode(" shows where practice has been recorded and where there is none yet. Know of an example? "));
    onward.appendChild(pageLink(root.getAttribute("data-submit"), "Submit a case"));
    onward.appendChild(document.createTextNode("."));
    helpBox.appendChild(onward);
    helpBox.hidden = false;
  }

  // A link to a changed search (it can be opened in a new tab or shared); a plain click
  // applies it in place.
  function changeLink(change) {
    var link = document.createElement("a");
    link.href = addressWith(change.q, change.filters, FACETS);
    link.textContent = change.label;
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      state = { q: change.q, filters: change.filters };
      input.value = change.q;
      run();
      input.focus();
    });
    return link;
  }

  function pageLink(href, text) {
    var link = document.createElement("a");
    link.href = href;
    link.textContent = text;
    return link;
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
    data.forEach(function (item, index) {
      var li = document.createElement("li");
      li.className = "ju-result";
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = (item.meta && item.meta.title) || item.url;
      var heading = document.createElement("h2");
      heading.className = "ju-result__title";
      heading.appendChild(link);
      li.appendChild(heading);
      var practice = resultTags(item);
      if (practice) li.appendChild(practice);
      else {
        var kinds = (item.filters && item.filters.kind) || [];
        if (kinds.length) {
          var kind = document.createElement("p");
          kind.className = "ju-result__kind";
          kind.textContent = kinds.join(", ");
          li.appendChild(kind);
        }
      }
      var has = rescued && rescued.partial && rescued.partial[slice[index].id];
      if (has) li.appendChild(wordsItHas(has));
      var excerpt = document.createElement("p");
      excerpt.className = "ju-result__excerpt";
      var own = currentBrowsing ? null : excerptOfOwnWords(item);
      // a page found only by its vocabulary has no match of its own to show: show its opening
      if (own) appendExcerpt(excerpt, own);
      else excerpt.textContent = opening(item);
      li.appendChild(excerpt);
      var example = PRACTICE_PAGE.exec(new URL(item.url, window.location.href).pathname);
      if (example && practice) li.appendChild(shortlistControl(example[1], link.textContent));
      resultList.appendChild(li);
    });
    shown += slice.length;
    moreButton.hidden = shown >= currentResults.length;
  }

  // Which of the words a partial match has (marked) and which it lacks.
  function wordsItHas(has) {
    var line = document.createElement("p");
    line.className = "ju-result__words";
    var words = wordsOf(state.q);
    line.appendChild(document.createTextNode("Has " + has.length + " of " + words.length + " words: "));
    has.forEach(function (word, index) {
      if (index) line.appendChild(document.createTextNode(" "));
      var mark = document.createElement("mark");
      mark.textContent = word;
      line.appendChild(mark);
    });
    var lacks = words.filter(function (word) {
      return has.indexOf(word) === -1;
    });
    line.appendChild(document.createTextNode("; not " + quotedWords(lacks)));
    return line;
  }

  // A practice example's or pilot's page, whose result can be shortlisted.
  var PRACTICE_PAGE = /\/practice\/([a-z0-9]+(?:-[a-z0-9]+)*)\/$/;

  // The tags every list of practice shows (kind, evidence level and rank, client groups, region,
  // year), from the page's filters and meta; none for a result that is not an example.
  function resultTags(item) {
    var filters = item.filters || {};
    var meta = item.meta || {};
    if (!filters.evidence || !filters.evidence.length) return null;
    var tags = [];
    (filters.kind || []).forEach(function (kind) {
      tags.push(["Kind", kind]);
    });
    tags.push(["Evidence level", evidenceTag(filters.evidence[0], Number(meta.evidence_rank) || 0, Number(meta.evidence_top) || 0)]);
    (filters.client_group || []).forEach(function (group) {
      tags.push(["Client group", group]);
    });
    (filters.region || []).forEach(function (region) {
      tags.push(["Region", region]);
    });
    if (meta.year) tags.push(["Year", meta.year]);
    return tagList(tags);
  }

  // A browse matched only the hidden browse word (and a page found by its vocabulary only its
  // hidden words), so its excerpt would be beside them: show the start of the page after its
  // title instead.
  function opening(item) {
    var title = (item.meta && item.meta.title) || "";
    var text = (item.content || "").replace(fromBrowseWord, "");
    if (title && text.indexOf(title) === 0) text = text.slice(title.length).replace(/^[.\s]+/, "");
    var words = text.split(/\s+/).filter(Boolean);
    return words.slice(0, EXCERPT_WORDS).join(" ") + (words.length > EXCERPT_WORDS ? " …" : "");
  }

  /* The excerpt around the page's own matches, as Pagefind would make it but never from the
   * hidden words after the browse word (the page's vocabulary, shown in no excerpt). Pagefind
   * counts word locations in the page's text split at white space, as here. The window of
   * EXCERPT_WORDS words that holds most matches wins; null when there is no match before the
   * browse word. Returns Pagefind's excerpt form: escaped text with <mark> around matches. */
  function excerptOfOwnWords(item) {
    var words = (item.content || "").split(/[\r\n\s]+/g);
    var end = words.findIndex(function (word) {
      return word.toLowerCase() === browseWord;
    });
    if (end === -1) end = words.length;
    var hits = (item.locations || []).filter(function (at) {
      return at < end;
    });
    if (!hits.length) return null;
    var best = hits[0];
    var most = 0;
    hits.forEach(function (at) {
      var inside = hits.filter(function (other) {
        return other >= at && other < at + EXCERPT_WORDS;
      }).length;
      if (inside > most) {
        most = inside;
        best = at;
      }
    });
    var start = Math.max(0, Math.min(best - 4, end - EXCERPT_WORDS));
    var marked = {};
    hits.forEach(function (at) {
      marked[at] = true;
    });
    var out = [];
    for (var at = start; at < Math.min(end, start + EXCERPT_WORDS); at++) {
      var text = escapeText(words[at]);
      out.push(marked[at] ? "<mark>" + text + "</mark>" : text);
    }
    return out.join(" ");
  }

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
