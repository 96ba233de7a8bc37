"""The case submission form: required fields checked as you type, YAML that loads back exactly as
typed and passes validate unchanged, a way onto GitHub for a file of any length, an error
summary at the top, optional sections folded away."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from ..conftest import REPO, build_into, run_joinedup
from .test_accessibility import SCREENSHOTS, axe_source, axe_violations  # noqa: F401  (a fixture)

SUBMIT = "#ju-submit-form button[type=submit]"


def open_section(page, title: str) -> None:
    page.locator("details.ju-fold > summary", has_text=title).click()


def fill_required(page, source: str = "document"):
    page.fill("#f-title", "Rent deposit scheme for people leaving prison")
    page.fill("#f-summary", "The council pays a deposit so that people leaving prison can rent: \"no\" fees, 1.10 miles away.")
    page.check("#f-client_groups-offenders")
    page.check("#f-themes-private-rented-sector")
    page.check("#f-themes-tenancy-sustainment")
    page.check("#f-region-east-midlands")
    page.fill("#f-focus", "Opening up private rented homes.")
    page.check("#f-evidence-level-reported")
    page.check(f"#f-source-is-{source}")
    if source == "document":
        page.check("#f-source-document-east-midlands-good-practice-guide")
        page.fill("#f-source-section", "Good practice examples")
    else:
        page.fill("#f-source-supplied_by", "Housing options team")
        page.fill("#f-source-organisation", "Kettering Borough Council")
        page.fill("#f-source-verify", "The council's housing strategy 2025 describes the scheme on page 12.")


def make_file(page) -> tuple[str, str]:
    page.click(SUBMIT)
    page.wait_for_selector("#ju-submit-result:not([hidden])")
    return page.inner_text("#ju-submit-filename"), page.input_value("#ju-submit-yaml")


def validate_with(name: str, text: str, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "practice" / name).write_text(text, encoding="utf-8")
    return run_joinedup("validate", "--content", str(content), cwd=tmp_path)


def test_form_gives_yaml_that_passes_validate_unchanged(page, site_url, tmp_path: Path):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    open_section(page, "What it involves and achieves")
    page.fill("#f-features", "Deposits paid to the landlord\nWeekly visits for three months")
    page.fill("#f-evidence-description", "Too early to tell: the scheme started this year.")
    open_section(page, "National Indicators")
    page.check("#f-national_indicators-ni-143")
    open_section(page, "Who runs it")
    page.fill("#f-contact-organisation", "Kettering Borough Council")
    page.fill("#f-contact-as_of", "2026")
    assert page.input_value("#f-id") == "rent-deposit-scheme-for-people-leaving-prison"
    name, text = make_file(page)
    assert name == "rent-deposit-scheme-for-people-leaving-prison.yml"
    href = page.get_attribute("#ju-submit-github", "href")
    assert href.startswith("https://github.com/") and "/new/main/content/practice?filename=" + name in href
    assert parse_qs(urlsplit(href).query)["value"] == [text]
    assert page.is_hidden("#ju-submit-too-long")

    result = validate_with(name, text, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("content is valid: 24 practice examples, 6 pilots")
    assert result.stderr == ""


def test_a_contribution_can_be_its_own_source(page, site_url, tmp_path: Path):
    page.goto(f"{site_url}/submit/")
    page.check("#f-source-is-document")
    assert page.is_visible("#f-source-section") and page.is_hidden("#f-source-verify")
    fill_required(page, source="contribution")
    # the document's fields are hidden again and left out of the file
    assert page.is_hidden("#f-source-section")
    assert page.input_value("#f-source-supplied_on")  # today, filled in
    name, text = make_file(page)
    data = yaml.safe_load(text)
    assert set(data["source"]) == {"supplied_by", "organisation", "supplied_on", "verify"}
    assert data["source"]["verify"] == "The council's housing strategy 2025 describes the scheme on page 12."
    result = validate_with(name, text, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_what_is_typed_loads_back_exactly(page, site_url):
    tricky = ["- Budgeting support", "# 1 priority for tenants", "Help: with white goods", "yes", "1.10",
              "“curly” and 'single' and \"double\"", "\\ backslash #hash", "  {not: a mapping}"]
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-title", "Costs £1,000 — 50% off: “deal” #1")
    open_section(page, "What it involves and achieves")
    page.fill("#f-features", "\n".join(tricky))
    _, text = make_file(page)
    data = yaml.safe_load(text)
    assert data["title"] == "Costs £1,000 — 50% off: “deal” #1"
    assert data["features"] == [line.strip() for line in tricky]


@pytest.mark.parametrize("character, name", [("\u0085", "next line"), ("\u2028", "line separator"), ("\x0b", "control"), ("\u202e", "formatting"), ("\u200b", "formatting")])
def test_characters_yaml_would_change_are_refused(page, site_url, character, name):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-focus", f"Opening up{character}private rented homes.")
    page.click(SUBMIT)
    assert page.is_hidden("#ju-submit-result")
    message = page.inner_text("#f-focus-error")
    code = f"U+{ord(character):04X}"
    assert f"an invisible {name} character ({code})" in message and "Delete it" in message


def test_a_case_too_long_for_a_link_gets_the_way_that_works(page, site_url, tmp_path: Path):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    open_section(page, "What it involves and achieves")
    # about 1,400 words, as a long real case has
    feature = "Tenants get help to claim every grant and benefit they are entitled to, week by week."
    page.fill("#f-features", "\n".join(f"{feature} ({i})" for i in range(90)))
    name, text = make_file(page)
    assert len(text.split()) > 1400
    href = page.get_attribute("#ju-submit-github", "href")
    assert len(href) < 8000
    parts = urlsplit(href)
    assert parts.path.endswith("/new/main/content/practice")
    assert parse_qs(parts.query) == {"filename": [name]}
    assert page.inner_text("#ju-submit-github") == "Open GitHub's new-file page"
    notice = page.inner_text("#ju-submit-too-long")
    assert "too long to send to GitHub in a link" in notice and "Copy the file's contents, or download" in notice
    assert int(page.inner_text("#ju-submit-length").replace(",", "")) > 8000
    assert "too long for a link" in page.inner_text("#ju-submit-status")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#ju-submit-result").screenshot(path=str(SCREENSHOTS / "submit-too-long.png"))
    download = page.get_attribute("#ju-submit-download", "href")
    assert download.startswith("data:text/yaml") and page.get_attribute("#ju-submit-download", "download") == name
    with page.expect_download() as saved:
        page.click("#ju-submit-download")
    assert Path(saved.value.path()).read_text(encoding="utf-8") == text
    result = validate_with(name, text, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_id_already_on_the_site_is_refused(page, site_url, real_site):
    site, catalogue = real_site
    listed = json.loads((site / "submit" / "practice-ids.json").read_text(encoding="utf-8"))
    assert listed == sorted(p.id for p in catalogue.content.practice) and "derwent-living-financial-inclusion" in listed
    page.goto(f"{site_url}/submit/")
    page.wait_for_selector("#ju-submit-form[data-taken-ids-ready]", state="attached")
    fill_required(page)
    page.fill("#f-id", "derwent-living-financial-inclusion")
    page.click(SUBMIT)
    assert page.is_hidden("#ju-submit-result")
    assert "already on the site" in page.inner_text("#f-id-error")
    assert "content/practice/derwent-living-financial-inclusion.yml" in page.inner_text("#f-id-error")


def test_a_summary_over_the_word_limit_is_refused(page, site_url):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-summary", " ".join(["word"] * 61))
    page.click(SUBMIT)
    assert page.is_hidden("#ju-submit-result")
    assert page.inner_text("#f-summary-error").startswith("This has 61 words; shorten it to 60 words or fewer")
    page.fill("#f-summary", " ".join(["word"] * 60))
    assert page.is_hidden("#f-summary-error")


def test_text_longer_than_the_model_allows_is_refused(page, site_url):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-title", "x" * 301)
    page.click(SUBMIT)
    assert page.is_hidden("#ju-submit-result")
    assert page.inner_text("#f-title-error") == "This has 301 characters; shorten it to 300 or fewer."


def test_error_summary_at_the_top_links_to_each_field(page, site_url, axe_source):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-focus", "")
    open_section(page, "Who runs it")
    page.fill("#f-contact-as_of", "26")
    page.locator("details.ju-fold > summary", has_text="Who runs it").click()  # fold it again
    page.click(SUBMIT)
    summary = page.locator("#ju-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "ju-error-summary"
    # the summary comes before the form, and before the first field, on the page
    assert page.evaluate("document.getElementById('ju-error-summary').compareDocumentPosition("
                         "document.getElementById('ju-submit-form')) & Node.DOCUMENT_POSITION_FOLLOWING")
    links = summary.locator("a")
    texts = links.all_inner_texts()
    assert "Focus: This field is required." in texts
    assert "Contact: organisation: This field is required." in texts
    assert "Contact: as of: Write the year as four digits." in texts
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "submit-error-summary.png"))
    # a field folded away is opened and focused from its link
    page.locator("#ju-error-summary a", has_text="Contact: as of").click()
    assert page.evaluate("document.activeElement.id") == "f-contact-as_of"
    assert page.is_visible("#f-contact-as_of")
    assert axe_violations(page, axe_source) == []
    # fixing a field takes it off the summary as you type
    page.fill("#f-focus", "Opening up private rented homes.")
    assert "Focus: This field is required." not in links.all_inner_texts()


def test_optional_sections_are_folded_so_the_form_is_short_to_tab_through(page, site_url):
    page.goto(f"{site_url}/submit/")
    page.focus("#f-title")
    presses = 1
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 200
    # 149 before the optional sections were folded
    print(f"Tab presses from the title to the submit button: {presses}")
    assert presses <= 70, presses
    assert page.locator("details.ju-fold[open]").count() == 0
    assert page.locator("details.ju-fold").count() >= 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "submit-folded.png"), full_page=True)


def test_missing_required_field_shows_errors_and_no_file(page, site_url):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-focus", "")
    page.locator("#f-focus").blur()
    assert page.is_visible("#f-focus-error")
    assert page.inner_text("#f-focus-error") == "This field is required."
    assert page.get_attribute("#f-focus", "aria-invalid") == "true"
    page.uncheck("#f-client_groups-offenders")
    page.click(SUBMIT)
    assert page.inner_text("#ju-submit-status") == "2 fields need attention."
    assert page.is_hidden("#ju-submit-result")
    assert page.get_attribute("#f-client_groups", "aria-invalid") == "true"
    # fixing the fields clears the errors as you type
    page.fill("#f-focus", "Opening up private rented homes.")
    assert page.is_hidden("#f-focus-error")


def test_contact_fields_are_required_together(page, site_url):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    open_section(page, "Who runs it")
    page.fill("#f-contact-name", "A Person")
    page.click(SUBMIT)
    assert page.inner_text("#f-contact-organisation-error") == "This field is required."
    assert page.inner_text("#f-contact-as_of-error") == "This field is required."


def test_a_bullet_that_starts_with_a_dash_or_hash_is_published_as_typed(page, content_copy: Path, tmp_path: Path):
    typed = ["- 1 in 3 tenants kept their home", "# 1 priority for tenants", "2. Then the deposit", "> quoted"]
    case = content_copy / "practice" / "kettering-tenancy-course.yml"
    case.write_text(case.read_text(encoding="utf-8") + "features:\n" + "".join(f"  - {json.dumps(t)}\n" for t in typed),
                    encoding="utf-8")
    result = build_into(content_copy, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page.goto((tmp_path / "site" / "practice" / "kettering-tenancy-course" / "index.html").as_uri())
    heading = page.locator("h2", has_text="What the practice involves")
    items = page.locator("h2:has-text('What the practice involves') + ul > li")
    assert heading.count() == 1
    assert items.all_inner_texts() == typed
    assert page.locator("article h1").count() == 1  # no heading made from the bullet
