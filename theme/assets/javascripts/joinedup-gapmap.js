/* Joined Up evidence-and-gap map: filters that re-draw the map in place, and a cell's examples.
 *
 * The page holds the complete map as tables, drawn by the generator. This script fetches the
 * map's data (gaps/map.json: every example with its client groups, terms, kind, stages and
 * evidence level, by index), adds the filters and the phone view (one list per client group,
 * drawn here so that the page does not carry every cell twice), and re-draws every cell, total
 * and phone list from the examples that pass the filters. A cell becomes a button that lists its
 * examples in a row opened beneath it, with a link on to the search filtered the same way. The
 * filters and the open cell live in the URL, so a view can be shared. Marks are the stylesheet's
 * (a class for each level's shape and colour and for each size), sized on the generator's scale
 * (its bounds come with the data).
 */
import { addressWith, announce, readQuery, writeQuery } from "./joinedup-common.js";

(function () {
  var root = document.getElementById("ju-map");
  if (!root) return;

  var filterBox = document.getElementById("ju-map-filters");
  var filterRow = filterBox.querySelector(".ju-map__filter-row");
  var resetButton = document.getElementById("ju-map-reset");
  var statusLine = document.getElementById("ju-map-status");
  var FILTERS = ["region", "evidence", "stage", "kind", "ni"];
  var data = null;
  var filters = {}; // filter name -> the chosen option's index
  var cell = null; // the open cell: {axis, group, term} by index
  var draws = 0;

  // Each filter: its label, its options, and whether an example passes the option at `index`.
  function filterSpecs() {
    var axis = function (kind) {
      return data.axes.filter(function (a) {
        return a.kind === kind;
      })[0];
    };
    var titles = function (terms) {
      return terms.map(function (t) {
        return t.title;
      });
    };
    return {
      region: { label: "Region", any: "Any region", values: titles(axis("region").terms),
        passes: function (e, i) { return e.region.indexOf(i) !== -1; } },
      evidence: { label: "Evidence at least", any: "Any evidence", values: titles(data.levels),
        passes: function (e, i) { return e.level >= i; } },
      stage: { label: "Journey stage", any: "Any stage", values: titles(data.stages),
        passes: function (e, i) { return e.stages.indexOf(i) !== -1; } },
      kind: { label: "Kind", any: "Practice and pilots", values: titles(data.kinds),
        passes: function (e, i) { return e.kind === i; } },
      ni: { label: "National Indicator", any: "Any indicator", values: titles(axis("national-indicator").terms),
        passes: function (e, i) { return e["national-indicator"].indexOf(i) !== -1; } },
    };
  }
  var specs = null;

  // --- state in the URL: filter values by their titles, the open cell by its ids -----------

  function readState() {
    var query = readQuery(FILTERS.concat(["cell"]));
    filters = {};
    FILTERS.forEach(function (name) {
      var index = query.filters[name] ? specs[name].values.indexOf(query.filters[name][0]) : -1;
      if (index !== -1) filters[name] = index;
    });
    cell = query.filters.cell ? cellFromKey(query.filters.cell[0]) : null;
  }

  function urlFilters() {
    var out = {};
    FILTERS.forEach(function (name) {
      if (name in filters) out[name] = [specs[name].values[filters[name]]];
    });
    if (cell) out.cell = [cellKey(cell)];
    return out;
  }

  function cellKey(c) {
    var axis = data.axes[c.axis];
    return [axis.kind, data.groups[c.group].id, axis.terms[c.term].id].join(".");
  }

  function cellFromKey(key) {
    var parts = key.split(".");
    var axis = indexOf(data.axes, "kind", parts[0]);
    if (axis === -1) return null;
    var group = indexOf(data.groups, "id", parts[1]);
    var term = indexOf(data.axes[axis].terms, "id", parts[2]);
    return group === -1 || term === -1 ? null : { axis: axis, group: group, term: term };
  }

  function indexOf(list, field, value) {
    for (var i = 0; i < list.length; i++) if (list[i][field] === value) return i;
    return -1;
  }

  // --- what the filters leave -------------------------------------------------------------

  function shownExamples() {
    return data.examples.filter(function (e) {
      return FILTERS.every(function (name) {
        return !(name in filters) || specs[name].passes(e, filters[name]);
      });
    });
  }

  // cells[group][term] -> examples, rows[term] and columns[group] -> how many (each once)
  function tally(axis, examples) {
    var terms = axis.terms.length;
    var cells = data.groups.map(function () {
      return axis.terms.map(function () {
        return [];
      });
    });
    var rows = new Array(terms).fill(0);
    var columns = new Array(data.groups.length).fill(0);
    var total = 0;
    examples.forEach(function (e) {
      var own = e[axis.kind];
      if (!own.length || !e.groups.length) return;
      total += 1;
      own.forEach(function (t) {
        rows[t] += 1;
      });
      e.groups.forEach(function (g) {
        columns[g] += 1;
        own.forEach(function (t) {
          cells[g][t].push(e);
        });
      });
    });
    return { cells: cells, rows: rows, columns: columns, total: total };
  }

  // --- drawing ------------------------------------------------------------------------------

  function strongest(examples) {
    return examples.reduce(function (best, e) {
      return Math.max(best, e.level);
    }, -1);
  }

  function plural(n, noun) {
    return n + " " + noun + (n === 1 ? "" : "s");
  }

  // The classes the stylesheet draws a mark before: the level's shape and colour (levels beyond
  // its shapes share the strongest), and the size.
  function markClasses(level, size) {
    return "ju-mark ju-l" + Math.min(level + 1, data.mark.levels) + " ju-s" + size;
  }

  function markSize(n, largest) {
    var bounds = data.mark;
    return Math.round(bounds.smallest + (bounds.largest - bounds.smallest) * Math.sqrt(n / largest));
  }

  function span(className, text) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  // A cell's button: mark, optional term (in the phone lists), count, and the mark in words.
  function hit(axisIndex, group, term, examples, withTerm) {
    var axis = data.axes[axisIndex];
    var level = strongest(examples);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ju-map__hit " + markClasses(level, markSize(examples.length, axis.largest));
    button.setAttribute("data-cell", cellKey({ axis: axisIndex, group: group, term: term }));
    button.setAttribute("aria-expanded", "false");
    if (withTerm) {
      button.appendChild(span("ju-map__term", axis.terms[term].title));
      button.appendChild(document.createTextNode(" "));
    }
    button.appendChild(span("ju-map__count", String(examples.length)));
    var noun = examples.length === 1 ? "example" : "examples";
    button.appendChild(span("ju-visually-hidden", " " + noun + ", strongest evidence: " + data.levels[level].title));
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-cell");
      var same = cell && cellKey(cell) === key;
      cell = same ? null : { axis: axisIndex, group: group, term: term };
      update(same ? "closed" : "opened", key);
    });
    return button;
  }

  function drawSection(section, axisIndex, examples) {
    var axis = data.axes[axisIndex];
    var counts = tally(axis, examples);
    var rows = section.querySelectorAll(".ju-map__table tbody tr[data-term]");
    Array.prototype.forEach.call(rows, function (row, t) {
      var cells = Array.prototype.slice.call(row.querySelectorAll("td"), 0, data.groups.length);
      cells.forEach(function (td, g) {
        var found = counts.cells[g][t];
        td.textContent = "";
        td.classList.toggle("ju-map__gap", !found.length);
        if (found.length) td.appendChild(hit(axisIndex, g, t, found, false));
        else td.appendChild(span("ju-visually-hidden", "no examples"));
      });
      row.querySelector(".ju-map__total").textContent = String(counts.rows[t]);
    });
    var foot = section.querySelectorAll(".ju-map__table tfoot .ju-map__total");
    Array.prototype.forEach.call(foot, function (td, g) {
      td.textContent = String(g < counts.columns.length ? counts.columns[g] : counts.total);
    });
    var gaps = 0;
    counts.cells.forEach(function (column) {
      column.forEach(function (found) {
        gaps += found.length ? 0 : 1;
      });
    });
    section.querySelector(".ju-map__summary").textContent =
      plural(counts.total, "example") + "; " + gaps + " of " + data.groups.length * axis.terms.length + " cells are gaps.";
    drawGroups(section, axisIndex, counts);
  }

  // The phone view, after each table: a disclosure per client group, filled by drawGroups.
  function addPhoneView(section) {
    var narrow = document.createElement("div");
    narrow.className = "ju-map__narrow";
    data.groups.forEach(function (group) {
      var details = document.createElement("details");
      details.className = "ju-map__group";
      details.setAttribute("data-group", group.id);
      var summary = document.createElement("summary");
      summary.append(group.title + " ", span("ju-map__group-count", ""));
      var list = document.createElement("ul");
      list.className = "ju-map__list";
      var none = document.createElement("p");
      none.className = "ju-map__none";
      details.append(summary, list, none);
      narrow.appendChild(details);
    });
    section.appendChild(narrow);
  }

  // The phone view: each client group's terms with examples, then its gaps in one sentence.
  function drawGroups(section, axisIndex, counts) {
    var axis = data.axes[axisIndex];
    var groups = section.querySelectorAll(".ju-map__group");
    Array.prototype.forEach.call(groups, function (details, g) {
      details.querySelector(".ju-map__group-count").textContent = "(" + plural(counts.columns[g], "example") + ")";
      var list = details.querySelector(".ju-map__list");
      list.textContent = "";
      var missing = [];
      axis.terms.forEach(function (term, t) {
        var found = counts.cells[g][t];
        if (!found.length) {
          missing.push(term.title);
          return;
        }
        var item = document.createElement("li");
        item.appendChild(hit(axisIndex, g, t, found, true));
        list.appendChild(item);
      });
      details.querySelector(".ju-map__none").textContent = missing.length
        ? "No examples yet: " + missing.join("; ") + "."
        : "No gaps: every " + section.getAttribute("data-noun") + " has examples.";
    });
  }

  // --- a cell's examples --------------------------------------------------------------------

  function searchLink(c) {
    var axis = data.axes[c.axis];
    var chosen = { client_group: [data.groups[c.group].title] };
    chosen[axis.facet] = [axis.terms[c.term].search];
    chosen.kind = "kind" in filters ? [data.kinds[filters.kind].title] : data.kinds.map(function (k) {
      return k.title;
    });
    if ("evidence" in filters) {
      // "at least" a level is every level from it up, ORed within the search's filter
      chosen.evidence = data.levels.slice(filters.evidence).map(function (l) {
        return l.title;
      });
    }
    if ("stage" in filters) chosen.stage = [data.stages[filters.stage].title];
    if ("region" in filters && axis.facet !== "region") chosen.region = [specs.region.values[filters.region]];
    if ("ni" in filters && axis.facet !== "ni") chosen.ni = [searchValueOfNi(filters.ni)];
    var names = ["kind", "client_group", "theme", "ni", "region", "stage", "evidence"];
    var address = addressWith("", chosen, names);
    return data.search + address.slice(address.indexOf("?"));
  }

  function searchValueOfNi(index) {
    return data.axes[indexOf(data.axes, "kind", "national-indicator")].terms[index].search;
  }

  function detail(c, examples, id) {
    var box = document.createElement("div");
    box.className = "ju-map__detail";
    box.id = id;
    box.tabIndex = -1;
    var axis = data.axes[c.axis];
    var heading = document.createElement("h3");
    heading.textContent = data.groups[c.group].title + " and " + axis.terms[c.term].title;
    box.appendChild(heading);
    var intro = document.createElement("p");
    intro.textContent = plural(examples.length, "example") + ", strongest evidence first:";
    box.appendChild(intro);
    var list = document.createElement("ul");
    list.className = "ju-map__examples";
    examples.forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = e.url;
      link.textContent = e.title;
      item.appendChild(link);
      var level = span("ju-map__level " + markClasses(e.level, 14), data.levels[e.level].title);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(level);
      item.appendChild(span("ju-map__kind", data.kinds[e.kind].title));
      list.appendChild(item);
    });
    box.appendChild(list);
    var actions = document.createElement("p");
    actions.className = "ju-map__detail-actions";
    var onward = document.createElement("a");
    onward.href = searchLink(c);
    onward.textContent = "Open " + (examples.length === 1 ? "it" : "these " + examples.length) + " in search";
    actions.appendChild(onward);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button ju-map__close";
    close.textContent = "Close";
    close.addEventListener("click", function () {
      var key = cellKey(c);
      cell = null;
      update("closed", key);
    });
    actions.appendChild(close);
    box.appendChild(actions);
    return box;
  }

  // The open cell's examples: a row beneath its row in the table, an item beneath it in the
  // phone list (only one of the two views is shown at a time).
  function drawDetail(examples) {
    var c = cell;
    var section = root.querySelectorAll(".ju-map__section")[c.axis];
    var key = cellKey(c);
    var row = section.querySelectorAll(".ju-map__table tbody tr[data-term]")[c.term];
    var wide = document.createElement("tr");
    wide.className = "ju-map__detail-row";
    var td = document.createElement("td");
    td.colSpan = data.groups.length + 2;
    td.appendChild(detail(c, examples, "ju-map-detail-wide"));
    wide.appendChild(td);
    row.parentNode.insertBefore(wide, row.nextSibling);
    var group = section.querySelectorAll(".ju-map__group")[c.group];
    group.open = true;
    var narrowItem = document.createElement("li");
    narrowItem.className = "ju-map__detail-item";
    narrowItem.appendChild(detail(c, examples, "ju-map-detail-narrow"));
    var button = group.querySelector("[data-cell='" + key + "']");
    button.parentNode.parentNode.insertBefore(narrowItem, button.parentNode.nextSibling);
    Array.prototype.forEach.call(section.querySelectorAll("[data-cell='" + key + "']"), function (b) {
      b.setAttribute("aria-expanded", "true");
      b.setAttribute("aria-controls", b.closest("table") ? "ju-map-detail-wide" : "ju-map-detail-narrow");
    });
  }

  function visible(el) {
    return el && el.getClientRects().length > 0;
  }

  // --- one update: state -> URL -> drawing -> what is said -----------------------------------

  // `reason`: loaded, filtered, opened or closed; `key`: the cell opened or closed, to which
  // focus returns when its examples close.
  function update(reason, key) {
    var examples = shownExamples();
    var open = null;
    if (cell) {
      var axis = data.axes[cell.axis];
      open = examples.filter(function (e) {
        return e.groups.indexOf(cell.group) !== -1 && e[axis.kind].indexOf(cell.term) !== -1;
      });
      if (!open.length) cell = null; // the filters emptied it: it is a gap now
    }
    writeQuery("", urlFilters(), FILTERS.concat(["cell"]));
    Array.prototype.forEach.call(root.querySelectorAll(".ju-map__detail-row, .ju-map__detail-item"), function (old) {
      old.parentNode.removeChild(old);
    });
    var sections = root.querySelectorAll(".ju-map__section");
    Array.prototype.forEach.call(sections, function (section, a) {
      drawSection(section, a, examples);
    });
    if (cell) drawDetail(open);
    draws += 1;
    root.setAttribute("data-draws", String(draws));
    if (reason === "opened" && cell) {
      var target = [document.getElementById("ju-map-detail-wide"), document.getElementById("ju-map-detail-narrow")].filter(visible)[0];
      if (target) target.focus();
      announce(statusLine, target.querySelector("h3").textContent + ": " + plural(open.length, "example") + " listed.");
    } else if (reason === "closed") {
      var back = [].filter.call(root.querySelectorAll("[data-cell='" + key + "']"), visible)[0];
      if (back) back.focus();
      announce(statusLine, "Examples closed.");
    } else if (reason === "filtered") {
      announce(statusLine, describeFilters(examples.length));
    }
  }

  function describeFilters(n) {
    var chosen = FILTERS.filter(function (name) {
      return name in filters;
    }).map(function (name) {
      return specs[name].label + ": " + specs[name].values[filters[name]];
    });
    var shown = "Map re-drawn: " + n + " of " + plural(data.examples.length, "example");
    return chosen.length ? shown + " (" + chosen.join(", ") + ")." : "Map re-drawn with every example.";
  }

  // --- filters ------------------------------------------------------------------------------

  function buildFilters() {
    FILTERS.forEach(function (name) {
      var spec = specs[name];
      var field = document.createElement("div");
      field.className = "ju-map__filter";
      var label = document.createElement("label");
      label.htmlFor = "ju-map-filter-" + name;
      label.textContent = spec.label;
      var select = document.createElement("select");
      select.id = "ju-map-filter-" + name;
      select.name = name;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = spec.any;
      select.appendChild(any);
      spec.values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var index = spec.values.indexOf(select.value);
        if (index === -1) delete filters[name];
        else filters[name] = index;
        update("filtered");
      });
      field.appendChild(label);
      field.appendChild(select);
      filterRow.appendChild(field);
    });
    resetButton.addEventListener("click", function () {
      filters = {};
      cell = null;
      showFilterValues();
      update("filtered");
    });
  }

  function showFilterValues() {
    FILTERS.forEach(function (name) {
      document.getElementById("ju-map-filter-" + name).value = name in filters ? specs[name].values[filters[name]] : "";
    });
  }

  function start(loaded) {
    data = loaded;
    specs = filterSpecs();
    buildFilters();
    Array.prototype.forEach.call(root.querySelectorAll(".ju-map__section"), addPhoneView);
    readState();
    showFilterValues();
    filterBox.hidden = false;
    update("loaded");
    root.setAttribute("data-ready", "true");
  }

  fetch(root.getAttribute("data-map"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    })
    .then(start)
    .catch(function () {
      announce(statusLine, "The map's filters could not be loaded; it shows every example.");
    });
})();
