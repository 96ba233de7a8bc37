"""The case submission form: required fields checked as you type, YAML that validates unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import REPO, run_joinedup


def fill_required(page):
    page.fill("#f-title", "Rent deposit scheme for people leaving prison")
    page.fill("#f-summary", "The council pays a deposit so that people leaving prison can rent: \"no\" fees, 1.10 miles away.")
    page.check("#f-client_groups-offenders")
    page.check("#f-themes-private-rented-sector")
    page.check("#f-themes-tenancy-sustainment")
    page.check("#f-region-east-midlands")
    page.fill("#f-focus", "Opening up private rented homes.")
    page.check("#f-evidence-level-reported")
    page.check("#f-source-document-east-midlands-good-practice-guide")
    page.fill("#f-source-section", "Good practice examples")


def test_form_gives_yaml_that_passes_validate_unchanged(page, site_url, tmp_path: Path):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-features", "Deposits paid to the landlord\nWeekly visits for three months")
    page.check("#f-national_indicators-ni-143")
    page.fill("#f-evidence-description", "Too early to tell: the scheme started this year.")
    page.fill("#f-contact-organisation", "Kettering Borough Council")
    page.fill("#f-contact-as_of", "2026")
    assert page.input_value("#f-id") == "rent-deposit-scheme-for-people-leaving-prison"
    page.click("#ju-submit-form button[type=submit]")
    page.wait_for_selector("#ju-submit-result:not([hidden])")
    text = page.input_value("#ju-submit-yaml")
    name = page.inner_text("#ju-submit-filename")
    assert name == "rent-deposit-scheme-for-people-leaving-prison.yml"
    href = page.get_attribute("#ju-submit-github", "href")
    assert href.startswith("https://github.com/") and "/new/main/content/practice?filename=" + name in href

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "practice" / name).write_text(text, encoding="utf-8")
    result = run_joinedup("validate", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("content is valid: 24 practice examples, 6 pilots")
    assert result.stderr == ""


def test_missing_required_field_shows_errors_and_no_file(page, site_url):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-focus", "")
    page.locator("#f-focus").blur()
    assert page.is_visible("#f-focus-error")
    assert page.inner_text("#f-focus-error") == "This field is required."
    assert page.get_attribute("#f-focus", "aria-invalid") == "true"
    page.uncheck("#f-client_groups-offenders")
    page.click("#ju-submit-form button[type=submit]")
    assert page.inner_text("#ju-submit-status") == "2 fields need attention."
    assert page.is_hidden("#ju-submit-result")
    assert page.get_attribute("#f-client_groups", "aria-invalid") == "true"
    # fixing the fields clears the errors as you type
    page.fill("#f-focus", "Opening up private rented homes.")
    assert page.is_hidden("#f-focus-error")


def test_contact_fields_are_required_together(page, site_url):
    page.goto(f"{site_url}/submit/")
    fill_required(page)
    page.fill("#f-contact-name", "A Person")
    page.click("#ju-submit-form button[type=submit]")
    assert page.inner_text("#f-contact-organisation-error") == "This field is required."
    assert page.inner_text("#f-contact-as_of-error") == "This field is required."
