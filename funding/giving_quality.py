"""The 360Giving data quality checks, for the grants file (issue 18, ADR 062).

360Giving's own checks are the `TEST_CLASSES` of `lib360dataquality/cove/threesixtygiving.py` (with
`PlannedDurationNotPresent` from `check_field_present.py`) in the repository ThreeSixtyGiving/dataquality
(read at commit 014e250c05b3c2548adf2051e219dce2be528194): 20 "quality" (accuracy) checks and 12
"usefulness" checks, run by their data quality tool on every published file. The library is not on PyPI,
imports libcove (which fetches org-id.guide's prefix list over the network when it is imported) and is
not vendored here (ADR 062 says why), so each of its checks is written again below under its class name,
with the same condition, and `tests/funding/test_giving_quality.py` makes each one fire on a grant that
fails it. `CHECKS` lists them; a check's function returns what it found for one grant, or for the whole
file (`FILE_CHECKS`: those that compare grants).

Where the library needs the network, the check here uses what is known without it: a "recognised
register" prefix is one of org-id.guide's UK registers listed in `RECOGNISED_PREFIXES` (or 360G), where
the library downloads the whole list.

`findings(data)` adds the checks of this portal beyond the library's (licence, location scope, the
beneficiary location's code, the recipient's postcode, a positive amount, ids used once).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

# org-id.guide's UK registers (list code GB-* and XI-*), as of the library's commit; 360G is the
# 360Giving publisher prefix the library adds to the downloaded list.
RECOGNISED_PREFIXES = (
    "GB-CHC",
    "GB-COH",
    "GB-EDU",
    "GB-GOR",
    "GB-GOV",
    "GB-GOVUK",
    "GB-LAE",
    "GB-LAN",
    "GB-LAS",
    "GB-MPR",
    "GB-NHS",
    "GB-NIC",
    "GB-PLA",
    "GB-REV",
    "GB-SC",
    "GB-SHPE",
    "GB-UKPRN",
    "GB-UKCAT",
    "XI-GRID",
    "XI-ROR",
    "XI-PB",
    "360G",
)
EMAIL = re.compile(r"[\w.-]+@[\w.-]+\.[\w.-]+")
COMPANY_NUMBER = re.compile(r"^\w{8}$")
POSTCODE = re.compile(r"^\s*[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\s*$", re.IGNORECASE)
DATE_FIELDS = {
    "awardDate": lambda g: g.get("awardDate"),
    "plannedDates/0/startDate": lambda g: (g.get("plannedDates") or [{}])[0].get("startDate"),
    "plannedDates/0/endDate": lambda g: (g.get("plannedDates") or [{}])[0].get("endDate"),
    "actualDates/0/startDate": lambda g: (g.get("actualDates") or [{}])[0].get("startDate"),
    "actualDates/0/endDate": lambda g: (g.get("actualDates") or [{}])[0].get("endDate"),
}


def charity_number_ok(number) -> bool:
    number = str(number)
    return len(number) in (6, 7) and number.isdigit()


def company_number_ok(number) -> bool:
    return COMPANY_NUMBER.match(str(number)) is not None


def orgs(grant: dict, kind: str) -> list[dict]:
    return grant.get(kind) or []


def date_of(text: str | None) -> tuple[datetime.datetime | None, str | None]:
    """As the library reads a date: the part before "T" as YYYY-MM-DD; (date, error)."""
    if not text:
        return None, None
    try:
        return datetime.datetime.strptime(str(text).split("T")[0], "%Y-%m-%d"), None
    except ValueError as error:
        return None, str(error)


def dates(grant: dict) -> dict[str, datetime.datetime]:
    found = {}
    for field, read in DATE_FIELDS.items():
        value, _ = date_of(read(grant))
        if value:
            found[field] = value
    return found


def years_from_now(years: int) -> datetime.datetime:
    now = datetime.datetime.now()
    try:
        return now.replace(year=now.year + years)
    except ValueError:  # 29 February
        return now.replace(year=now.year + years, day=28)


def strings(value, path="") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in sorted(value.items()):
            yield from strings(item, f"{path}/{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from strings(item, f"{path}/{number}")
    elif isinstance(value, str):
        yield path, value


# Quality (accuracy) checks, grant by grant ----------------------------------------------------------------


def zero_amount(g):
    return ["a value of £0"] if g.get("amountAwarded", None) == 0 else []


def unrecognised_prefix(kind: str, label: str):
    def check(g):
        return [
            f"a {label} identifier '{o.get('id', '')}' that does not draw from a recognised register"
            for o in orgs(g, kind)
            if not str(o.get("id", "")).upper().startswith(tuple(p.upper() for p in RECOGNISED_PREFIXES))
        ]

    return check


def recipient_charity_number(g):
    found = []
    for o in orgs(g, "recipientOrganization"):
        if "charityNumber" in o:
            number = str(o["charityNumber"])
            number = number[2:] if number[:2].isalpha() else number
            if not charity_number_ok(number):
                found.append(f"a charity number '{o['charityNumber']}' that does not look like a UK one")
    return found


def recipient_company_number(g):
    return [
        f"a company number '{o['companyNumber']}' that does not look like a company number"
        for o in orgs(g, "recipientOrganization")
        if "companyNumber" in o and not company_number_ok(o["companyNumber"])
    ]


def org_id_looks_invalid(g):
    found = []
    for kind in ("fundingOrganization", "recipientOrganization"):
        for o in orgs(g, kind):
            org_id = str(o.get("id") or "")
            bad_charity = org_id.upper().startswith("GB-CHC-") and not charity_number_ok(org_id[7:])
            bad_company = org_id.upper().startswith("GB-COH-") and not company_number_ok(org_id[7:])
            if bad_charity or bad_company:
                found.append(f"organisation identifier '{org_id}' is not valid for its register")
    return found


def org_id_unexpected_chars(g):
    return [
        "an organisation identifier with a line break"
        for kind in ("fundingOrganization", "recipientOrganization")
        for o in orgs(g, kind)
        if "\n" in str(o.get("id") or "")
    ]


def grant_id_unexpected_chars(g):
    return ["a grant identifier with a line break"] if "\n" in str(g.get("id", "")) else []


def looks_like_email(g):
    return [
        f"text that looks like an email address at {p}"
        for p, v in strings(g)
        if "email" not in p and EMAIL.search(v)
    ]


def impossible_dates(g):
    for field, read in DATE_FIELDS.items():
        _, error = date_of(read(g))
        # As the library: a date in another format is the schema's business; one that does not exist is this.
        if error and "does not match format" not in error and "unconverted data remains" not in error:
            return [f"a date that does not exist ({field})"]
    return []


def start_after_end(kind: str):
    def check(g):
        found = dates(g)
        start, end = found.get(f"{kind}/0/startDate"), found.get(f"{kind}/0/endDate")
        return [f"a {kind} start date after its end date"] if start and end and start > end else []

    return check


def far_future(kind: str, years: int):
    def check(g):
        limit = years_from_now(years)
        found = dates(g)
        late = [f for f in (f"{kind}/0/startDate", f"{kind}/0/endDate") if found.get(f) and found[f] > limit]
        return [f"{kind} over {years} years in the future"] if late else []

    return check


def far_past(g):
    limit = years_from_now(-25)
    return ["dates over 25 years ago"] if any(d < limit for d in dates(g).values()) else []


def post_dated_award(g):
    award = dates(g).get("awardDate")
    return ["an award date in the future"] if award and award > datetime.datetime.now() else []


def individual_with_dei(g):
    return (
        ["a grant to an individual with DEI information"]
        if "recipientIndividual" in g and "project" in g
        else []
    )


def geocode_postcode(g):
    if "recipientIndividual" not in g:
        return []
    return [
        "a beneficiary geographic code that looks like a postcode"
        for location in g.get("beneficiaryLocation") or []
        if POSTCODE.match(str(location.get("geoCode", "")))
    ]


# Usefulness checks ----------------------------------------------------------------------------------------


def prefix_360g(kind: str, label: str):
    def check(g):
        return [
            f"a {label} identifier that starts '360G-'"
            for o in orgs(g, kind)
            if str(o.get("id", "")).lower().startswith("360g")
        ]

    return check


def no_company_or_charity_number(g):
    return [
        "the recipient has no company or charity number"
        for o in orgs(g, "recipientOrganization")
        if not (o.get("companyNumber") or o.get("charityNumber"))
    ]


def incomplete_recipient(g):
    def located(o):
        return any(loc.get("geoCode") and loc.get("geoCodeType") for loc in o.get("location") or [])

    return [
        "no recipient organisation location (postal code, or geographic code and type)"
        for o in orgs(g, "recipientOrganization")
        if not (o.get("postalCode") or located(o))
    ]


def missing(field: str, read: Callable[[dict], object], what: str):
    def check(g):
        try:
            present = read(g)
        except (KeyError, IndexError):
            present = None
        return [] if present else [f"no {what} ({field})"]

    return check


def title_description_same(g):
    title, description = g.get("title"), g.get("description")
    return (
        ["the title and description are the same"] if title and description and title == description else []
    )


def title_length(g):
    return ["a title longer than 140 characters"] if len(g.get("title", "")) > 140 else []


def individual_without_details(g):
    if "recipientIndividual" in g and "toIndividualsDetails" not in g:
        return ["a grant to an individual without its purpose or reason (toIndividualsDetails)"]
    return []


# Checks over the whole file ---------------------------------------------------------------------------------


def more_than_one_funder(grants):
    ids = {o.get("id") for g in grants for o in orgs(g, "fundingOrganization") if o.get("id")}
    return [f"{len(ids)} different funding organisation identifiers"] if len(ids) > 1 else []


def funder_name_with_two_ids(grants):
    ids_by_name: dict[str, set] = {}
    for g in grants:
        for o in orgs(g, "fundingOrganization"):
            ids_by_name.setdefault(o.get("name"), set()).add(o.get("id"))
    return [
        f"the funding organisation '{name}' has more than one identifier"
        for name, ids in ids_by_name.items()
        if len(ids) > 1
    ]


# The library's TEST_CLASSES, in its order: class name -> check (grant by grant unless in FILE_CHECKS).
QUALITY = {
    "ZeroAmountTest": zero_amount,
    "FundingOrgUnrecognisedPrefix": unrecognised_prefix("fundingOrganization", "funding organisation"),
    "RecipientOrgUnrecognisedPrefix": unrecognised_prefix("recipientOrganization", "recipient organisation"),
    "RecipientOrgCharityNumber": recipient_charity_number,
    "RecipientOrgCompanyNumber": recipient_company_number,
    "OrganizationIdLooksInvalid": org_id_looks_invalid,
    "OrganizationIdUnexpectedChars": org_id_unexpected_chars,
    "GrantIdUnexpectedChars": grant_id_unexpected_chars,
    "MoreThanOneFundingOrg": more_than_one_funder,
    "LooksLikeEmail": looks_like_email,
    "ImpossibleDates": impossible_dates,
    "PlannedStartDateBeforeEndDate": start_after_end("plannedDates"),
    "ActualStartDateBeforeEndDate": start_after_end("actualDates"),
    "FarFuturePlannedDates": far_future("plannedDates", 12),
    "FarFutureActualDates": far_future("actualDates", 5),
    "FarPastDates": far_past,
    "PostDatedAwardDates": post_dated_award,
    "RecipientIndDEI": individual_with_dei,
    "GeoCodePostcode": geocode_postcode,
    "MultiFundingNamesForOrgId": funder_name_with_two_ids,
}
USEFULNESS = {
    "RecipientOrg360GPrefix": prefix_360g("recipientOrganization", "recipient organisation"),
    "FundingOrg360GPrefix": prefix_360g("fundingOrganization", "funding organisation"),
    "NoRecipientOrgCompanyCharityNumber": no_company_or_charity_number,
    "IncompleteRecipientOrg": incomplete_recipient,
    "NoGrantProgramme": missing("grantProgramme", lambda g: g.get("grantProgramme"), "grant programme"),
    "NoBeneficiaryLocation": missing(
        "beneficiaryLocation", lambda g: g.get("beneficiaryLocation"), "beneficiary location"
    ),
    "TitleDescriptionSame": title_description_same,
    "TitleLength": title_length,
    "NoLastModified": missing("dateModified", lambda g: g.get("dateModified"), "date modified"),
    "NoDataSource": missing("dataSource", lambda g: g.get("dataSource"), "data source"),
    "RecipientIndWithoutToIndividualsDetails": individual_without_details,
    "PlannedDurationNotPresent": missing(
        "plannedDates/0/duration", lambda g: g["plannedDates"][0]["duration"], "planned duration"
    ),
}
CHECKS = {**QUALITY, **USEFULNESS}
FILE_CHECKS = {"MoreThanOneFundingOrg", "MultiFundingNamesForOrgId"}


def library_findings(data: dict) -> list[str]:
    """What 360Giving's checks find: "<grant id>: <finding> [<check>]", or "<finding> [<check>]" for the
    file. Empty when the file passes every check."""
    grants = data.get("grants") or []
    found = []
    for name in CHECKS:
        if name in FILE_CHECKS:
            found.extend(f"{finding} [{name}]" for finding in CHECKS[name](grants))
            continue
        for grant in grants:
            found.extend(f"{grant.get('id', '?')}: {finding} [{name}]" for finding in CHECKS[name](grant))
    return found


def findings(data: dict) -> list[str]:
    """The library's findings and this portal's own beyond them."""
    found = [] if data.get("license") else ["The package has no licence."]
    seen = set()
    for grant in data.get("grants") or []:
        name = grant.get("id", "?")
        if name in seen:
            found.append(f"{name}: the id is used by more than one grant.")
        seen.add(name)
        for location in grant.get("beneficiaryLocation") or []:
            if not (location.get("geoCode") and location.get("geoCodeType")):
                found.append(f"{name}: a beneficiary location without a geoCode and geoCodeType.")
        if not grant.get("locationScope"):
            found.append(f"{name}: no location scope (locationScope).")
        for recipient in orgs(grant, "recipientOrganization"):
            if not recipient.get("postalCode"):
                found.append(f"{name}: the recipient has no postal code.")
        if not grant.get("amountAwarded", 0) > 0:
            found.append(f"{name}: the amount awarded is not above zero.")
    return library_findings(data) + found
