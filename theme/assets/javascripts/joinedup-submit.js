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
  var touched = {};
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  function slugify(text) {
    return (text.toLowerCase().match(/[a-z0-9]+/g) || []).slice(0, 8).join("-");
  }

  function valueOf(field) {
    var widget = field.getAttribute("data-widget");
    if (widget === "choices" || widget === "choice") {
      var picked = Array.prototype.slice
        .call(field.querySelectorAll("input:checked"))
        .map(function (box) {
          return box.value;
        });
      return widget === "choice" ? picked[0] || "" : picked;
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

  function problemFor(field) {
    var path = field.getAttribute("data-path");
    var value = valueOf(field);
    var required =
      field.hasAttribute("data-required") ||
      (field.hasAttribute("data-group-required") && groupInUse(groupOf(path)));
    if (required && isEmpty(value)) return "This field is required.";
    if (path === "id" && value && !SLUG.test(value))
      return "Use lower-case letters, digits and single hyphens, e.g. kettering-rent-deposit-scheme.";
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

  function check(onlyTouched) {
    var problems = 0;
    fields.forEach(function (field) {
      var problem = problemFor(field);
      if (problem) problems += 1;
      if (!onlyTouched || touched[field.id]) show(field, problem);
    });
    return problems;
  }

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
  if (idField) {
    idField.addEventListener("input", function () {
      idEdited = true;
    });
  }

  function suggestId(title) {
    if (idField && !idEdited) idField.value = slugify(title);
  }

  var published = form.querySelector('[data-path="published"]');
  if (published && !published.value) published.value = new Date().toISOString().slice(0, 10);

  /* --- YAML output --------------------------------------------------------------------------- */

  // Ids, dates and years are written plain; everything else as a JSON string, which is valid
  // YAML and always quoted, so no text is misread as a boolean, number or date.
  var PLAIN_WIDGETS = ["id", "choice", "date", "number"];

  function scalar(path, value) {
    var field = form.querySelector('[data-path="' + path + '"]');
    var widget = field ? field.getAttribute("data-widget") : "";
    return PLAIN_WIDGETS.indexOf(widget) !== -1 ? value : JSON.stringify(value);
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
            lines.push(pad + "  - " + JSON.stringify(item));
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
    var problems = check(false);
    if (problems) {
      result.hidden = true;
      announce(statusLine, problems === 1 ? "1 field needs attention." : problems + " fields need attention.");
      var first = form.querySelector('[aria-invalid="true"]');
      if (first) (first.tagName === "FIELDSET" ? first.querySelector("input") : first).focus();
      return;
    }
    var data = collect();
    var text = toYaml(data);
    var name = data.id + ".yml";
    output.value = text;
    filename.textContent = name;
    download.href = "data:text/yaml;charset=utf-8," + encodeURIComponent(text);
    download.setAttribute("download", name);
    var repository = document.querySelector('meta[name="ju-repository"]');
    if (repository && repository.content) {
      github.href =
        repository.content.replace(/\/$/, "") +
        "/new/main/content/practice?filename=" +
        encodeURIComponent(name) +
        "&value=" +
        encodeURIComponent(text);
      github.hidden = false;
    } else {
      github.hidden = true;
    }
    result.hidden = false;
    announce(statusLine, "Your file is ready below.");
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
