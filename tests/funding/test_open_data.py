"""The 360Giving file as open data (issue 18): public without sign-in with its licence, valid against the
360Giving 1.4 schema, each grant with dataSource, dateModified and beneficiaryLocation, clean of the
360Giving quality findings, and read back unchanged through flattentool's 360Giving spreadsheet form."""

import json
import tempfile
import warnings
from pathlib import Path

import pytest
from django.conf import settings

from funding.giving import SCHEMA_DIR, quality_findings, validation_errors

pytestmark = pytest.mark.django_db

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def grants_file(client):
    response = client.get("/funding/grants.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_public_with_its_licence_source_dates_and_location(client, demo, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk/"
    data = grants_file(client)  # not signed in
    assert data["license"] == OGL
    assert data["downloadURL"] == "https://portal.example.gov.uk/funding/grants.json"
    assert validation_errors(data) == []
    assert quality_findings(data) == []
    assert data["grants"]
    for grant in data["grants"]:
        assert grant["dataSource"] == data["downloadURL"]
        assert grant["dateModified"].endswith("Z") and grant["dateModified"] <= data["modified"]
        assert grant["beneficiaryLocation"] == [
            {"name": "Cheshire East", "countryCode": "GB", "geoCode": "E06000049", "geoCodeType": "UA"}
        ]
    settings.OPEN_DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
    assert grants_file(client)["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_a_changed_allocation_has_a_later_date_modified(client, demo):
    from funding.models import ProviderAllocation

    data = grants_file(client)
    first = data["grants"][0]
    allocation = ProviderAllocation.objects.get(pk=first["id"].rsplit("-", 1)[1])
    allocation.basis = "Corrected basis"
    allocation.save()
    again = {g["id"]: g for g in grants_file(client)["grants"]}[first["id"]]
    assert again["dateModified"] >= first["dateModified"]
    assert again["dateModified"] == grants_file(client)["modified"]


def test_quality_findings_catch_what_the_file_must_say(demo):
    from funding.giving import package

    data = package()
    del data["license"]
    del data["grants"][0]["beneficiaryLocation"]
    del data["grants"][1]["dataSource"]
    data["grants"][2]["recipientOrganization"][0]["id"] = "GB-COH-"
    findings = quality_findings(data)
    assert "The package has no licence." in findings
    assert any(f.startswith(f"{data['grants'][0]['id']}: no beneficiary location") for f in findings)
    assert any(f.startswith(f"{data['grants'][1]['id']}: no data source") for f in findings)
    assert any("organisation identifier 'GB-COH-'" in f for f in findings)


# The three arrays of schema 1.4.3 that have no title (their description is "-"), so 360Giving's titled
# spreadsheet template has no column for them and flattentool skips them, with a warning, in titled form.
UNTITLED = {"applicationTransaction", "commitmentTransaction", "disbursementTransaction"}


def round_trip(data: dict, *, titles: bool) -> tuple[list, list[str]]:
    """The grants read back after flattentool made them a spreadsheet and back, and its warnings."""
    from flattentool import flatten, unflatten

    schema = str(SCHEMA_DIR / "360-giving-schema.json")
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source, sheet, back = Path(folder, "in.json"), Path(folder, "grants.xlsx"), Path(folder, "out.json")
        source.write_text(json.dumps(data), encoding="utf-8")
        common = {"schema": schema, "root_list_path": "grants", "root_id": "", "id_name": "id"}
        flatten(
            str(source),
            output_name=str(sheet),
            output_format="xlsx",
            main_sheet_name="grants",
            use_titles=titles,
            **common,
        )
        unflatten(str(sheet), input_format="xlsx", output_name=str(back), convert_titles=titles, **common)
        grants = json.loads(back.read_text(encoding="utf-8"))["grants"]
    return grants, sorted({str(w.message) for w in caught})


def test_the_360giving_spreadsheet_form_reads_back_the_same_grants(client, demo):
    """flattentool turns the file into a spreadsheet and back with no warning: nothing is lost or changed.
    With field paths as headings (flattentool's own form) it warns of nothing at all. In 360Giving's
    titled form it warns only that the schema gives three arrays no title; the file uses none of them, so
    nothing of it is skipped, and it reads back the same."""
    data = grants_file(client)
    grants, warned = round_trip(data, titles=False)
    assert warned == []
    assert grants == data["grants"]
    titled, warned = round_trip(data, titles=True)
    assert titled == data["grants"]
    assert warned == [
        f"Field {field} does not have a title, skipping it and all its children."
        for field in sorted(UNTITLED)
    ]
    assert not UNTITLED & {key for grant in data["grants"] for key in grant}
    assert settings.OPEN_DATA_LICENSE_URL == OGL  # the default
