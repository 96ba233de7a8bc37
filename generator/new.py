"""`joinedup new practice`: a new practice file, asked for field by field from the model.

Every field of the model is asked for (``fields.editor_fields``; optional ones can be skipped
with Enter), and each answer is checked as it is given, with the model's own rules: an id's
form and whether its file exists come first, a choice may be given by number, id or the title
shown, several at once, and one wrong choice never drops the right ones. A summary is shown
before anything is written. The answers are never lost: on Ctrl-C, at the end of the input,
or when the file cannot be written, they are saved in ``build/new-practice/`` and the editor is
told how to carry on from them (``--answers``).

The file is created exclusively (an existing file is never overwritten) and validated with the
rest of the content; a file that would not validate is removed again and its problems returned.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from . import model as m
from .fields import editor_fields
from .pipeline import check_content
from .problems import Problem, did_you_mean, errors
from .validate.warnings import SUMMARY_WORDS

REVIEW_AFTER_YEARS = 2
# Fixed for a new file (kind), or not yet true of one (it has not been updated or reviewed).
NEW_SKIPS = frozenset({"kind", "updated", "reviewed"})
# Questions that make sense only once another is answered.
ASKED_ONLY_WITH = {"contact.consent": ("contact.email", "contact.phone")}
HEADER = (
    "# yaml-language-server: $schema=../../schema/practice.schema.json\n"
    "# A practice example. Edit the text in your own words; keep every figure exact.\n"
    "# Check it with `joinedup validate`; CONTRIBUTING.md explains every field.\n"
)
# Characters a YAML loader reads as a line break: escaped so the text loads back as typed.
_YAML_BREAKS = re.compile("[\u0085\u2028\u2029]")

Answers = dict[str, Any]


class Refused(ValueError):
    """An answer that cannot be taken as it is, with what to type instead."""


def slugify(text: str) -> str:
    """A suggested id for a title: lower case, hyphens, at most eight words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:8])


def content_choices(content) -> Callable[[str], list[tuple[str, str]]]:
    """The (id, title) pairs a reference of each kind may take, from loaded content."""
    terms = {m.TAXONOMY_FILES[name][0]: [(t.id, t.title) for t in taxonomy.terms] for name, taxonomy in content.taxonomies.items()}
    terms["national-indicator"] = [(n.id, n.title) for n in sorted(content.national_indicators, key=lambda n: n.number)]
    terms["practice"] = [(p.id, p.title) for p in sorted(content.practice, key=lambda p: p.id)]
    terms["pilot"] = [(p.id, p.title) for p in sorted(content.practice, key=lambda p: p.id) if p.kind == "pilot"]
    return lambda kind: terms.get(kind, [])


def practice_questions(content) -> list[dict[str, Any]]:
    return editor_fields(m.Practice, content_choices(content), NEW_SKIPS)


# --- checking one answer --------------------------------------------------------------------


def resolve_choices(text: str, options: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The ids ``text`` names (by number, id or title, separated by commas), and what it named
    that is none of them. A title that itself holds a comma is still recognised."""
    by_key: dict[str, str] = {}
    for number, (ident, title) in enumerate(options, start=1):
        by_key[str(number)] = ident
        by_key[ident.casefold()] = ident
        by_key[" ".join(title.casefold().split())] = ident
    tokens = [t.strip() for t in text.split(",")]
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):  # the longest run of tokens that is a title
            key = " ".join(", ".join(tokens[i:j]).casefold().split())
            if key in by_key:
                found.append(by_key[key])
                i = j
                break
        else:
            token = tokens[i]
            words = token.split()
            if len(words) > 1 and all(w.casefold() in by_key for w in words):  # "1 3 5"
                found.extend(by_key[w.casefold()] for w in words)
            elif token:
                unknown.append(token)
            i += 1
    return list(dict.fromkeys(found)), unknown


def check_value(spec: dict[str, Any], text: str) -> Any:
    """One typed answer to a question that takes text, a date, a number or yes/no; raises Refused."""
    widget = spec["widget"]
    if widget == "yes-no":
        if text.casefold() in ("y", "yes"):
            return True
        if text.casefold() in ("n", "no"):
            return False
        raise Refused("answer yes or no")
    item_type = spec["type"]
    if widget == "lines":
        item_type = _list_item_type(spec["type"])
    try:
        value = TypeAdapter(item_type).validate_python(text.strip() if widget != "number" else _whole_number(text))
    except ValidationError as exc:
        raise Refused(_plain(exc, widget)) from None
    if widget == "decimal" and value.is_integer():
        value = int(value)  # 23, not 23.0, as the editor typed it
    if spec["path"] == "summary" and len(value.split()) > SUMMARY_WORDS:
        raise Refused(f"this has {len(value.split())} words; keep it to {SUMMARY_WORDS} or fewer (one or two sentences)")
    if spec["path"] in ("published", "source.supplied_on") and value > datetime.date.today():
        raise Refused(f"{value.isoformat()} is in the future; give today's date or an earlier one")
    return value


def _whole_number(text: str) -> int:
    if not re.fullmatch(r"\s*\d+\s*", text):
        raise Refused("write a whole number, e.g. 2026")
    return int(text)


def _list_item_type(hint: Any) -> Any:
    while get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    return get_args(hint)[0]


def _plain(exc: ValidationError, widget: str) -> str:
    error = exc.errors(include_url=False)[0]
    kind = error["type"]
    if widget == "date":
        return "write the date as YYYY-MM-DD, e.g. 2026-11-30"
    if kind in ("float_parsing", "float_type"):
        return "write a number, e.g. 23 or 4.5, without units"
    if kind == "string_too_long":
        return f"that is longer than {error['ctx']['max_length']} characters; shorten it"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"expected a number {'at least' if kind == 'greater_than_equal' else 'at most'} {next(iter(error['ctx'].values()))}"
    return error["msg"][0].lower() + error["msg"][1:].rstrip(".")


def check_id(ident: str, content_dir: Path, taken: Iterable[str]) -> str:
    """The id if it can name a new file; raises Refused saying why not."""
    if not re.fullmatch(m.SLUG_PATTERN, ident) or len(ident) > 80:
        raise Refused("use lower-case letters, digits and single hyphens, e.g. kettering-rent-deposit-scheme")
    if ident in taken or (content_dir / "practice" / f"{ident}.yml").exists():
        raise Refused(f"content/practice/{ident}.yml already exists; choose another id, or edit that file to correct it")
    return ident


# --- from answers to a file ---------------------------------------------------------------


def is_asked(spec: dict[str, Any], answers: Answers) -> bool:
    """Whether a question applies, given the answers so far (a chosen shape, a needed partner)."""
    if spec["when"]:
        path, value = spec["when"]
        if answers.get(path) != value:
            return False
    needs = ASKED_ONLY_WITH.get(spec["path"])
    return not needs or any(answers.get(p) for p in needs)


def practice_data(questions: list[dict[str, Any]], answers: Answers) -> dict[str, Any]:
    """The record the answers make, nested as the file holds it; unanswered fields left out."""
    data = {"id": answers.get("id"), "kind": "practice", **nested(questions, answers)}
    # where the facts come from closes the file, after what the practice is
    return {key: data[key] for key in sorted(data, key=lambda key: key == "source")}


def nested(questions: list[dict[str, Any]], answers: Answers) -> dict[str, Any]:
    """Answers keyed by dotted path, nested into mappings (a record's, or one item's of a list)."""
    data: dict[str, Any] = {}
    for spec in questions:
        value = answers.get(spec["path"])
        if spec["widget"] == "variant" or value in (None, "", []) or not is_asked(spec, answers):
            continue
        *groups, key = spec["path"].split(".")
        target = data
        for group in groups:
            target = target.setdefault(group, {})
        target[key] = value
    return data


def practice_yaml(questions: list[dict[str, Any]], data: dict[str, Any]) -> str:
    """The file: every value quoted or plain as YAML will read it back, each field under its hint."""
    return HEADER + "".join(_mapping_lines(data, _by_key(questions), "", comments=True))


def _by_key(questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The questions as a tree by key: {key: (spec or None, subtree)}."""
    tree: dict[str, Any] = {}
    for spec in questions:
        *groups, key = spec["path"].split(".")
        level = tree
        for group in groups:
            level = level.setdefault(group, [None, {}])[1]
        node = level.setdefault(key, [None, {}])
        node[0] = spec
        if spec["widget"] == "records":
            node[1] = _by_key(spec["fields"])
    return tree


def _mapping_lines(mapping: dict[str, Any], tree: dict[str, Any], indent: str, comments: bool) -> list[str]:
    lines = []
    for key, value in mapping.items():
        spec, subtree = tree.get(key, [None, {}])
        help_text = spec["help"] if spec else ""
        if comments and help_text:
            lines.append(f"{indent}# {help_text[0].upper()}{help_text[1:]}\n")
        plain = key == "kind" or bool(spec) and spec["widget"] in ("id", "choice", "choices")
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:\n")
            lines += _mapping_lines(value, subtree, indent + "  ", comments)
        elif isinstance(value, list) and plain:
            lines.append(f"{indent}{key}: [{', '.join(value)}]\n")
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:\n")
            for item in value:
                if isinstance(item, dict):  # an item of a list of records: "- first: ..." then the rest
                    inner = _mapping_lines(item, subtree, indent + "    ", comments=False)
                    lines.append(f"{indent}  - {inner[0][len(indent) + 4:]}")
                    lines += inner[1:]
                else:
                    lines.append(f"{indent}  - {_quoted(item)}\n")
        else:
            lines.append(f"{indent}{key}: {_scalar(value, plain)}\n")
    return lines


def _scalar(value: Any, plain: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, datetime.date)):
        return str(value)
    return value if plain else _quoted(value)


def _quoted(text: str) -> str:
    # A JSON string is a double-quoted YAML string: no YAML 1.1 surprises (yes, 1.10, #, : ).
    return _YAML_BREAKS.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(text, ensure_ascii=False))


def create_practice(content_dir: Path, questions: list[dict[str, Any]], answers: Answers) -> tuple[Path, list[Problem]]:
    """Write content/practice/<id>.yml; refuse to overwrite; remove it again if it is invalid."""
    ident = str(answers.get("id", ""))
    path = content_dir / "practice" / f"{ident}.yml"
    if not re.fullmatch(m.SLUG_PATTERN, ident):
        return path, [Problem(f"content/practice/{ident}.yml", 1, "id", "expected a lower-case id of letters, digits and single hyphens")]
    text = practice_yaml(questions, practice_data(questions, answers))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return path, [Problem(_display(path, content_dir), 1, "", "file already exists; choose another id (nothing was written)")]
    except OSError as exc:
        return path, [Problem(_display(path, content_dir), 0, "", f"the file could not be written: {exc.strerror}")]
    _, problems = check_content(content_dir)
    mine = [p for p in problems if p.path == _display(path, content_dir)]
    if errors(mine):
        path.unlink()
    return path, mine


def _display(path: Path, content_dir: Path) -> str:
    return path.relative_to(content_dir.parent).as_posix()


# --- keeping the answers ---------------------------------------------------------------------


def answers_path(content_dir: Path, answers: Answers) -> Path:
    """Where unfinished answers are kept: build/ beside content/, never content/ itself."""
    return content_dir.resolve().parent / "build" / "new-practice" / f"{answers.get('id') or 'unnamed'}.json"


def save_answers(path: Path, answers: Answers) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    serialisable = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in answers.items()}
    path.write_text(json.dumps(serialisable, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_answers(path: Path, questions: list[dict[str, Any]]) -> Answers:
    """Saved answers, with dates and numbers typed again; a question no longer asked is dropped."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise Refused(f"{path} does not hold saved answers")
    widgets = {spec["path"]: spec["widget"] for spec in questions}
    groups = optional_groups(questions)
    answers: Answers = {}
    for key, value in raw.items():
        if widgets.get(key) == "date" and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        if key in widgets or (key in groups and value is False):
            answers[key] = value
    return answers


def review_date(published: datetime.date) -> datetime.date:
    try:
        return published.replace(year=published.year + REVIEW_AFTER_YEARS)
    except ValueError:  # 29 February
        return published.replace(year=published.year + REVIEW_AFTER_YEARS, day=28)


def default_for(spec: dict[str, Any], answers: Answers) -> Any:
    """What Enter gives for a question, or None."""
    path = spec["path"]
    today = datetime.date.today()
    if path == "id" and answers.get("title"):
        return slugify(answers["title"])
    if path in ("published", "source.supplied_on"):
        return today
    if path == "review_by":
        return review_date(answers.get("published") or today)
    if path == "contact.as_of":
        return today.year
    if path == "contact.consent":
        return False
    return None


def fill_defaults(questions: list[dict[str, Any]], answers: Answers) -> None:
    """What Enter would give, for --no-input: the id from the title, today's dates, the review
    date, the year of a contact that is given."""
    used = {group_of(spec) for spec in questions if answers.get(spec["path"]) not in (None, [], "")}
    for spec in questions:
        if spec["path"] in answers or not is_asked(spec, answers):
            continue
        needed = spec["required"] or spec["path"] == "review_by" or (spec["group_required"] and group_of(spec) in used)
        default = default_for(spec, answers)
        if needed and default is not None:
            answers[spec["path"]] = default


def unknown_choice(spec: dict[str, Any], token: str) -> str:
    kind = spec.get("kind", "choice").replace("-", " ")
    return f"unknown {kind} '{token}'{did_you_mean(token, [i for i, _ in spec['choices']])}"


# --- asking ----------------------------------------------------------------------------------


def interpret(spec: dict[str, Any], text: str, content_dir: Path, taken: Iterable[str]) -> tuple[Any, list[str]]:
    """The value an answer gives and what was wrong with it. For a choice of several, the value
    holds every valid choice even when some of the answer was not understood."""
    widget = spec["widget"]
    if widget in ("choice", "choices", "variant"):
        picked, unknown = resolve_choices(text, spec["choices"])
        problems = [unknown_choice(spec, token) for token in unknown]
        if widget != "choices":
            if len(picked) > 1:
                problems.append("choose one")
            return (picked[0] if len(picked) == 1 and not unknown else None), problems
        return picked, problems
    try:
        if widget == "id":
            return check_id(text.strip(), content_dir, taken), []
        return check_value(spec, text), []
    except Refused as refusal:
        return None, [str(refusal)]


def shown(spec: dict[str, Any], value: Any) -> str:
    """An answer as the summary shows it: choices by title, lists one per line."""
    titles = dict(spec.get("choices") or [])
    if spec["widget"] == "records":
        return f"{len(value)} item{'s' if len(value) != 1 else ''}: " + "; ".join(
            ", ".join(str(v) for v in item.values() if not isinstance(v, list)) for item in value)
    if isinstance(value, list):
        return "; ".join(titles.get(v, v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(titles.get(value, value))


def group_of(spec: dict[str, Any]) -> str:
    return spec["path"].rsplit(".", 1)[0] if "." in spec["path"] else ""


def optional_groups(questions: list[dict[str, Any]]) -> set[str]:
    """Groups of fields that are optional as a whole but need some fields once used (a contact)."""
    return {group_of(spec) for spec in questions if spec["group_required"]}


class Interview:
    """Asks each question in turn through ``ask`` (a prompt that returns the text typed) and
    ``say``; raises ``click.Abort`` from ``ask`` on Ctrl-C or the end of input."""

    def __init__(self, questions, answers: Answers, content_dir: Path, taken: Iterable[str], ask, say):
        self.questions = questions
        self.answers = answers
        self.content_dir = content_dir
        self.taken = set(taken)
        self.ask = ask
        self.say = say
        # optional groups the editor said no to
        self.declined: set[str] = {group for group in optional_groups(questions) if answers.get(group) is False}
        self.accepted: set[str] = set()

    def run(self, only_unanswered: bool) -> None:
        groups = optional_groups(self.questions)
        for spec in self.questions:
            if not is_asked(spec, self.answers) or group_of(spec) in self.declined:
                continue
            if only_unanswered and spec["path"] in self.answers:
                continue
            group = group_of(spec)
            in_use = group in self.accepted or any(p.startswith(group + ".") and v not in (None, [], "")
                                                   for p, v in self.answers.items())
            if group in groups and not in_use:
                if not self._yes(f"Add a {group.replace('_', ' ')} (who to ask)?" if group == "contact"
                                 else f"Add {group.replace('_', ' ')}?"):
                    self.declined.add(group)
                    self.answers[group] = False  # kept with the answers, so not asked again
                    continue
                self.accepted.add(group)
            self.question(spec)

    def _yes(self, text: str) -> bool:
        while True:
            answer = self.ask(f"{text} (y/n)", "n").strip().casefold()
            if answer in ("y", "yes", "n", "no"):
                return answer.startswith("y")
            self.say("  answer y or n")

    def required(self, spec) -> bool:
        return spec["required"] or (spec["group_required"] and group_of(spec) not in self.declined)

    def question(self, spec: dict[str, Any]) -> None:
        path = spec["path"]
        required = self.required(spec)
        self.say("")
        if spec["help"]:
            self.say(f"{spec['label']}: {spec['help']}")
        if spec.get("choices"):
            for number, (ident, title) in enumerate(spec["choices"], start=1):
                self.say(f"  {number:2}. {ident} ({title})" if ident != title else f"  {number:2}. {ident}")
            self.say("  Type numbers, ids or titles" + (", separated by commas." if spec["widget"] == "choices" else "."))
        if spec["widget"] == "lines":
            self._lines(spec, required)
            return
        if spec["widget"] == "records":
            self._records(spec, required)
            return
        previous = self.answers.get(path)
        default = previous if previous not in (None, [], "") else default_for(spec, self.answers)
        kept: list[str] = []
        while True:
            prompt = (spec["label"] + ("" if required else " (optional, Enter to skip)")) if not kept \
                else "Add or correct (Enter to keep these)"
            shown_default = shown(spec, default) if default not in (None, [], "") and not kept else ""
            text = self.ask(prompt, shown_default).strip()
            if not text and kept:
                self.answers[path] = kept
                return
            if not text and shown_default:
                self.answers[path] = default
                return
            if not text:
                if required:
                    self.say("  This is required.")
                    continue
                self.answers[path] = None  # asked, and skipped: not asked again on carrying on
                return
            value, problems = interpret(spec, text, self.content_dir, self.taken)
            if spec["widget"] == "choices":
                kept = list(dict.fromkeys(kept + value))
                for problem in problems:
                    self.say(f"  {problem}")
                if problems:
                    if kept:
                        self.say(f"  Kept: {shown(spec, kept)}.")
                    continue
                if kept or not required:
                    self.answers[path] = kept
                    return
                continue
            if problems:
                for problem in problems:
                    self.say(f"  {problem}")
                continue
            self.answers[path] = value
            return

    def _kept_list(self, spec: dict[str, Any]) -> bool:
        """Whether a list answered before (carried on from saved answers) is kept as it is."""
        items = self.answers.get(spec["path"])
        if not items:
            return False
        self.say(f"  Already given: {shown(spec, items)}")
        return self._yes("Keep these")

    def _lines(self, spec: dict[str, Any], required: bool) -> None:
        path = spec["path"]
        if self._kept_list(spec):
            return
        items: list[Any] = []
        self.say("  One item at a time; press Enter on an empty line when done.")
        while True:
            text = self.ask(f"  {spec['label']} {len(items) + 1}", "").strip()
            if not text:
                if required and not items:
                    self.say("  Give at least one.")
                    continue
                break
            value, problems = interpret(spec, text, self.content_dir, self.taken)
            for problem in problems:
                self.say(f"  {problem}")
            if not problems:
                items.append(value)
        self.answers[path] = items or None

    def _records(self, spec: dict[str, Any], required: bool) -> None:
        """A list of structured items (a key figure and its values): each item asked field by field."""
        path = spec["path"]
        if self._kept_list(spec):
            return
        items: list[Any] = []
        name = spec["label"].lower()
        while (required and not items) or self._yes(f"Add {'another item to' if items else 'an item to'} {name}?"):
            item: Answers = {}
            Interview(spec["fields"], item, self.content_dir, self.taken, self.ask, self.say).run(only_unanswered=False)
            items.append(nested(spec["fields"], item))
        self.answers[path] = items or None

    def summary(self) -> list[dict[str, Any]]:
        """Print every answer, numbered; the questions in that order."""
        listed = [spec for spec in self.questions
                  if self.answers.get(spec["path"]) not in (None, [], "") and is_asked(spec, self.answers)]
        self.say("")
        self.say("Your answers:")
        for number, spec in enumerate(listed, start=1):
            self.say(f"  {number:2}. {spec['label']}: {shown(spec, self.answers[spec['path']])}")
        return listed
