"""Command-line edge: parses arguments, calls the pipeline, prints problems, sets the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import schema as schema_export
from .pipeline import check_content
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


@main.command()
@content_option
def validate(content_dir: Path) -> None:
    """Check every content file; list every problem as path:line: field: message."""
    if not content_dir.is_dir():
        raise click.UsageError(f"content folder not found: {content_dir}")
    content, problems = check_content(content_dir)
    for problem in sorted(problems):
        click.echo(str(problem))
    if errors(problems):
        click.echo(f"{len(errors(problems))} problem(s) found", err=True)
        sys.exit(1)
    counts = ", ".join(f"{n} {label}" for label, n in content.counts().items())
    click.echo(f"content is valid: {counts}")


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
    for problem in sorted(report.problems):
        click.echo(str(problem))
    for message in report.messages:
        click.echo(message)
    if not report.ok:
        click.echo(f"build failed at the {report.failed_stage} stage; {project.site_dir} was left as it was", err=True)
        sys.exit(1)
    timings = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in report.timings.items())
    click.echo(f"built {project.site_dir} ({timings})")


@main.command()
@content_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(content_dir: Path, dev_addr: str) -> None:
    """Preview the site with live reload; content changes regenerate the affected pages."""
    from .build import BuildReport, Project
    from .serve import serve as run_server

    def report(result: BuildReport) -> None:
        for problem in sorted(result.problems):
            click.echo(str(problem), err=True)
        if not result.ok:
            click.echo("content has problems; the preview keeps the last good pages", err=True)

    run_server(Project.at(Path.cwd(), content_dir=content_dir), dev_addr, report)


def _facet_option(name: str, help_text: str):
    return click.option(f"--{name.replace('_', '-')}", name, multiple=True, help=help_text)


@main.command(name="search")
@click.argument("query")
@content_option
@_facet_option("kind", "practice, pilot, lesson, guidance, indicator-theme or national-indicator")
@_facet_option("client_group", "client group id, e.g. offenders")
@_facet_option("theme", "theme id")
@_facet_option("ni", "National Indicator id, e.g. ni-143")
@_facet_option("region", "region id")
@_facet_option("stage", "journey stage id")
@_facet_option("evidence", "evidence level id")
@click.option("--limit", default=10, show_default=True, help="Most results to show.")
def search_command(query: str, content_dir: Path, limit: int, **filters: tuple[str, ...]) -> None:
    """Search the content; repeat a filter to allow several values (OR), combine filters (AND)."""
    from . import search

    content, problems = check_content(content_dir)
    if errors(problems):
        for problem in sorted(problems):
            click.echo(str(problem), err=True)
        sys.exit(1)
    hits = search.search(search.build_index(search.content_documents(content)), query, filters, limit)
    if not hits:
        click.echo("no matches")
        sys.exit(1)
    active = {facet: values for facet, values in filters.items() if values}
    for rank, hit in enumerate(hits, start=1):
        click.echo(f"{rank:2}. {hit.id} [{hit.label}] {hit.title}")
        why = ", ".join(hit.matched)
        if active:
            why += "; filters: " + "; ".join(f"{facet}={'|'.join(values)}" for facet, values in active.items())
        click.echo(f"    score {hit.score:.2f}; matched {why}")
