"""Each of 360Giving's data quality checks (funding/giving_quality.py, written after lib360dataquality's
TEST_CLASSES) fires on a grant that fails it and stays quiet on the portal's own grants (issue 18)."""

import copy
import datetime
import json

import pytest

from funding import giving_quality
from funding.giving import duration_in_months, package, quality_findings, validation_errors

# The library's TEST_CLASSES at the commit the module names: 20 quality checks and 12 usefulness checks.
LIBRARY_QUALITY = [
    "ZeroAmountTest",
    "FundingOrgUnrecognisedPrefix",
    "RecipientOrgUnrecognisedPrefix",
    "RecipientOrgCharityNumber",
    "RecipientOrgCompanyNumber",
    "OrganizationIdLooksInvalid",
    "OrganizationIdUnexpectedChars",
    "GrantIdUnexpectedChars",
    "MoreThanOneFundingOrg",
    "LooksLikeEmail",
    "ImpossibleDates",
    "PlannedStartDateBeforeEndDate",
    "ActualStartDateBeforeEndDate",
    "FarFuturePlannedDates",
    "FarFutureActualDates",
    "FarPastDates",
    "PostDatedAwardDates",
    "RecipientIndDEI",
    "GeoCodePostcode",
    "MultiFundingNamesForOrgId",
]
LIBRARY_USEFULNESS = [
    "RecipientOrg360GPrefix",
    "FundingOrg360GPrefix",
    "NoRecipientOrgCompanyCharityNumber",
    "IncompleteRecipientOrg",
    "NoGrantProgramme",
    "NoBeneficiaryLocation",
    "TitleDescriptionSame",
    "TitleLength",
    "NoLastModified",
    "NoDataSource",
    "RecipientIndWithoutToIndividualsDetails",
    "PlannedDurationNotPresent",
]

GRANT = {
    "id": "360G-CheshireEastCouncil-funding-12",
    "title": "Infection Control Fund: Round 1",
    "description": "Infection Control Fund (May-Sep 2020) passported to Cheshire Plains Supported Living.",
    "currency": "GBP",
    "amountAwarded": 275495.0,
    "awardDate": "2020-05-08",
    "recipientOrganization": [
        {
            "id": "GB-COH-10456789",
            "name": "Cheshire Plains Supported Living Ltd",
            "postalCode": "CW11 1AH",
            "companyNumber": "10456789",
        }
    ],
    "fundingOrganization": [{"id": "GB-LAE-CHE", "name": "Cheshire East Council"}],
    "grantProgramme": [{"code": "infection-control-fund", "title": "Infection Control Fund"}],
    "plannedDates": [{"startDate": "2020-05-01", "endDate": "2020-09-30", "duration": 5}],
    "beneficiaryLocation": [
        {"name": "Cheshire East", "countryCode": "GB", "geoCode": "E06000049", "geoCodeType": "UA"}
    ],
    "locationScope": "GLS050",
    "dataSource": "https://portal.example.gov.uk/funding/grants.json",
    "dateModified": "2022-03-28T09:30:00Z",
}
PACKAGE = {"version": "1.4", "license": "https://example.org/licence", "grants": [GRANT]}


def future(years):
    return (datetime.date.today() + datetime.timedelta(days=366 * years)).isoformat()


def recipient(g):
    return g["recipientOrganization"][0]


def individual(g):
    del g["recipientOrganization"]
    g["recipientIndividual"] = {"id": "360G-person-1", "name": "Individual recipient"}


# What makes each check fire: a change to the grant (or, for the file checks, a second grant).
BREAKS = {
    "ZeroAmountTest": lambda g: g.update(amountAwarded=0),
    "FundingOrgUnrecognisedPrefix": lambda g: g["fundingOrganization"][0].update(id="XX-NOPE-1"),
    "RecipientOrgUnrecognisedPrefix": lambda g: recipient(g).update(id="XX-NOPE-1"),
    "RecipientOrgCharityNumber": lambda g: recipient(g).update(charityNumber="12345"),
    "RecipientOrgCompanyNumber": lambda g: recipient(g).update(companyNumber="1045678"),
    "OrganizationIdLooksInvalid": lambda g: recipient(g).update(id="GB-CHC-12AB"),
    "OrganizationIdUnexpectedChars": lambda g: recipient(g).update(id="GB-COH-10456789\n"),
    "GrantIdUnexpectedChars": lambda g: g.update(id="360G-CheshireEastCouncil-funding-12\n"),
    "MoreThanOneFundingOrg": "second funder",
    "LooksLikeEmail": lambda g: g.update(description="Ask jo.bloggs@example.org for details."),
    "ImpossibleDates": lambda g: g.update(awardDate="2021-02-29"),
    "PlannedStartDateBeforeEndDate": lambda g: g["plannedDates"][0].update(startDate="2020-10-01"),
    "ActualStartDateBeforeEndDate": lambda g: g.update(
        actualDates=[{"startDate": "2020-10-01", "endDate": "2020-09-30"}]
    ),
    "FarFuturePlannedDates": lambda g: g["plannedDates"][0].update(endDate=future(13)),
    "FarFutureActualDates": lambda g: g.update(
        actualDates=[{"startDate": "2020-05-01", "endDate": future(6)}]
    ),
    "FarPastDates": lambda g: g.update(awardDate="1990-05-08"),
    "PostDatedAwardDates": lambda g: g.update(awardDate=future(1)),
    "RecipientIndDEI": lambda g: (individual(g), g.update(project=[{"title": "DEI"}])),
    "GeoCodePostcode": lambda g: (individual(g), g["beneficiaryLocation"][0].update(geoCode="CW11 1AH")),
    "MultiFundingNamesForOrgId": "funder renumbered",
    "RecipientOrg360GPrefix": lambda g: recipient(g).update(id="360G-CheshireEast-provider-7"),
    "FundingOrg360GPrefix": lambda g: g["fundingOrganization"][0].update(id="360G-CheshireEastCouncil"),
    "NoRecipientOrgCompanyCharityNumber": lambda g: recipient(g).pop("companyNumber"),
    "IncompleteRecipientOrg": lambda g: recipient(g).pop("postalCode"),
    "NoGrantProgramme": lambda g: g.pop("grantProgramme"),
    "NoBeneficiaryLocation": lambda g: g.pop("beneficiaryLocation"),
    "TitleDescriptionSame": lambda g: g.update(description=g["title"]),
    "TitleLength": lambda g: g.update(title="Infection Control Fund " * 7),
    "NoLastModified": lambda g: g.pop("dateModified"),
    "NoDataSource": lambda g: g.pop("dataSource"),
    "RecipientIndWithoutToIndividualsDetails": individual,
    "PlannedDurationNotPresent": lambda g: g["plannedDates"][0].pop("duration"),
}


def test_every_check_of_the_library_is_written_here_and_has_a_case():
    assert list(giving_quality.QUALITY) == LIBRARY_QUALITY
    assert list(giving_quality.USEFULNESS) == LIBRARY_USEFULNESS
    assert set(BREAKS) == set(LIBRARY_QUALITY + LIBRARY_USEFULNESS)


def test_the_example_grant_is_valid_and_passes_every_check():
    assert validation_errors(PACKAGE) == []
    assert quality_findings(PACKAGE) == []


@pytest.mark.parametrize("check", LIBRARY_QUALITY + LIBRARY_USEFULNESS)
def test_each_check_finds_what_it_looks_for(check):
    data = copy.deepcopy(PACKAGE)
    grant = data["grants"][0]
    if BREAKS[check] == "second funder":
        other = copy.deepcopy(GRANT) | {"id": "360G-CheshireEastCouncil-funding-13"}
        other["fundingOrganization"] = [{"id": "GB-GOR-PB1", "name": "Department of Health and Social Care"}]
        data["grants"].append(other)
    elif BREAKS[check] == "funder renumbered":
        other = copy.deepcopy(GRANT) | {"id": "360G-CheshireEastCouncil-funding-13"}
        other["fundingOrganization"] = [{"id": "GB-LAS-CHE", "name": "Cheshire East Council"}]
        data["grants"].append(other)
    else:
        BREAKS[check](grant)
    found = giving_quality.library_findings(data)
    assert [f for f in found if f.endswith(f"[{check}]")], found
    assert {f.rsplit("[", 1)[1].rstrip("]") for f in found} <= {check, *related(check)}


def related(check):
    """Checks that rightly fire with another: the same fault seen from two sides."""
    return {
        "RecipientOrgUnrecognisedPrefix": set(),
        "OrganizationIdUnexpectedChars": {"OrganizationIdLooksInvalid"},
        "MultiFundingNamesForOrgId": {"MoreThanOneFundingOrg"},
        "RecipientIndDEI": {"RecipientIndWithoutToIndividualsDetails"},
        "GeoCodePostcode": {"RecipientIndWithoutToIndividualsDetails"},
        "RecipientOrg360GPrefix": set(),
        "FundingOrg360GPrefix": set(),
        "FarFuturePlannedDates": set(),
    }.get(check, set())


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (datetime.date(2020, 5, 1), datetime.date(2020, 9, 30), 5),
        (datetime.date(2022, 4, 1), datetime.date(2023, 3, 31), 12),
        (datetime.date(2022, 4, 15), datetime.date(2022, 5, 14), 1.0),
    ],
)
def test_planned_duration_in_months(first, last, months):
    assert duration_in_months(first, last) == months


@pytest.mark.django_db
def test_the_demo_grants_pass_every_check(demo):
    data = json.loads(json.dumps(package()))
    assert data["grants"]
    assert giving_quality.library_findings(data) == []
    assert quality_findings(data) == []
    assert all(g["plannedDates"][0]["duration"] > 0 for g in data["grants"])
