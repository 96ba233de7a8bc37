/* Joined Up self-assessment: ratings kept in this browser, a summary per area, suggestions
 * for the weakest areas, and print or download. Without this script the matrix is a checklist.
 */
import { isPlainObject, loadStored, saveStored } from "./joinedup-common.js";

(function () {

  var tool = document.getElementById("ju-matrix");
  if (!tool) return;

  var KEY = "joinedup:" + tool.getAttribute("data-tool");
  var SCORES = { excellent: 2, fair: 1, "not-yet": 0 };
  var LABELS = { excellent: "Like excellent", fair: "Like fair", "not-yet": "Not yet" };
  var WEAKEST = 3;
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.ju-matrix"));
  var summary = document.getElementById("ju-matrix-summary");
  var printButton = document.getElementById("ju-matrix-print");
  var downloadButton = document.getElementById("ju-matrix-download");
  var clearButton = document.getElementById("ju-matrix-clear");

  // Ratings are {radio name: one of SCORES' keys}; anything else stored under the key counts
  // as no ratings at all, so a corrupted or old value cannot break the tool.
  function isRatings(value) {
    return isPlainObject(value) && Object.keys(value).every(function (name) {
      return Object.prototype.hasOwnProperty.call(SCORES, value[name]);
    });
  }

  var ratings = loadStored(KEY, isRatings, {});

  tables.forEach(function (table) {
    table.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = ratings[radio.name] === radio.value;
      radio.addEventListener("change", function () {
        ratings[radio.name] = radio.value;
        saveStored(KEY, ratings);
        render();
      });
    });
  });

  function areaResults() {
    return tables.map(function (table) {
      var rows = table.querySelectorAll("tbody tr").length;
      var counts = { excellent: 0, fair: 0, "not-yet": 0 };
      table.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
        counts[radio.value] += 1;
      });
      var rated = counts.excellent + counts.fair + counts["not-yet"];
      var score = rated ? (counts.excellent * 2 + counts.fair) / (rated * 2) : null;
      return {
        id: table.getAttribute("data-area"),
        title: table.getAttribute("data-title"),
        rows: rows,
        rated: rated,
        counts: counts,
        score: score,
      };
    });
  }

  function cell(row, text, header) {
    var element = document.createElement(header ? "th" : "td");
    if (header) element.scope = header === "row" ? "row" : "col";
    element.textContent = text;
    row.appendChild(element);
  }

  function render() {
    var results = areaResults();
    var ratedAreas = results.filter(function (r) {
      return r.rated > 0;
    });
    summary.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = "Your summary";
    heading.id = "your-summary";
    heading.tabIndex = -1;
    summary.appendChild(heading);
    if (!ratedAreas.length) {
      var none = document.createElement("p");
      none.textContent = "Rate the rows below to see a summary for each area.";
      summary.appendChild(none);
    } else {
      var table = document.createElement("table");
      var head = table.createTHead().insertRow();
      ["Area", "Like excellent", "Like fair", "Not yet", "Rated", "Score"].forEach(function (text) {
        cell(head, text, "col");
      });
      var body = table.createTBody();
      results.forEach(function (r) {
        var row = body.insertRow();
        cell(row, r.title, "row");
        cell(row, String(r.counts.excellent));
        cell(row, String(r.counts.fair));
        cell(row, String(r.counts["not-yet"]));
        cell(row, r.rated + " of " + r.rows);
        cell(row, r.score === null ? "–" : Math.round(r.score * 100) + "%");
      });
      summary.appendChild(table);
      var weakest = ratedAreas
        .slice()
        .sort(function (a, b) {
          return a.score - b.score || a.title.localeCompare(b.title);
        })
        .slice(0, WEAKEST);
      var intro = document.createElement("p");
      intro.textContent =
        "Your weakest " + (weakest.length === 1 ? "area is " : "areas are ") +
        weakest.map(function (r) { return r.title; }).join(", ") +
        ". Practice and lessons that may help:";
      summary.appendChild(intro);
      weakest.forEach(function (r) {
        var source = document.querySelector('.ju-recommend[data-area="' + r.id + '"]');
        if (source) {
          var copy = source.cloneNode(true);
          copy.removeAttribute("data-area");
          copy.classList.add("ju-recommend--summary");
          summary.appendChild(copy);
        }
      });
    }
    printButton.hidden = false;
    downloadButton.hidden = false;
    clearButton.hidden = !ratedAreas.length;
  }

  function resultsText() {
    var lines = ["Self-assessment results (" + new Date().toISOString().slice(0, 10) + ")", ""];
    areaResults().forEach(function (r) {
      lines.push(
        r.title + ": " + r.counts.excellent + " like excellent, " + r.counts.fair + " like fair, " +
          r.counts["not-yet"] + " not yet; " + r.rated + " of " + r.rows + " rated" +
          (r.score === null ? "" : "; score " + Math.round(r.score * 100) + "%")
      );
      var table = document.querySelector('table.ju-matrix[data-area="' + r.id + '"]');
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var picked = row.querySelector("input:checked");
        lines.push("  - " + row.cells[0].textContent + ": " + (picked ? LABELS[picked.value] : "not rated"));
      });
      lines.push("");
    });
    return lines.join("\n");
  }

  printButton.addEventListener("click", function () {
    window.print();
  });

  downloadButton.addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = "data:text/plain;charset=utf-8," + encodeURIComponent(resultsText());
    link.download = "self-assessment-results.txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  clearButton.addEventListener("click", function () {
    ratings = {};
    saveStored(KEY, ratings);
    tables.forEach(function (table) {
      table.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = false;
      });
    });
    render();
    summary.querySelector("h2").focus();
  });

  render();
})();
