"""Command-line edge: parses arguments, calls the pipeline, prints problems, sets the exit code."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from . import schema as schema_export
from .history import content_history
from .pipeline import CheckCache, check_content
from .problems import errors


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
    total = len(report.generated.rendered.texts) if report.generated else 0
    removed = f", {len(report.removed_pages)} removed" if report.removed_pages else ""
    return f"{len(report.written_pages)} of {total} pages written{removed}"


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
    hits = search.search(search.build_index(search.content_documents(content)), words, filters, limit)
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
    places = {"title": "its title", "focus": "its focus", "body": "its text"}
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


def _choose(label: str, terms: dict[str, str], given: tuple[str, ...], interactive: bool,
            many: bool = True, required: bool = True) -> list[str]:
    """Ids chosen from ``terms`` (id -> title): from flags, or asked for with a numbered list."""
    from .problems import did_you_mean

    values = list(given)
    while True:
        unknown = [v for v in values if v not in terms]
        if values and not unknown:
            return values
        if unknown:
            for value in unknown:
                click.echo(f"unknown {label} '{value}'{did_you_mean(value, terms)}", err=True)
            if not interactive:
                sys.exit(1)
        if not values and not required:
            return []
        if not interactive:
            raise click.UsageError(f"give at least one {label} with --{label.replace(' ', '-')}")
        ids = list(terms)
        for number, ident in enumerate(ids, start=1):
            click.echo(f"  {number:2}. {ident} ({terms[ident]})")
        hint = "ids or numbers, separated by commas" if many else "an id or number"
        answer = click.prompt(f"{label.capitalize()} ({hint})", default="" if not required else None,
                              show_default=False)
        picked = [a.strip() for a in answer.split(",") if a.strip()]
        values = [ids[int(a) - 1] if a.isdigit() and 0 < int(a) <= len(ids) else a for a in picked]
        if not many and len(values) > 1:
            click.echo("choose one", err=True)
            values = []


def _text(label: str, given: str | None, interactive: bool, required: bool = True, default: str = "") -> str:
    if given:
        return given
    if not interactive:
        if required and not default:
            raise click.UsageError(f"--{label.replace(' ', '-')} is required with --no-input")
        return default
    return click.prompt(label.capitalize(), default=default or None, show_default=bool(default)) if required \
        else click.prompt(label.capitalize(), default="", show_default=False)


@new.command(name="practice")
@content_option
@click.option("--no-input", is_flag=True, help="Never prompt; every required value comes from flags.")
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
@click.option("--contact-year", type=int)
@click.option("--source-document")
@click.option("--source-section")
def new_practice(content_dir: Path, no_input: bool, ident: str | None, **flags) -> None:
    """Write content/practice/<id>.yml from a commented template, asking for what is missing."""
    from .model import TAXONOMY_FILES
    from .new import NewPractice, create_practice, slugify

    content, problems = check_content(content_dir)
    if errors(problems):
        click.echo("fix the existing content first (run joinedup validate)", err=True)
        sys.exit(1)
    terms = {
        TAXONOMY_FILES[name][0]: {t.id: t.title for t in taxonomy.terms}
        for name, taxonomy in content.taxonomies.items()
    }
    nis = {n.id: n.title for n in sorted(content.national_indicators, key=lambda n: n.number)}
    ask = not no_input
    title = _text("title", flags["title"], ask)
    suggested = ident or slugify(title)
    ident = ident if ident or not ask else click.prompt("Id (file name)", default=suggested)
    ident = ident or suggested
    summary = _text("summary", flags["summary"], ask)
    client_groups = _choose("client group", terms["client-group"], flags["client_group"], ask)
    themes = _choose("theme", terms["theme"], flags["theme"], ask)
    national = _choose("ni", nis, flags["ni"], ask, required=False)
    stages = _choose("stage", terms["journey-stage"], flags["stage"], ask, required=False)
    region = _choose("region", terms["region"], (flags["region"],) if flags["region"] else (), ask, many=False)[0]
    areas = _choose("area", terms["area"], flags["area"], ask, required=False)
    focus = _text("focus", flags["focus"], ask)
    level = _choose("evidence level", terms["evidence-level"],
                    (flags["evidence_level"],) if flags["evidence_level"] else (), ask, many=False)[0]
    evidence = _text("evidence", flags["evidence"], ask, required=False)
    organisation = _text("contact organisation", flags["contact_organisation"], ask, required=False)
    contact_name = _text("contact name", flags["contact_name"], ask, required=False) if organisation else ""
    this_year = datetime.date.today().year
    contact_year = flags["contact_year"] or (
        click.prompt("Year the contact was given", default=this_year, type=int) if organisation and ask else this_year
    )
    document = _choose("source document", terms["document"],
                       (flags["source_document"],) if flags["source_document"] else (), ask, many=False)[0]
    section = _text("source section", flags["source_section"], ask)
    path, found = create_practice(
        content_dir,
        NewPractice(
            id=ident, title=title, summary=summary, client_groups=client_groups, themes=themes,
            region=region, focus=focus, evidence_level=level, source_document=document,
            source_section=section, national_indicators=national, journey_stages=stages, areas=areas,
            features=list(flags["feature"]), evidence_description=evidence,
            delivered_by=list(flags["delivered_by"]), contact_name=contact_name,
            contact_organisation=organisation, contact_year=contact_year if organisation else 0,
        ),
    )
    for problem in found:
        click.echo(str(problem), err=True)
    if errors(found):
        click.echo("nothing was written", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}; it is valid. Fill in the remaining fields, then run joinedup validate.")



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
