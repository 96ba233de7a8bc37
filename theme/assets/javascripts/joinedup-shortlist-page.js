/* Joined Up shortlist and compare pages: the examples of the reader's shortlist (or of a shared
 * link, ?ids=a,b,c), described from the site's open data (data/practice/<id>.json for each
 * example, data/taxonomies.json for what their ids stand for), as a board pack
 * that prints one example to a page, a CSV download, and a table comparing two to four of them.
 * Every value from the data is put in the page as text (textContent), never as HTML.
 */
import { announce, evidenceTag, tagList } from "./joinedup-common.js";
import { loadShortlist, refresh, saveShortlist, sharedIds } from "./joinedup-shortlist.js";

const COMPARE_MIN = 2;
const COMPARE_MAX = 4;

const root = document.getElementById("ju-shortlist");
const statusLine = document.getElementById("ju-shortlist-status");

if (root) {
  start().catch(function () {
    announce(statusLine, "The examples could not be loaded. Check your connection and reload the page.");
    root.setAttribute("aria-busy", "false");
  });
}

async function start() {
  // only the examples this page can show: the reader's list and a shared link's
  const wanted = new Set(loadShortlist().concat(sharedIds(window.location.search) || []));
  const [taxonomies, records] = await Promise.all([
    fetchJson(root.dataset.taxonomies),
    Promise.all(Array.from(wanted, function (id) {
      return fetchJson(root.dataset.records + id + ".json").catch(function (error) {
        if (error.status === 404) return null; // no longer on the site
        throw error;
      });
    })),
  ]);
  const site = describeSite(taxonomies, records.filter(Boolean));
  if (root.dataset.view === "compare") showComparison(site);
  else showShortlist(site);
  root.setAttribute("aria-busy", "false");
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) {
    const error = new Error(url + " " + response.status);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

/* ------------------------------------------------------------------ the data */

function byId(terms) {
  const map = new Map();
  (terms || []).forEach(function (term) {
    map.set(term.id, term);
  });
  return map;
}

function describeSite(data, practice) {
  const taxonomies = data.taxonomies || {};
  const terms = {};
  Object.keys(taxonomies).forEach(function (name) {
    terms[name] = byId(taxonomies[name].terms);
  });
  const levels = terms["evidence-levels"] || new Map();
  return {
    records: byId(practice),
    terms: terms,
    topRank: Math.max.apply(null, [1].concat(Array.from(levels.values(), function (l) { return l.rank; }))),
  };
}

function titles(site, taxonomy, ids) {
  const known = site.terms[taxonomy] || new Map();
  return (ids || []).map(function (id) {
    return known.has(id) ? known.get(id).title : id;
  });
}

/* What the pages show of one example, as plain strings and lists of strings. */
function describe(site, record) {
  const level = (site.terms["evidence-levels"] || new Map()).get(record.evidence.level) || {};
  const source = record.source || {};
  const documentTerm = source.document && (site.terms.documents || new Map()).get(source.document);
  const contact = record.contact;
  return {
    id: record.id,
    title: record.title,
    href: root.dataset.root + "practice/" + record.id + "/",
    kind: record.kind === "pilot" ? "Health pilot" : "Practice example",
    summary: record.summary,
    clientGroups: titles(site, "client-groups", record.client_groups),
    themes: titles(site, "themes", record.themes),
    region: titles(site, "regions", [record.region])[0],
    evidence: level.title || record.evidence.level,
    rank: level.rank || 0,
    year: documentTerm ? String(documentTerm.year) : source.supplied_on ? source.supplied_on.slice(0, 4) : "",
    keyFigures: record.key_figures_text || [],
    outcomes: record.outcomes || [],
    deliveredBy: record.delivered_by || [],
    contact: contact
      ? [contact.name, contact.role, contact.organisation].filter(Boolean).join(", ") +
        " (as given in " + contact.as_of + ")"
      : "",
    source: documentTerm
      ? documentTerm.title + ", " + source.section
      : source.supplied_by
        ? "Contributed by " + source.supplied_by + ", " + source.organisation
        : "",
  };
}

/* The examples ``ids`` names that the site has, and how many it no longer has. */
function examples(site, ids) {
  const found = ids.filter(function (id) {
    return site.records.has(id);
  });
  return {
    items: found.map(function (id) {
      return describe(site, site.records.get(id));
    }),
    missing: ids.length - found.length,
  };
}

/* ------------------------------------------------------------- page pieces */

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function evidenceOf(site, item) {
  return evidenceTag(item.evidence, item.rank, site.topRank);
}

function tags(site, item) {
  const list = [["Kind", item.kind], ["Evidence level", evidenceOf(site, item)]];
  item.clientGroups.forEach(function (group) {
    list.push(["Client group", group]);
  });
  list.push(["Region", item.region]);
  if (item.year) list.push(["Year", item.year]);
  return tagList(list);
}

/* A board reads the first few of a long list; the example's page has them all. */
const LIST_LIMIT = 4;

function valueNode(value, href) {
  if (Array.isArray(value)) {
    if (value.length === 1) return document.createTextNode(value[0]);
    const list = element("ul", "ju-list");
    value.slice(0, LIST_LIMIT).forEach(function (text) {
      list.appendChild(element("li", "", text));
    });
    if (value.length > LIST_LIMIT) {
      const more = element("li", "ju-more");
      const link = element("a", "", value.length - LIST_LIMIT + " more on the example's page");
      link.href = href;
      more.appendChild(link);
      list.appendChild(more);
    }
    return list;
  }
  return document.createTextNode(value);
}

/* The facts compared and printed, in the order a board reads them. */
const FACTS = [
  ["Client groups", "clientGroups"],
  ["Themes", "themes"],
  ["Region", "region"],
  ["Evidence level", "evidence"],
  ["Key figures", "keyFigures"],
  ["Outcomes", "outcomes"],
  ["Delivered by", "deliveredBy"],
  ["Contact", "contact"],
  ["Source", "source"],
];

function isEmpty(value) {
  return Array.isArray(value) ? value.length === 0 : !value;
}

/* ---------------------------------------------------------------- shortlist */

function showShortlist(site) {
  const shared = sharedIds(window.location.search);
  let stored = loadShortlist();
  let viewingShared = false;
  if (shared && shared.join() !== stored.join()) {
    if (stored.length === 0) {
      saveShortlist(shared.filter(function (id) { return site.records.has(id); }));
      stored = shared;
      forgetSharedIds();
      announceLater("This shared shortlist of " + shared.length + " examples is now your shortlist.");
    } else {
      viewingShared = true;
    }
  } else if (shared) {
    forgetSharedIds();
  }
  render(viewingShared ? shared : stored, viewingShared);

  function render(ids, isShared) {
    const found = examples(site, ids);
    const list = document.getElementById("ju-shortlist-items");
    list.textContent = "";
    found.items.forEach(function (item, position) {
      list.appendChild(shortlistItem(site, item, position < COMPARE_MAX, isShared, function () {
        const remaining = loadShortlist().filter(function (id) {
          return id !== item.id;
        });
        saveShortlist(remaining);
        render(remaining, false);
        announce(statusLine, item.title + " removed from your shortlist.");
        list.focus();
      }));
    });
    list.tabIndex = -1;
    showSharedNotice(ids, isShared);
    showActions(found.items, isShared);
    const missing = found.missing
      ? " " + found.missing + " no longer on the site " + (found.missing === 1 ? "is" : "are") + " left out."
      : "";
    if (!found.items.length) {
      announce(statusLine, "Your shortlist is empty. Use Add to shortlist on an example's page or on a search result to put it here.");
    } else {
      const said = pendingMessage || (isShared ? "A shared shortlist of " : "Your shortlist has ") + count(found.items.length) + ".";
      announce(statusLine, said + missing);
    }
    pendingMessage = "";
  }

  function showSharedNotice(ids, isShared) {
    const box = document.getElementById("ju-shortlist-shared");
    box.textContent = "";
    box.hidden = !isShared;
    if (!isShared) return;
    box.appendChild(element("p", "", "You are looking at a shortlist shared with you. Your own shortlist (" + count(stored.length) + ") is unchanged."));
    const keep = element("button", "md-button md-button--primary", "Make this my shortlist");
    keep.type = "button";
    keep.addEventListener("click", function () {
      saveShortlist(ids);
      stored = ids.slice();
      forgetSharedIds();
      pendingMessage = "This shared shortlist is now your shortlist.";
      render(stored, false);
    });
    const mine = element("a", "md-button", "Show my own shortlist");
    mine.href = window.location.pathname;
    box.append(keep, " ", mine);
  }

  function showActions(items, isShared) {
    const actions = document.getElementById("ju-shortlist-actions");
    const share = document.getElementById("ju-shortlist-share");
    actions.hidden = share.hidden = items.length === 0;
    document.getElementById("ju-shortlist-clear").hidden = isShared;
    const link = document.getElementById("ju-shortlist-link");
    link.value = shareAddress(items.map(function (item) { return item.id; }));
    onClick("ju-shortlist-copy", function () {
      copyText(link);
    });
    onClick("ju-shortlist-print", function () {
      window.print();
    });
    onClick("ju-shortlist-download", function () {
      download("joined-up-shortlist.csv", shortlistCsv(items));
      announce(statusLine, "The shortlist was downloaded as joined-up-shortlist.csv.");
    });
    onClick("ju-shortlist-clear", function () {
      saveShortlist([]);
      stored = [];
      render([], false);
    });
    onClick("ju-shortlist-compare", function () {
      const chosen = Array.from(document.querySelectorAll(".ju-shortlist__choose:checked"), function (box) {
        return box.value;
      });
      if (chosen.length < COMPARE_MIN || chosen.length > COMPARE_MAX) {
        announce(statusLine, "Choose two to four examples to compare; " + chosen.length + " chosen.");
        return;
      }
      window.location.href = root.dataset.root + "compare/?ids=" + chosen.join(",");
    });
  }
}

let pendingMessage = "";

function announceLater(text) {
  pendingMessage = text;
}

function count(n) {
  return n === 1 ? "1 example" : n + " examples";
}

/* Each button keeps one handler however often the list is drawn again. */
function onClick(id, handler) {
  document.getElementById(id).onclick = handler;
}

function forgetSharedIds() {
  window.history.replaceState(null, "", window.location.pathname);
}

function shareAddress(ids) {
  return window.location.origin + window.location.pathname + "?ids=" + ids.join(",");
}

function shortlistItem(site, item, chosen, isShared, remove) {
  const li = element("li", "ju-shortlist__item");
  const article = element("article", "ju-shortlist__example");
  const heading = element("h2", "ju-shortlist__title");
  const link = element("a", "", item.title);
  link.href = item.href;
  heading.appendChild(link);
  article.append(heading, tags(site, item), element("p", "ju-shortlist__summary", item.summary));
  const facts = element("dl", "ju-shortlist__facts");
  FACTS.forEach(function (fact) {
    const value = item[fact[1]];
    if (isEmpty(value)) return;
    facts.appendChild(element("dt", "", fact[0]));
    const dd = element("dd");
    dd.appendChild(valueNode(value, item.href));
    facts.appendChild(dd);
  });
  const address = element("p", "ju-shortlist__address");
  address.appendChild(document.createTextNode("Page: "));
  const full = element("a", "", new URL(item.href, window.location.href).href);
  full.href = item.href;
  address.appendChild(full);
  article.append(facts, address);

  const controls = element("div", "ju-shortlist__controls");
  const choose = element("input", "ju-shortlist__choose");
  choose.type = "checkbox";
  choose.id = "ju-choose-" + item.id;
  choose.value = item.id;
  choose.checked = chosen;
  const label = element("label", "", "Compare");
  label.htmlFor = choose.id;
  label.appendChild(element("span", "ju-visually-hidden", " " + item.title));
  const pick = element("span", "ju-shortlist__pick");
  pick.append(choose, label);
  controls.appendChild(pick);
  if (!isShared) {
    const removeButton = element("button", "md-button ju-shortlist__remove", "Remove");
    removeButton.type = "button";
    removeButton.appendChild(element("span", "ju-visually-hidden", " " + item.title + " from the shortlist"));
    removeButton.addEventListener("click", remove);
    controls.appendChild(removeButton);
  }
  article.appendChild(controls);
  li.appendChild(article);
  return li;
}

function copyText(input) {
  const done = function () {
    announce(statusLine, "The link is copied: paste it into an e-mail or a document.");
  };
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(done, function () {
      announce(statusLine, "Select the link and copy it with your keyboard or menu.");
    });
  } else {
    announce(statusLine, "The link is selected: copy it with your keyboard or menu.");
  }
}

/* ---------------------------------------------------------------- CSV */

// Spreadsheets run a cell that starts with = + - @ (after any spaces) as a formula; the data
// comes from contributors, so such a cell is kept as text.
function csvCell(value) {
  let text = Array.isArray(value) ? value.join("; ") : String(value || "");
  if (/^[\s]*[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(text)) text = "'" + text;
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function shortlistCsv(items) {
  const columns = [["id", "id"], ["title", "title"], ["kind", "kind"], ["year", "year"]].concat(
    FACTS.map(function (fact) {
      return [fact[0].toLowerCase().replace(/ /g, "_"), fact[1]];
    }),
    [["page", "page"]]
  );
  const rows = [columns.map(function (c) { return c[0]; }).join(",")];
  items.forEach(function (item) {
    const values = Object.assign({}, item, { page: new URL(item.href, window.location.href).href });
    rows.push(columns.map(function (c) { return csvCell(values[c[1]]); }).join(","));
  });
  return rows.join("\r\n") + "\r\n";
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
  const link = element("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(function () {
    URL.revokeObjectURL(url);
  }, 1000);
}

/* ---------------------------------------------------------------- compare */

function showComparison(site) {
  const asked = sharedIds(window.location.search) || loadShortlist().slice(0, COMPARE_MAX);
  const found = examples(site, asked.slice(0, COMPARE_MAX));
  const box = document.getElementById("ju-compare");
  box.textContent = "";
  if (found.items.length < COMPARE_MIN) {
    const back = element("p");
    back.appendChild(document.createTextNode("Choose two to four examples on your "));
    const link = element("a", "", "shortlist");
    link.href = root.dataset.root + "shortlist/";
    back.append(link, " to compare them.");
    box.appendChild(back);
    announce(statusLine, found.items.length ? "Only one example to compare." : "No examples to compare yet.");
    return;
  }
  const region = element("div", "ju-compare__scroll");
  region.setAttribute("role", "region");
  region.setAttribute("aria-labelledby", "ju-compare-caption");
  region.tabIndex = 0;
  const table = element("table", "ju-compare__table");
  table.dataset.columns = String(found.items.length);
  const caption = element("caption", "", "Comparison of " + count(found.items.length));
  caption.id = "ju-compare-caption";
  table.appendChild(caption);
  const head = element("thead");
  const headRow = element("tr");
  headRow.appendChild(element("td", "ju-compare__corner"));
  found.items.forEach(function (item) {
    const th = element("th");
    th.scope = "col";
    const link = element("a", "", item.title);
    link.href = item.href;
    th.append(link, element("span", "ju-compare__kind", item.kind));
    headRow.appendChild(th);
  });
  head.appendChild(headRow);
  table.appendChild(head);
  const body = element("tbody");
  FACTS.forEach(function (fact) {
    const row = element("tr");
    const th = element("th", "", fact[0]);
    th.scope = "row";
    row.appendChild(th);
    found.items.forEach(function (item) {
      const td = element("td");
      const value = item[fact[1]];
      if (fact[1] === "evidence") td.appendChild(evidenceOf(site, item));
      else if (isEmpty(value)) td.appendChild(element("span", "ju-compare__none", "Not given"));
      else td.appendChild(valueNode(value, item.href));
      row.appendChild(td);
    });
    body.appendChild(row);
  });
  table.appendChild(body);
  region.appendChild(table);
  box.appendChild(region);
  const dropped = asked.length - COMPARE_MAX;
  announce(
    statusLine,
    "Comparing " + count(found.items.length) + "." +
      (dropped > 0 ? " Only the first four can be compared; " + dropped + " more left out." : "") +
      (found.missing ? " " + found.missing + " no longer on the site left out." : "")
  );
  refresh();
}
