/* Joined Up case submission: checks the form as you type and turns it into a practice file.
 *
 * The form itself is generated from the practice model at build time; every control carries
 * its field path (data-path), its kind (data-widget) and whether it is required. Nothing is
 * sent anywhere: the result is a YAML file to download, copy or add on GitHub.
 */
import { announce } from "./joinedup-common.js";

(function () {

  var page = document.getElementById("ju-submit");
  if (!page) return;

  var form = document.getElementById("ju-submit-form");
  var statusLine = document.getElementById("ju-submit-status");
  var result = document.getElementById("ju-submit-result");
  var output = document.getElementById("ju-submit-yaml");
  var filename = document.getElementById("ju-submit-filename");
  var download = document.getElementById("ju-submit-download");
  var github = document.getElementById("ju-submit-github");
  var copyButton = document.getElementById("ju-submit-copy");
  var fields = Array.prototype.slice.call(form.querySelectorAll("[data-path]"));
  var summaryBox = document.getElementById("ju-error-summary");
  var summaryList = document.getElementById("ju-error-summary-list");
  var tooLong = document.getElementById("ju-submit-too-long");
  var touched = {};
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // GitHub refuses addresses much past 8,000 characters; stay well under.
  var LINK_LIMIT = 6000;
  // Characters YAML turns into a line break or space, control characters, and the invisible
  // ones the validator refuses (generator/characters.py): refused in what is typed, so what
  // the form writes loads back exactly as typed and validates.
  var INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
  var INVISIBLE_ALL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
  var TAB_OR_LINE = /[\t\n\r]/;

  /* The fields of a shape that is not chosen (e.g. a contribution's when the source is a
   * document) are hidden and count for nothing. */
  function isActive(field) {
    var shape = field.parentElement.closest("[data-when-path]");
    return !shape || !shape.hidden;
  }

  function showChosenShapes() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-when-path]"), function (shape) {
      var chooser = form.querySelector('[data-path="' + shape.getAttribute("data-when-path") + '"]');
      var picked = chooser.querySelector("input:checked");
      shape.hidden = !picked || picked.value !== shape.getAttribute("data-when-value");
    });
  }

  function labelOf(field) {
    var label = field.tagName === "FIELDSET" ? field.querySelector("legend") : form.querySelector('label[for="' + field.id + '"]');
    var text = label ? label.firstChild.textContent : field.getAttribute("data-path");
    return text.replace(/\s+$/, "");
  }

  function describeCharacter(character) {
    var code = character.charCodeAt(0).toString(16).toUpperCase();
    while (code.length < 4) code = "0" + code;
    var names = { "0085": "next line", "2028": "line separator", "2029": "paragraph separator" };
    var kind = names[code] || (character.charCodeAt(0) < 0xa0 ? "control" : "formatting");
    return "an invisible " + kind + " character (U+" + code + ")";
  }

  function slugify(text) {
    return (text.toLowerCase().match(/[a-z0-9]+/g) || []).slice(0, 8).join("-");
  }

  function valueOf(field) {
    var widget = field.getAttribute("data-widget");
    if (widget === "choices" || widget === "choice" || widget === "variant") {
      var picked = Array.prototype.slice
        .call(field.querySelectorAll("input:checked"))
        .map(function (box) {
          return box.value;
        });
      return widget === "choices" ? picked : picked[0] || "";
    }
    if (widget === "lines") {
      return field.value
        .split("\n")
        .map(function (line) {
          return line.trim();
        })
        .filter(Boolean);
    }
    return field.value.trim();
  }

  function isEmpty(value) {
    return Array.isArray(value) ? value.length === 0 : value === "";
  }

  function groupOf(path) {
    var parts = path.split(".");
    return parts.length > 1 ? parts.slice(0, -1).join(".") : "";
  }

  function groupInUse(group) {
    return fields.some(function (field) {
      var path = field.getAttribute("data-path");
      return groupOf(path) === group && !isEmpty(valueOf(field));
    });
  }

  function rawText(field) {
    var widget = field.getAttribute("data-widget");
    return widget === "choices" || widget === "choice" || widget === "variant" ? "" : field.value;
  }

  function problemFor(field) {
    if (!isActive(field)) return "";
    var path = field.getAttribute("data-path");
    var value = valueOf(field);
    var required =
      field.hasAttribute("data-required") ||
      (field.hasAttribute("data-group-required") && groupInUse(groupOf(path)));
    if (required && isEmpty(value)) return "This field is required.";
    var raw = rawText(field);
    var invisible = raw.match(INVISIBLE);
    if (invisible)
      return "This contains " + describeCharacter(invisible[0]) + ", probably pasted from another program. " +
        "Delete it and type the text again, or start a new line with Enter.";
    if (field.tagName === "INPUT" && TAB_OR_LINE.test(raw)) return "Keep this on one line.";
    if (path === "id" && value && !SLUG.test(value))
      return "Use lower-case letters, digits and single hyphens, e.g. kettering-rent-deposit-scheme.";
    if (path === "id" && value && takenIds.has(value))
      return "A case with the id " + value + " is already on the site. Choose another id; to correct " +
        "that case, edit content/practice/" + value + ".yml instead.";
    var maxLength = parseInt(field.getAttribute("data-max-length") || "0", 10);
    if (maxLength && typeof value === "string" && value.length > maxLength)
      return "This has " + value.length.toLocaleString("en-GB") + " characters; shorten it to " +
        maxLength.toLocaleString("en-GB") + " or fewer.";
    var maxWords = parseInt(field.getAttribute("data-max-words") || "0", 10);
    var words = typeof value === "string" && value ? value.split(/\s+/).length : 0;
    if (maxWords && words > maxWords)
      return "This has " + words + " words; shorten it to " + maxWords + " words or fewer (one or two sentences).";
    if (field.getAttribute("data-widget") === "number" && value && !/^\d{4}$/.test(value))
      return "Write the year as four digits.";
    return "";
  }

  function show(field, problem) {
    var error = document.getElementById(field.id + "-error");
    if (problem) {
      error.textContent = problem;
      error.hidden = false;
      field.setAttribute("aria-invalid", "true");
    } else {
      error.textContent = "";
      error.hidden = true;
      field.removeAttribute("aria-invalid");
    }
  }

  /* Every field's problem shown (or only those of touched fields); the fields with problems. */
  function check(onlyTouched) {
    var failing = [];
    fields.forEach(function (field) {
      var problem = problemFor(field);
      if (problem) failing.push({ field: field, problem: problem });
      if (!onlyTouched || touched[field.id]) show(field, problem);
    });
    if (!summaryBox.hidden) fillSummary(failing);
    return failing;
  }

  /* The GOV.UK error summary: each problem linked to its field. */
  function fillSummary(failing) {
    summaryList.textContent = "";
    failing.forEach(function (item) {
      var link = document.createElement("a");
      var target = item.field.tagName === "FIELDSET" ? item.field.querySelector("input") : item.field;
      link.href = "#" + target.id;
      link.textContent = labelOf(item.field) + ": " + item.problem;
      var entry = document.createElement("li");
      entry.appendChild(link);
      summaryList.appendChild(entry);
    });
    summaryBox.hidden = failing.length === 0;
  }

  function reveal(control) {
    for (var folded = control.closest("details"); folded; folded = folded.parentElement.closest("details"))
      folded.open = true;
  }

  summaryList.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    event.preventDefault();
    var control = document.getElementById(link.getAttribute("href").slice(1));
    reveal(control);
    control.focus();
    control.scrollIntoView({ block: "center" });
  });

  function fieldFrom(target) {
    return target.closest("[data-path]");
  }

  form.addEventListener("input", function (event) {
    var field = fieldFrom(event.target);
    if (!field) return;
    touched[field.id] = true;
    if (field.getAttribute("data-path") === "title") suggestId(field.value);
    check(true);
    result.hidden = true;
  });

  form.addEventListener("change", function (event) {
    var field = fieldFrom(event.target);
    if (field) touched[field.id] = true;
    showChosenShapes();
    check(true);
  });

  form.addEventListener("focusout", function (event) {
    var field = fieldFrom(event.target);
    if (field && field.tagName !== "FIELDSET") {
      touched[field.id] = true;
      show(field, problemFor(field));
    }
  });

  var idField = form.querySelector('[data-path="id"]');
  var idEdited = false;

  /* The ids already on the site, from a file beside the page (listed in the page they would
   * grow with the content). Until it has come, or if it cannot, ids are checked only for form. */
  var takenIds = new Set();
  if (idField && idField.hasAttribute("data-taken-ids")) {
    fetch(idField.getAttribute("data-taken-ids"))
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (ids) {
        if (Array.isArray(ids)) takenIds = new Set(ids.filter(function (id) { return typeof id === "string"; }));
        form.setAttribute("data-taken-ids-ready", "true");
        if (touched[idField.id]) show(idField, problemFor(idField));
      })
      .catch(function () {
        /* offline or opened from a file: the validator still refuses a taken id */
      });
  }
  if (idField) {
    idField.addEventListener("input", function () {
      idEdited = true;
    });
  }

  function suggestId(title) {
    if (idField && !idEdited) idField.value = slugify(title);
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-today]"), function (date) {
    if (!date.value) date.value = new Date().toISOString().slice(0, 10);
  });

  /* --- YAML output --------------------------------------------------------------------------- */

  // Ids, dates and years are written plain; everything else as a JSON string, which is valid
  // YAML and always quoted, so no text is misread as a boolean, number or date.
  var PLAIN_WIDGETS = ["id", "choice", "date", "number"];

  // JSON leaves these characters as they are, but a YAML loader reads them as a line break or
  // a space; escaped, they load back as they were (the checks above refuse them anyway).
  function quoted(text) {
    return JSON.stringify(text).replace(INVISIBLE_ALL, function (character) {
      return "\\u" + ("000" + character.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function scalar(path, value) {
    var field = form.querySelector('[data-path="' + path + '"]');
    var widget = field ? field.getAttribute("data-widget") : "";
    return PLAIN_WIDGETS.indexOf(widget) !== -1 ? value : quoted(value);
  }

  function toYaml(data) {
    var lines = ["# yaml-language-server: $schema=../../schema/practice.schema.json"];
    function emit(object, indent, prefix) {
      Object.keys(object).forEach(function (key) {
        var value = object[key];
        var path = prefix ? prefix + "." + key : key;
        var pad = new Array(indent + 1).join("  ");
        if (Array.isArray(value)) {
          lines.push(pad + key + ":");
          value.forEach(function (item) {
            lines.push(pad + "  - " + quoted(item));
          });
        } else if (value !== null && typeof value === "object") {
          lines.push(pad + key + ":");
          emit(value, indent + 1, path);
        } else {
          lines.push(pad + key + ": " + scalar(path, value));
        }
      });
    }
    emit(data, 0, "");
    return lines.join("\n") + "\n";
  }

  function collect() {
    var data = { id: "", kind: "practice" };
    fields.forEach(function (field) {
      if (field.getAttribute("data-widget") === "variant" || !isActive(field)) return;
      var value = valueOf(field);
      if (isEmpty(value)) return;
      var path = field.getAttribute("data-path").split(".");
      var target = data;
      for (var i = 0; i < path.length - 1; i++) {
        target[path[i]] = target[path[i]] || {};
        target = target[path[i]];
      }
      var key = path[path.length - 1];
      target[key] = field.getAttribute("data-widget") === "number" ? String(parseInt(value, 10)) : value;
    });
    return data;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fields.forEach(function (field) {
      touched[field.id] = true;
    });
    var failing = check(false);
    if (failing.length) {
      result.hidden = true;
      failing.forEach(function (item) {
        reveal(item.field);
      });
      fillSummary(failing);
      announce(statusLine, failing.length === 1 ? "1 field needs attention." : failing.length + " fields need attention.");
      summaryBox.focus();
      return;
    }
    summaryBox.hidden = true;
    var data = collect();
    var text = toYaml(data);
    var name = data.id + ".yml";
    output.value = text;
    filename.textContent = name;
    download.href = "data:text/yaml;charset=utf-8," + encodeURIComponent(text);
    download.setAttribute("download", name);
    var repository = document.querySelector('meta[name="ju-repository"]');
    tooLong.hidden = true;
    if (repository && repository.content) {
      // GitHub's new-file page in content/practice/, with the file name filled in
      var newFile = repository.content.replace(/\/$/, "") + "/new/main/content/practice?filename=" + encodeURIComponent(name);
      var withText = newFile + "&value=" + encodeURIComponent(text);
      if (withText.length <= LINK_LIMIT) {
        github.href = withText;
        github.textContent = "Add it on GitHub";
      } else {
        github.href = newFile;
        github.textContent = "Open GitHub's new-file page";
        document.getElementById("ju-submit-length").textContent = withText.length.toLocaleString("en-GB");
        tooLong.hidden = false;
      }
      github.hidden = false;
    } else {
      github.hidden = true;
    }
    result.hidden = false;
    announce(statusLine, tooLong.hidden ? "Your file is ready below." :
      "Your file is ready below. It is too long for a link to GitHub: copy or download it, then paste it into GitHub's new-file page.");
    output.focus();
  });

  copyButton.addEventListener("click", function () {
    output.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(output.value).then(function () {
        announce(statusLine, "Copied.");
      });
    }
  });
})();
