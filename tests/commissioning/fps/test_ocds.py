"""The FPS's OCDS 1.1 release package: streamed, valid against the OCDS 1.1.5 schema with the lots and
techniques extensions applied (all vendored in the project's schemas/ folder), and made with the same few
queries however much there is. Issue 18: techniques, the joining period, call-offs published when opened,
release ids that change with their content, suspended admissions not active, one base URL."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

from commissioning.fps import ocds
from commissioning.fps.models import Admission, Package
from tests.commissioning.fps.factories import BidFactory
from tests.commissioning.fps.factories_calloffs import admit, calloff_setup, closed_package
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "schemas" / "ocds-1.1.5"


def schema_validator() -> Draft4Validator:
    """Built here from the project's own copies (never /work/shared or the network): the package schema,
    with the release schema registered under its id; formats checked, date-time as RFC 3339."""
    package_schema = json.loads((SCHEMAS / "release-package-schema.json").read_text(encoding="utf-8"))
    # The core release schema with the lots and techniques extensions applied (schemas/ocds-extensions/).
    release_schema = ocds.extended_release_schema()
    assert "Techniques" in release_schema["definitions"] and "Lot" in release_schema["definitions"]
    assert package_schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    registry = Registry().with_resource(release_schema["id"], DRAFT4.create_resource(release_schema))
    checker = FormatChecker(formats=list(Draft4Validator.FORMAT_CHECKER.checkers))
    checker.checks("date-time")(lambda value: bool(ocds.RFC3339_DATE_TIME.match(value)))
    checker.checks("uri")(lambda value: bool(ocds.URI.match(value)))
    return Draft4Validator(package_schema, registry=registry, format_checker=checker)


def award(package, bid, *, placed=False):
    package.status = Package.Status.PLACED if placed else Package.Status.AWARDED
    package.awarded_bid = bid
    package.awarded_at = timezone.now()
    if placed:
        package.brokerage_reference = "CBT-1"
        package.placement_start = datetime.date(2022, 9, 5)
        package.placement_recorded_at = timezone.now()
    package.save()


@pytest.fixture
def data(own_provider, other_provider):
    system, lots = calloff_setup(own_provider, other_provider=other_provider)
    charity = ProviderFactory(name="Weaver Charity", companies_house_number="", charity_number="1012345")
    scottish = ProviderFactory(name="Scottish Charity", companies_house_number="", charity_number="SC012345")
    admit(charity, lots[0])
    admit(scottish, lots[1], status=Admission.Status.SUSPENDED)
    admit(ProviderFactory(name="Removed Care"), lots[0], status=Admission.Status.REMOVED)
    awarded = closed_package(lots[0])
    bid = BidFactory(package=awarded, provider=own_provider, weekly_price=Decimal("450.00"))
    BidFactory(package=awarded, provider=charity, weekly_price=Decimal("500.00"))
    award(awarded, bid)
    placed = closed_package(lots[1])
    award(
        placed,
        BidFactory(package=placed, provider=other_provider, weekly_price=Decimal("612.50")),
        placed=True,
    )
    unawarded = closed_package(lots[0])  # bids closed, not awarded yet: its competition is published
    return system, awarded, placed, unawarded


def export(client, system):
    response = client.get(f"/fps/{system.slug}/ocds.json")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def test_export_is_valid_ocds(client, data):
    system, *_ = data
    package = export(client, system)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator().iter_errors(package)
    ]
    assert errors == []
    assert ocds.validation_errors(package) == []  # the module's own validator agrees


def test_export_content(client, data, own_provider, other_provider):
    system, awarded, placed, unawarded = data
    package = export(client, system)
    assert package["version"] == "1.1"
    assert package["publisher"]["name"] == "Cheshire East Council"
    assert package["license"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/")
    fps, *calloffs = package["releases"]
    prefix = settings.FPS_OCID_PREFIX
    assert fps["ocid"] == f"{prefix}-DO"
    assert fps["tender"]["procurementMethod"] == "selective"
    assert [lot["id"] for lot in fps["tender"]["lots"]] == ["1", "2"]
    parties = {party["id"]: party for party in fps["parties"]}
    assert parties["GB-LAE-CHE"]["roles"] == ["buyer", "procuringEntity"]
    assert f"GB-COH-{own_provider.companies_house_number}" in parties
    assert "GB-CHC-1012345" in parties and "GB-SC-SC012345" in parties
    awards = {(a["suppliers"][0]["name"], a["relatedLots"][0]): a["status"] for a in fps["awards"]}
    assert awards == {
        (own_provider.name, "1"): "active",
        ("Weaver Charity", "1"): "active",
        ("Removed Care", "1"): "cancelled",
        (other_provider.name, "2"): "active",
        ("Scottish Charity", "2"): "pending",  # suspended: not in force for new call-offs
    }
    assert fps["tender"]["techniques"] == {
        "hasFrameworkAgreement": False,
        "hasDynamicPurchasingSystem": True,
        "dynamicPurchasingSystem": {"type": "closed"},
    }
    # Every package once published: the competition opened, then its award, then its placement.
    assert [(release["ocid"].removeprefix(f"{prefix}-"), release["tag"]) for release in calloffs] == [
        (awarded.reference, ["tender"]),
        (awarded.reference, ["award"]),
        (placed.reference, ["tender"]),
        (placed.reference, ["award"]),
        (placed.reference, ["contract"]),
        (unawarded.reference, ["tender"]),
    ]
    assert calloffs[0]["tender"]["status"] == "active" and "numberOfTenderers" not in calloffs[0]["tender"]
    first, second = calloffs[1], calloffs[4]
    assert first["awards"][0]["value"] == {"amount": 23400.0, "currency": "GBP"}  # £450 × 52
    assert first["awards"][0]["suppliers"][0]["name"] == own_provider.name
    assert first["tender"]["numberOfTenderers"] == 2
    assert first["relatedProcesses"][0] == {
        "id": "1",
        "relationship": ["framework"],
        "title": system.name,
        "scheme": "ocid",
        "identifier": f"{prefix}-DO",
    }
    assert "contracts" not in first
    assert second["tag"] == ["contract"]
    assert second["contracts"][0]["value"]["amount"] == 31850.0  # £612.50 × 52
    assert second["contracts"][0]["period"]["startDate"].startswith("2022-09-05T00:00:00")
    # Anonymised packages: nothing of the person's needs, and no losing bid.
    text = json.dumps(package)
    assert awarded.needs not in text and "500.0" not in text


def test_an_empty_fps_is_still_valid(client, own_provider):
    from tests.commissioning.fps.factories import fps_setup

    system, _lots, _window = fps_setup(lots=1)
    package = export(client, system)
    assert len(package["releases"]) == 1
    assert "awards" not in package["releases"][0]
    assert schema_validator().is_valid(package)


def test_unknown_system_is_404(client, db):
    assert client.get("/fps/no-such-system/ocds.json").status_code == 404


def test_streamed_in_pieces(data):
    system, *_ = data
    pieces = ocds.release_pieces(system)
    assert iter(pieces) is pieces  # a generator, not a list
    assert len(list(pieces)) > 10


def test_query_count_is_flat(client, data, django_assert_max_num_queries):
    system, *_ = data
    # About 13: the package, the FPS's latest change (5 aggregates), lots, parties, awards, notices, packages.
    with django_assert_max_num_queries(15) as few:
        export(client, system)
    lots = list(system.lots.all())
    for n in range(30):
        provider = ProviderFactory()
        admit(provider, lots[n % 2])
        package = closed_package(lots[n % 2])
        award(package, BidFactory(package=package, provider=provider), placed=n % 3 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        package = export(client, system)
    # The FPS, the fixture's 6 package releases, and 2 or 3 for each new one (tender, award, placement).
    assert len(package["releases"]) == 1 + 6 + sum(3 if n % 3 == 0 else 2 for n in range(30))


def test_the_validator_catches_mistakes(client, data):
    """The checks bite: inside a release (so the release schema is resolved) and on formats."""
    system, *_ = data
    package = export(client, system)
    package["releases"][1]["tag"] = ["awarded"]
    package["releases"][1]["date"] = "28 March 2022"
    package["publishedDate"] = "2022-03-28"
    messages = " ".join(e.message for e in schema_validator().iter_errors(package))
    assert "'awarded' is not one of" in messages
    assert "'28 March 2022' is not a 'date-time'" in messages
    assert "'2022-03-28' is not a 'date-time'" in messages


def test_extensions_are_applied_so_their_fields_are_checked(client, data):
    """Undo the techniques (a string where the extension says boolean) and the validator says so: the
    extension's schema is really applied, not merely listed."""
    system, *_ = data
    package = export(client, system)
    assert package["extensions"] == [ocds.LOTS_EXTENSION, ocds.TECHNIQUES_EXTENSION]
    package["releases"][0]["tender"]["techniques"]["hasDynamicPurchasingSystem"] = "yes"
    package["releases"][0]["tender"]["lots"][0]["status"] = "open"
    messages = " ".join(e.message for e in schema_validator().iter_errors(package))
    assert "'yes' is not of type 'boolean', 'null'" in messages
    assert "'open' is not one of" in messages


def test_the_tender_period_is_when_suppliers_may_join(client, own_provider):
    from tests.commissioning.fps.factories import WindowFactory, fps_setup

    system, _lots, window = fps_setup(lots=1)
    first = WindowFactory(
        system=system,
        name="2022 window",
        opens_at=datetime.datetime(2022, 4, 1, 8, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2022, 5, 31, 16, tzinfo=datetime.UTC),
    )
    release = export(client, system)["releases"][0]
    assert release["tender"]["tenderPeriod"] == {
        "startDate": "2022-04-01T08:00:00Z",
        "endDate": ocds.iso(ocds.at_midnight(system.ends)),
    }
    assert first.opens_at < window.opens_at


def test_a_published_release_never_changes_and_new_content_gets_a_new_id(client, data, monkeypatch):
    from commissioning.fps.services import system as system_services

    system, *_ = data
    before = export(client, system)
    later = timezone.now() + datetime.timedelta(days=40)
    monkeypatch.setattr(ocds.timezone, "now", lambda: later)
    again = export(client, system)
    assert before["releases"] == again["releases"]  # the clock changes nothing but publishedDate
    monkeypatch.undo()
    system_services.lot_add(system=system, title="Employment, Skills and Training", by=None)
    after = export(client, system)
    assert after["releases"][0]["id"] != before["releases"][0]["id"]
    assert len(after["releases"][0]["tender"]["lots"]) == 3
    assert after["releases"][1:] == before["releases"][1:]


def test_uri_and_policy_come_from_the_configured_base_url(client, data, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk/"
    system, *_ = data
    response = client.get(f"/fps/{system.slug}/ocds.json", HTTP_HOST="another-name.example.org")
    package = json.loads(b"".join(response.streaming_content))
    assert package["uri"] == f"https://portal.example.gov.uk/fps/{system.slug}/ocds.json"
    assert package["publicationPolicy"] == f"https://portal.example.gov.uk/fps/{system.slug}/"


def test_notices_are_releases(client, data, users):
    from commissioning.fps.models import Notice

    system, awarded, placed, unawarded = data
    Notice.objects.create(
        system=system,
        kind=Notice.Kind.ESTABLISHMENT,
        event_on=datetime.date(2025, 3, 3),
        published_on=datetime.date(2025, 3, 4),
        reference="012345-2025",
        url="https://www.find-tender.service.gov.uk/Notice/012345-2025",
    )
    Notice.objects.create(
        system=system,
        package=awarded,
        kind=Notice.Kind.CONTRACT_AWARD,
        event_on=datetime.date(2025, 4, 1),
        published_on=datetime.date(2025, 4, 2),
    )
    package = export(client, system)
    notices = [r for r in package["releases"] if "-notice-" in r["id"]]
    assert [(r["tag"], r["date"][:10]) for r in notices] == [
        (["tender"], "2025-03-04"),
        (["award"], "2025-04-02"),
    ]
    assert notices[0]["tender"]["documents"][0]["url"].endswith("012345-2025")
    assert notices[1]["awards"][0]["documents"][0]["documentType"] == "awardNotice"
    assert ocds.validation_errors(package) == []
