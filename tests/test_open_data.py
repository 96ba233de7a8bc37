"""Reusable open data: the data package validates with Frictionless, every data file names its
licence and sources, the feed is valid Atom with absolute addresses, and the JSON Schemas are
published at stable addresses."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate

from generator.render.licence import LICENCE

from .conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def data(real_site) -> Path:
    site, _ = real_site
    return site / "data"


def errors_of(package: Path) -> list[str]:
    report = validate(package)
    return [f"{row[0]}: {row[1]}" for row in report.flatten(["type", "note"])]


def test_the_data_package_validates(data: Path):
    assert errors_of(data / "datapackage.json") == []
    package = json.loads((data / "datapackage.json").read_text())
    assert [r["path"] for r in package["resources"]] == ["catalogue.json", "practice.csv"]
    header = next(csv.reader(io.StringIO((data / "practice.csv").read_text())))
    fields = package["resources"][1]["schema"]["fields"]
    assert [f["name"] for f in fields] == header
    assert {f["name"]: f["type"] for f in fields}["published"] == "date"


@pytest.mark.parametrize(
    "file, damage, error",
    [
        ("practice.csv", lambda text: text.replace(",2009-05-01,", ",May 2009,", 1), "type-error"),
        ("practice.csv", lambda text: text.replace("\nnorth-lanarkshire-supported-employment,", "\n,", 1), "constraint-error"),
        ("catalogue.json", lambda text: text.replace("Oxfordshire", "Oxfordshir", 1), "hash-count"),
    ],
    ids=["a date that is not a date", "a row with no id", "a file that changed after it was described"],
)
def test_the_data_package_catches_damaged_data(data: Path, tmp_path: Path, file: str, damage, error: str):
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    target = copy / file
    target.write_text(damage(target.read_text(encoding="utf-8")), encoding="utf-8")
    found = errors_of(copy / "datapackage.json")
    assert any(e.startswith(error) for e in found), found


def test_every_data_file_names_its_licence_and_sources(real_site, data: Path):
    site, catalogue = real_site
    documents = [catalogue.terms["document"][e.id] for e in catalogue.entries_of("document")]
    assert len(documents) == 5

    record = json.loads((data / "catalogue.json").read_text())
    assert record["licence"] == LICENCE and record["licence"]["name"] == "OGL-UK-3.0"
    assert "Open Government Licence v3.0" in record["attribution"]
    assert [(s["title"], s["publisher"]) for s in record["sources"]] == [(d.title, d.publisher) for d in documents]

    rows = list(csv.DictReader(io.StringIO((data / "practice.csv").read_text())))
    assert rows and all(row["licence"] == f"{LICENCE['title']} ({LICENCE['path']})" for row in rows)

    package = json.loads((data / "datapackage.json").read_text())
    assert package["licenses"] == [LICENCE]
    assert all(resource["licenses"] == [LICENCE] for resource in package["resources"])
    assert [s["title"] for s in package["sources"]] == [f"{d.title} ({d.publisher}, {d.year})" for d in documents]

    rights = ET.parse(site / "feed.xml").getroot().find(f"{ATOM}rights").text
    assert LICENCE["title"] in rights and LICENCE["path"] in rights

    page = BeautifulSoup((site / "data" / "index.html").read_text(), "html.parser")
    assert page.find("a", href=LICENCE["path"])
    text = " ".join(page.get_text().split())
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
    for d in documents:
        assert f"{d.title}, {d.publisher}, {d.year}" in text


def test_the_feed_is_valid_atom_with_absolute_addresses(real_site):
    """RFC 4287's rules for a feed and its entries, checked on the parsed document."""
    site, catalogue = real_site
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": catalogue.site_url + "feed.xml", "alternate": catalogue.site_url + "whats-new/"}
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    latest = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        published, updated = (
            datetime.datetime.fromisoformat(entry.find(f"{ATOM}{name}").text) for name in ("published", "updated")
        )
        assert published <= updated and updated.tzinfo is not None
        latest.append(updated)
        [alternate] = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        href = alternate.get("href")
        assert href.startswith(catalogue.site_url), href
        assert (site / href.removeprefix(catalogue.site_url) / "index.html").is_file(), href
    assert latest == sorted(latest, reverse=True)
    assert datetime.datetime.fromisoformat(feed.find(f"{ATOM}updated").text) == latest[0]


def test_the_json_schemas_are_published_as_committed(real_site):
    site, _ = real_site

    committed = {p.name: p.read_bytes() for p in (REPO / "schema").glob("*.schema.json")}
    published = {p.name: p.read_bytes() for p in (site / "schema").glob("*.schema.json")}
    assert published == committed and "practice-file.schema.json" in published


def test_each_example_has_a_file_of_its_own_as_the_catalogue_gives_it(data: Path):
    catalogue = json.loads((data / "catalogue.json").read_text())
    files = sorted((data / "practice").glob("*.json"))
    assert [f.stem for f in files] == [r["id"] for r in catalogue["practice"]]
    for record, file in zip(catalogue["practice"], files):
        alone = json.loads(file.read_text())
        assert alone.pop("licence") == LICENCE and alone.pop("attribution") == catalogue["attribution"]
        assert alone == record
    taxonomies = json.loads((data / "taxonomies.json").read_text())
    assert taxonomies["taxonomies"] == catalogue["taxonomies"] and taxonomies["licence"] == LICENCE


def test_key_figures_are_in_the_catalogue_and_the_csv_with_their_units_and_periods(data: Path):
    records = {r["id"]: r for r in json.loads((data / "catalogue.json").read_text())["practice"]}
    oxfordshire = records["oxfordshire-joint-housing-team"]
    [figure] = oxfordshire["key_figures"]
    assert figure["unit"] == "percent" and [(v["value"], v["period"]) for v in figure["values"]] == [
        (23, "2004/05"), (8, "2006/07")
    ]
    assert figure["section"].startswith("Learning from best practice, Box 2")
    assert oxfordshire["key_figures_text"] == [
        "Care leavers living in unsuitable housing: 23% (2004/05); 8% after the Joint Housing Team was developed (2006/07)."
    ]
    assert "key_figures_text" not in records["erewash-probation-housing-clinic"]

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((data / "practice.csv").read_text()))}
    lanarkshire = rows["north-lanarkshire-supported-employment"]["key_figures"]
    assert "more than 120" in lanarkshire and "24 hours a week" in lanarkshire and "£101 a week" in lanarkshire
    assert rows["erewash-probation-housing-clinic"]["key_figures"] == ""
