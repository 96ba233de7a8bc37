"""Command-line edge: parses arguments, calls the pipeline, prints problems, sets the exit code."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from . import schema as schema_export
from .history import content_history
from .pipeline import CheckCache, check_content
from .problems import did_you_mean, errors


@click.group()
@click.version_option(package_name="joinedup")
def main() -> None:
    """Joined Up: build and check the practice-knowledge site."""


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder of content files.",
)


def _print_report(report) -> None:
    """A build report's problems and builder messages, one per line."""
    for problem in sorted(report.problems):
        click.echo(str(problem))
    for message in report.messages:
        click.echo(message)


def _pages_written(report) -> str:
    """How many generated pages a build wrote: a build with no content change writes none."""
    removed = f", {len(report.removed_pages)} removed" if report.removed_pages else ""
    return f"{len(report.written_pages)} of {report.pages_total} pages written{removed}"


@main.command()
@content_option
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Scratch folder where the checks of unchanged files are kept.")
def validate(content_dir: Path, build_dir: Path) -> None:
    """Check every content file; list every problem as path:line: field: message."""
    if not content_dir.is_dir():
        raise click.UsageError(f"content folder not found: {content_dir}")
    cache = CheckCache.read(build_dir)
    content, problems = check_content(content_dir, content_history(content_dir), cache)
    cache.write(build_dir)
    for problem in sorted(problems):
        click.echo(str(problem))
    if errors(problems):
        click.echo(f"{len(errors(problems))} problem(s) found", err=True)
        sys.exit(1)
    counts = ", ".join(f"{n} {label}" for label, n in content.counts().items())
    click.echo(f"content is valid: {counts}")
    if problems:
        click.echo(f"{len(problems)} warning(s) to look at", err=True)


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write the JSON Schemas into.",
)
def schema(out_dir: Path) -> None:
    """Export a JSON Schema for each kind of content file."""
    written = schema_export.write_schemas(out_dir)
    click.echo(f"wrote {len(written)} schemas to {out_dir}")


@main.command()
@content_option
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put the built site (default: site/).")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch folder for generated pages and staging (default: build/).")
def build(content_dir: Path, site_dir: Path | None, build_dir: Path | None) -> None:
    """Validate, link and render the content, then build the site with MkDocs (strict)."""
    from .build import Project, build_site

    project = Project.at(Path.cwd(), content_dir=content_dir, site_dir=site_dir, build_dir=build_dir)
    report = build_site(project)
    _print_report(report)
    if not report.ok:
        click.echo(f"build failed at the {report.failed_stage} stage; {project.site_dir} was left as it was", err=True)
        sys.exit(1)
    timings = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in report.timings.items())
    click.echo(f"built {project.site_dir}; {_pages_written(report)} ({timings})")


@main.command()
@content_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on (port 0: any free port).")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch folder for generated pages and the preview (default: build/).")
def serve(content_dir: Path, dev_addr: str, build_dir: Path | None) -> None:
    """Preview the site with live reload; content changes regenerate the affected pages."""
    from .build import BuildReport, Project
    from .serve import serve as run_server

    def report(result: BuildReport) -> None:
        for problem in sorted(result.problems):
            click.echo(str(problem), err=True)
        for message in result.messages:
            click.echo(message, err=True)
        if result.ok:
            click.echo(f"regenerated: {_pages_written(result)}", err=True)
        else:
            click.echo("the content has problems (shown in the browser too); the preview keeps the last good pages",
                       err=True)

    def ready(url: str) -> None:
        click.echo(f"Preview at {url} (it reloads as you save files under {content_dir}; Ctrl+C stops it)", err=True)

    try:
        run_server(Project.at(Path.cwd(), content_dir=content_dir, build_dir=build_dir), dev_addr, report, ready)
    except KeyboardInterrupt:
        click.echo("preview stopped", err=True)


def _facet_option(name: str, help_text: str):
    return click.option(f"--{name.replace('_', '-')}", name, multiple=True, help=help_text)


# What the search command's filters are called in its messages, by facet.
_FACET_NOUNS = {
    "kind": ("kind", "kinds"),
    "client_group": ("client group", "client groups"),
    "theme": ("theme", "themes"),
    "ni": ("National Indicator", "National Indicators"),
    "region": ("region", "regions"),
    "stage": ("journey stage", "journey stages"),
    "evidence": ("evidence level", "evidence levels"),
}


@main.command(name="search")
@click.argument("words", required=False, default="")
@content_option
@_facet_option("kind", "practice, pilot, lesson, guidance, indicator-theme or national-indicator")
@_facet_option("client_group", "client group id, e.g. offenders")
@_facet_option("theme", "theme id")
@_facet_option("ni", "National Indicator id, e.g. ni-143")
@_facet_option("region", "region id")
@_facet_option("stage", "journey stage id")
@_facet_option("evidence", "evidence level id")
@click.option("--limit", default=10, show_default=True, callback=lambda ctx, param, value: _at_least_one(value),
              help="Most results to show (1 or more).")
def search_command(words: str, content_dir: Path, limit: int, **filters: tuple[str, ...]) -> None:
    """Search the content for WORDS; with filters and no words, list what the filters select.

    Repeat a filter to allow several values (OR); different filters must all hold (AND).
    """
    from . import search
    from .build import site_url
    from .link.catalogue import page_path
    from .problems import did_you_mean
    from .render.urls import address

    if not words.strip() and not any(filters.values()):
        raise click.UsageError("give words to search for, or a filter such as --client-group offenders to browse")
    content, problems = check_content(content_dir)
    if errors(problems):
        for problem in sorted(problems):
            click.echo(str(problem), err=True)
        sys.exit(1)
    titles = _facet_titles(content)
    unknown = []
    for facet, values in filters.items():
        singular, plural = _FACET_NOUNS[facet]
        for value in values:
            if value.lower() not in titles[facet]:
                hint = did_you_mean(value.lower(), titles[facet]) or f"; the {plural} are: {', '.join(titles[facet])}"
                unknown.append(f"--{facet.replace('_', '-')}: unknown {singular} '{value}'{hint}")
    if unknown:
        click.echo("\n".join(unknown), err=True)
        sys.exit(2)
    documents = search.content_documents(content)
    index = search.build_index(documents)
    # a word that is in no record is most likely misspelt: search for the site's nearest word,
    # as the site's search does, and say so
    respelled = search.respelled(words, search.site_words(documents))
    if respelled:
        typed = " or ".join(f'"{word}"' for word in respelled.misspelt)
        click.echo(f'No record has the word {typed}; showing results for "{respelled.text}".\n')
        words = respelled.text
    hits = search.search(index, words, filters, limit)
    if not hits:
        click.echo("no matches")
        sys.exit(1)
    published = site_url(Path("mkdocs.yml")) or "/"
    blocks = []
    for rank, hit in enumerate(hits, start=1):
        kind = "practice" if hit.label == "pilot" else hit.label  # pilots are practice records and pages
        file = content.files[(kind, hit.id)].display_path
        blocks.append("\n".join([
            f"{rank:2}. {hit.title}",
            f"    {titles['kind'][hit.label]} · {address(published, page_path(kind, hit.id))} · {file}",
            f"    {hit.snippet}",
            f"    Why: {_why(hit, titles)}",
        ]))
    click.echo("\n\n".join(blocks))


def _at_least_one(limit: int) -> int:
    if limit < 1:
        raise click.BadParameter(f"must be 1 or more, not {limit}", param_hint="'--limit'")
    return limit


def _facet_titles(content) -> dict[str, dict[str, str]]:
    """facet -> the ids a search filter accepts -> what a reader calls each."""
    from .model import TAXONOMY_FILES
    from .render.facets import KIND_LABELS, ni_label

    by_kind = {TAXONOMY_FILES[name][0]: {t.id: t.title for t in taxonomy.terms} for name, taxonomy in content.taxonomies.items()}
    searchable = ("practice", "pilot", "lesson", "guidance", "indicator-theme", "national-indicator")
    return {
        "kind": {kind: KIND_LABELS[kind] for kind in searchable},
        "client_group": by_kind["client-group"],
        "theme": by_kind["theme"],
        "ni": {n.id: ni_label(n.id) for n in sorted(content.national_indicators, key=lambda n: n.number)},
        "region": by_kind["region"],
        "stage": by_kind["journey-stage"],
        "evidence": by_kind["evidence-level"],
    }


def _why(hit, titles: dict[str, dict[str, str]]) -> str:
    """Why a hit matched, in plain words: which words were found where, which filters it meets."""
    places = {"title": "its title", "focus": "its focus", "body": "its text",
              "also_known_as": "what it is filed under (other names and abbreviations)"}
    reasons = [f"{_and(chr(34) + word + chr(34) for word in found)} in {places[field]}"
               for field, found in hit.words.items()]
    for facet, values in hit.facets.items():
        named = _and(titles[facet][value] for value in values)
        reasons.append(named if facet == "ni" else f"{_FACET_NOUNS[facet][0]} {named}")
    return "; ".join(reasons)


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@main.command()
@content_option
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date to review against (default: today), YYYY-MM-DD.")
@click.option("--contact-age", default=3, show_default=True, help="Years after which a contact is stale.")
def review(content_dir: Path, today, contact_age: int) -> None:
    """List practice entries due for review: review date passed or contact too old."""
    from .link import review_reasons

    content, problems = check_content(content_dir)
    if errors(problems):
        for problem in sorted(errors(problems)):
            click.echo(str(problem), err=True)
        sys.exit(1)
    day = today.date() if today else datetime.date.today()
    due = 0
    for p in sorted(content.practice, key=lambda p: p.id):
        reasons = review_reasons(p, day, contact_age)
        if reasons:
            due += 1
            file = content.files[("practice", p.id)]
            loc = ("review_by",) if p.review_by and p.review_by < day else ("contact", "as_of")
            click.echo(f"{file.display_path}:{file.line_of(loc)}: {p.id}: due for review: {'; '.join(reasons)}")
    click.echo(f"{due} of {len(content.practice)} practice entries due for review on {day.isoformat()}")


@main.group()
def new() -> None:
    """Create a new content file from a commented template."""


# The flags of `new practice`, by the field each fills; --set PATH=VALUE fills any other field.
NEW_FLAGS = {
    "title": "title", "summary": "summary", "client_group": "client_groups", "theme": "themes",
    "ni": "national_indicators", "stage": "journey_stages", "region": "region", "area": "areas",
    "focus": "focus", "feature": "features", "evidence_level": "evidence.level", "evidence": "evidence.description",
    "delivered_by": "delivered_by", "contact_name": "contact.name", "contact_organisation": "contact.organisation",
    "contact_year": "contact.as_of", "source_document": "source.document", "source_section": "source.section",
    "supplied_by": "source.supplied_by", "source_organisation": "source.organisation",
    "supplied_on": "source.supplied_on", "verify": "source.verify",
}


@new.command(name="practice")
@content_option
@click.option("--no-input", is_flag=True, help="Never prompt; every required value comes from flags or --answers.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Carry on from answers saved by an earlier run (it says where it saved them).")
@click.option("--id", "ident", help="File name without .yml (default: from the title).")
@click.option("--title")
@click.option("--summary")
@click.option("--client-group", multiple=True)
@click.option("--theme", multiple=True)
@click.option("--ni", multiple=True)
@click.option("--stage", multiple=True)
@click.option("--region")
@click.option("--area", multiple=True)
@click.option("--focus")
@click.option("--feature", multiple=True)
@click.option("--evidence-level")
@click.option("--evidence")
@click.option("--delivered-by", multiple=True)
@click.option("--contact-name")
@click.option("--contact-organisation")
@click.option("--contact-year")
@click.option("--source-document", help="A published source: the document's id (with --source-section).")
@click.option("--source-section")
@click.option("--supplied-by", help="A contribution: who supplied the case (with --source-organisation, --verify).")
@click.option("--source-organisation")
@click.option("--supplied-on", help="When the contribution was supplied, YYYY-MM-DD (default today).")
@click.option("--verify", help="How to check the contribution.")
@click.option("--set", "settings", multiple=True, metavar="FIELD=VALUE",
              help="Any other field by its path, e.g. --set partners=YMCA --set contact.role='Project lead'.")
def new_practice(content_dir: Path, no_input: bool, answers_file: Path | None, ident: str | None,
                 settings: tuple[str, ...], **flags) -> None:
    """Write content/practice/<id>.yml, asking for every field (optional ones can be skipped)."""
    from . import new as n

    content, problems = check_content(content_dir)
    if errors(problems):
        click.echo("fix the existing content first (run joinedup validate)", err=True)
        sys.exit(1)
    questions = n.practice_questions(content)
    by_path = {spec["path"]: spec for spec in questions}
    taken = {p.id for p in content.practice}
    answers: n.Answers = n.load_answers(answers_file, questions) if answers_file else {}
    given: dict[str, list[str]] = {}
    for name, path in NEW_FLAGS.items():
        value = flags[name]
        if value:
            given[path] = list(value) if isinstance(value, tuple) else [value]
    if ident:
        given["id"] = [ident]
    for setting in settings:
        path, sep, value = setting.partition("=")
        if not sep or path not in by_path:
            raise click.UsageError(f"--set {setting}: expected FIELD=VALUE with a field of the model"
                                   f"{did_you_mean(path, by_path)}")
        given.setdefault(path, []).append(value)
    if any(p.startswith("source.") for p in given):
        shape = "contribution" if any(p in given for p in ("source.supplied_by", "source.organisation", "source.verify")) else "document"
        given.setdefault("source", [shape])
    refused = False
    for path, values in given.items():
        spec = by_path[path]
        if spec["widget"] == "records":
            raise click.UsageError(f"--set {path}: a list of structured items is given in the interview or with --answers")
        if spec["widget"] in ("choices", "lines"):
            value, found = [], []
            for text in values:
                one, wrong = n.interpret(spec, text, content_dir, taken)
                value += one if isinstance(one, list) else [one] if one is not None else []
                found += wrong
        else:
            value, found = n.interpret(spec, values[-1], content_dir, taken)
        for problem in found:
            click.echo(f"--{_flag_of(path)}: {problem}", err=True)
        refused = refused or bool(found)
        if not found:
            answers[path] = value
    if no_input:
        if refused:
            sys.exit(1)
        n.fill_defaults(questions, answers)
        missing = [spec for spec in questions if spec["required"] and n.is_asked(spec, answers) and spec["path"] not in answers]
        if missing:
            raise click.UsageError(f"--{_flag_of(missing[0]['path'])} is required with --no-input")
        _write(content_dir, questions, answers, interactive=False)
        return
    say = click.echo

    def ask(prompt: str, default: str) -> str:
        return click.prompt(prompt, default=default, show_default=bool(default),
                            prompt_suffix=" " if prompt.endswith("?") else ": ")

    interview = n.Interview(questions, answers, content_dir, taken, ask, say)
    try:
        interview.run(only_unanswered=bool(given) or bool(answers_file))
        while True:
            listed = interview.summary()
            target = content_dir / "practice" / f"{answers.get('id')}.yml"
            choice = ask(f"Write {_shown_path(target)}? y to write, a number to change that answer, "
                         "q to stop (your answers are kept)", "y").strip().casefold()
            if choice.isdigit() and 1 <= int(choice) <= len(listed):
                interview.question(listed[int(choice) - 1])
                interview.run(only_unanswered=True)
                continue
            if choice == "q":
                _keep(content_dir, answers, "Stopped before writing.")
                sys.exit(1)
            if choice not in ("y", "yes"):
                say(f"  type y, q or a number from 1 to {len(listed)}")
                continue
            if _write(content_dir, questions, answers, interactive=True):
                return
    except click.Abort:
        click.echo("", err=True)
        _keep(content_dir, answers, "Stopped.")
        sys.exit(130)


def _flag_of(path: str) -> str:
    name = next((flag for flag, p in NEW_FLAGS.items() if p == path), None)
    return name.replace("_", "-") if name else ("id" if path == "id" else f"set {path}=...")


def _shown_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _keep(content_dir: Path, answers, why: str) -> None:
    from .new import answers_path, save_answers

    saved = save_answers(answers_path(content_dir, answers), answers)
    click.echo(f"{why} Your answers are saved in {_shown_path(saved)}; carry on with:\n"
               f"  joinedup new practice --content {_shown_path(content_dir)} --answers {_shown_path(saved)}", err=True)


def _write(content_dir: Path, questions, answers, interactive: bool) -> bool:
    from .new import answers_path, create_practice

    path, found = create_practice(content_dir, questions, answers)
    for problem in found:
        click.echo(str(problem), err=True)
    if errors(found):
        click.echo("nothing was written", err=True)
        _keep(content_dir, answers, "The file was not written.")
        if interactive:
            click.echo("Change the answer the problem names (its number in the list), or q to stop.", err=True)
            return False
        sys.exit(1)
    saved = answers_path(content_dir, answers)
    if saved.exists():
        saved.unlink()
    click.echo(f"wrote {_shown_path(path)}; it is valid. Run joinedup validate after any further edit.")
    return True



@main.command()
@content_option
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the generated pages (default: build/); they go in its docs/ folder.")
def render(content_dir: Path, build_dir: Path | None) -> None:
    """Validate, link and render the Markdown pages only, for another builder to turn into a site."""
    from .build import Project, generate

    project = Project.at(Path.cwd(), content_dir=content_dir, build_dir=build_dir)
    report = generate(project)
    _print_report(report)
    if not report.ok:
        click.echo(f"rendering failed at the {report.failed_stage} stage", err=True)
        sys.exit(1)
    click.echo(f"rendered {project.docs_dir}; {_pages_written(report)}")
