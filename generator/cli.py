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
