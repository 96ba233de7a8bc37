/* What the site's scripts share: state kept in the page's URL (so a view can be bookmarked and
 * shared), values kept in this browser's storage (checked for shape, since anything may have
 * been stored under a key), and messages for the page's live region. An ES module served as a
 * file, imported by each page's own script; nothing is bundled.
 */

/* The words (`q`) and the values of each named filter in the page's URL. */
export function readQuery(names) {
  var params = new URLSearchParams(window.location.search);
  var filters = {};
  names.forEach(function (name) {
    var values = params.getAll(name);
    if (values.length) filters[name] = values;
  });
  return { q: params.get("q") || "", filters: filters };
}

/* This page's address with the words and the values of each named filter. */
export function addressWith(q, filters, names) {
  var params = new URLSearchParams();
  if (q) params.set("q", q);
  names.forEach(function (name) {
    (filters[name] || []).forEach(function (value) {
      params.append(name, value);
    });
  });
  var query = params.toString();
  return window.location.pathname + (query ? "?" + query : "");
}

/* Put the words and filters into the page's URL without adding a history entry. */
export function writeQuery(q, filters, names) {
  window.history.replaceState(null, "", addressWith(q, filters, names));
}

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/* The value stored under `key` if `hasShape` accepts it, otherwise `fallback`: storage may be
 * disabled, hold text that is not JSON, or a value of another shape from another version. */
export function loadStored(key, hasShape, fallback) {
  try {
    var value = JSON.parse(window.localStorage.getItem(key));
    return hasShape(value) ? value : fallback;
  } catch (error) {
    return fallback;
  }
}

export function saveStored(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch (error) {
    /* storage may be disabled or full; the page still works for this visit */
  }
}

/* Say `text` in a live region (role="status" or aria-live). A screen reader announces only a
 * change, so the same message again is told apart by a trailing no-break space. */
export function announce(region, text) {
  region.textContent = region.textContent === text ? text + "\u00a0" : text;
}

/* The evidence level by name, and its rank on the scale drawn as filled steps (the same
 * markup as the generated listings' tags, generator/templates/_macros.md.j2). */
export function evidenceTag(name, rank, topRank) {
  var tag = document.createElement("span");
  tag.className = "ju-evidence";
  var label = document.createElement("span");
  label.className = "ju-evidence__name";
  label.textContent = name;
  var scale = document.createElement("span");
  scale.className = "ju-evidence__scale";
  scale.setAttribute("role", "img");
  scale.setAttribute("aria-label", "rank " + rank + " of " + topRank);
  for (var step = 1; step <= topRank; step += 1) {
    var dot = document.createElement("span");
    dot.className = step <= rank ? "ju-evidence__step ju-evidence__step--on" : "ju-evidence__step";
    scale.appendChild(dot);
  }
  tag.append(label, " ", scale);
  return tag;
}

/* A list of tags, each [what it is, its text or node]: what is said aloud names each tag. */
export function tagList(tags) {
  var list = document.createElement("ul");
  list.className = "ju-tags";
  list.setAttribute("aria-label", "About this example");
  tags.forEach(function (tag) {
    var li = document.createElement("li");
    li.className = "ju-tag";
    var label = document.createElement("span");
    label.className = "ju-visually-hidden";
    label.textContent = tag[0] + ": ";
    li.append(label, tag[1]);
    list.appendChild(li);
  });
  return list;
}
