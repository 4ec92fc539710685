"""Issue 14, funding: section 75 agreements and their services in scope are added, changed and removed by
finance officers on the Better Care Fund pages (ADR 061), audited, with a confirmation that asks why and a
refusal, with the reason, while an agreement still has schemes or services."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import BCFScheme, Section75Agreement, ServiceInScope
from portal.permissions import Role
from tests.forms import date_fields

pytestmark = pytest.mark.django_db
FINANCE = Role.FINANCE_OFFICER


def text(response) -> str:
    return response.content.decode()


def agreement_post(**changes) -> dict:
    values = {
        "name": "Better Care Fund section 75 agreement 2022/23",
        "parties": "Cheshire East Council\n\n  NHS Cheshire CCG  ",
        "starts_on": date(2022, 4, 1),
        "ends_on": date(2023, 3, 31),
        "extension_option": "One further year by consent",
        "report_reference": "CE 22/14",
        "approved_on": date(2022, 3, 15),
        "reason": "Agreed by Cabinet",
        **changes,
    }
    post = {}
    for key, value in values.items():
        if key in {"starts_on", "ends_on", "approved_on"}:
            post.update(date_fields(key, value))
        else:
            post[key] = value
    return post


def test_finance_adds_changes_and_removes_an_agreement(client_for, users):
    finance = client_for(FINANCE)
    assert "Add a section 75 agreement" in text(finance.get("/funding/bcf/"))
    response = finance.post("/funding/bcf/agreements/add/", agreement_post())
    assert response.status_code == 302
    agreement = Section75Agreement.objects.get()
    assert agreement.party_list() == ["Cheshire East Council", "NHS Cheshire CCG"]
    assert (agreement.starts_on, agreement.approved_on) == (date(2022, 4, 1), date(2022, 3, 15))
    page = text(client_for(Role.COMMISSIONER).get("/funding/bcf/"))
    assert "Better Care Fund section 75 agreement 2022/23" in page and "CE 22/14" in page
    assert "Change the agreement" not in page
    latest = agreement.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (users[FINANCE], "Agreed by Cabinet")

    response = finance.post(
        f"/funding/bcf/agreements/{agreement.pk}/edit/",
        agreement_post(ends_on=date(2024, 3, 31), reason="Extended by a year"),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2024, 3, 31)
    assert agreement.history.latest().history_change_reason == "Extended by a year"

    page = text(finance.get(f"/funding/bcf/agreements/{agreement.pk}/remove/"))
    assert "Remove Better Care Fund section 75 agreement 2022/23?" in page
    assert finance.post(f"/funding/bcf/agreements/{agreement.pk}/remove/", {"reason": ""}).status_code == 200
    assert Section75Agreement.objects.exists()
    response = finance.post(f"/funding/bcf/agreements/{agreement.pk}/remove/", {"reason": "Entered twice"})
    assert response.status_code == 302
    assert not Section75Agreement.objects.exists()
    assert Section75Agreement.history.filter(id=agreement.pk).latest().history_type == "-"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, "Enter the name"),
        ({"name": "x" * 201}, "Keep the name to 200 characters or fewer"),
        ({"parties": ""}, "Enter the parties"),
        ({"parties": " \n \n"}, "Enter the parties"),
        ({"starts_on": None}, "Enter the date the agreement starts"),
        ({"ends_on": (31, 2, 2023)}, "Date the agreement ends must be a real date"),
        (
            {"ends_on": date(2022, 3, 1)},
            "must be the same as or after 1 April 2022, the date the agreement starts",
        ),
        ({"report_reference": "x" * 41}, "Keep the committee report to 40 characters or fewer"),
        ({"reason": ""}, "Enter the reason"),
    ],
)
def test_a_bad_agreement_is_a_govuk_error_and_changes_nothing(client_for, users, change, message):
    finance = client_for(FINANCE)
    response = finance.post("/funding/bcf/agreements/add/", agreement_post(**change))
    assert response.status_code == 200
    assert message in text(response), text(response)
    assert "govuk-error-summary" in text(response)
    assert not Section75Agreement.objects.exists()


def test_an_agreement_name_is_not_recorded_twice(client_for, users):
    finance = client_for(FINANCE)
    assert finance.post("/funding/bcf/agreements/add/", agreement_post()).status_code == 302
    response = finance.post("/funding/bcf/agreements/add/", agreement_post())
    assert "An agreement called Better Care Fund section 75 agreement 2022/23 is already recorded" in text(
        response
    )
    assert Section75Agreement.objects.count() == 1


@pytest.fixture
def agreement(db):
    return Section75Agreement.objects.create(
        name="Better Care Fund section 75 agreement 2021/22",
        parties="Cheshire East Council\nNHS Cheshire CCG",
        starts_on=date(2021, 4, 1),
        ends_on=date(2022, 3, 31),
    )


def test_services_in_scope_are_added_changed_and_removed(client_for, users, agreement):
    finance = client_for(FINANCE)
    url = f"/funding/bcf/agreements/{agreement.pk}/services/add/"
    post = {"name": "Community equipment", "notes": "From 2023", "reason": "Appendix 2 of the report"}
    assert finance.post(url, post).status_code == 302
    service = ServiceInScope.objects.get()
    assert (service.agreement, service.notes) == (agreement, "From 2023")
    assert service.history.latest().history_user == users[FINANCE]
    assert "Community equipment" in text(client_for(Role.COMMISSIONER).get("/funding/bcf/"))
    for change, message in [
        ({"name": "community EQUIPMENT"}, "community EQUIPMENT is already in scope of"),
        ({"name": ""}, "Enter the service"),
        ({"name": "x" * 201}, "Keep the service to 200 characters or fewer"),
        ({"reason": ""}, "Enter the reason"),
    ]:
        response = finance.post(url, {**post, **change})
        assert response.status_code == 200 and message in text(response), change
    assert ServiceInScope.objects.count() == 1

    edit = f"/funding/bcf/services/{service.pk}/edit/"
    assert finance.post(edit, {"name": "", "reason": "x"}).status_code == 200
    response = finance.post(edit, {"name": "Community equipment service", "notes": "", "reason": "Renamed"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.notes) == ("Community equipment service", "")

    # The agreement cannot go while a service or a scheme hangs on it.
    refused = text(finance.get(f"/funding/bcf/agreements/{agreement.pk}/remove/"))
    assert "cannot be removed: it has 1 service in scope" in refused
    finance.post(f"/funding/bcf/agreements/{agreement.pk}/remove/", {"reason": "Try"})
    assert Section75Agreement.objects.filter(pk=agreement.pk).exists()

    remove = f"/funding/bcf/services/{service.pk}/remove/"
    assert "Remove Community equipment service from the services in scope?" in text(finance.get(remove))
    assert finance.post(remove, {"reason": ""}).status_code == 200
    assert ServiceInScope.objects.exists()
    assert finance.post(remove, {"reason": "Dropped from scope"}).status_code == 302
    assert not ServiceInScope.objects.exists()
    assert ServiceInScope.history.filter(id=service.pk).latest().history_change_reason == "Dropped from scope"

    BCFScheme.objects.create(
        agreement=agreement,
        scheme_id=3,
        name="Reablement",
        source="ibcf",
        expenditure=Decimal("10"),
        year="2021/22",
    )
    refused = text(finance.get(f"/funding/bcf/agreements/{agreement.pk}/remove/"))
    assert "cannot be removed: it has 1 scheme." in refused


def test_only_finance_officers_change_agreements(client_for, users, agreement):
    service = ServiceInScope.objects.create(agreement=agreement, name="Telecare")
    commissioner = client_for(Role.COMMISSIONER)
    for url in [
        "/funding/bcf/agreements/add/",
        f"/funding/bcf/agreements/{agreement.pk}/edit/",
        f"/funding/bcf/agreements/{agreement.pk}/remove/",
        f"/funding/bcf/agreements/{agreement.pk}/services/add/",
        f"/funding/bcf/services/{service.pk}/edit/",
        f"/funding/bcf/services/{service.pk}/remove/",
    ]:
        assert commissioner.post(url, {"name": "Changed", "reason": "No"}).status_code == 403, url
    agreement.refresh_from_db()
    service.refresh_from_db()
    assert (agreement.name, service.name) == ("Better Care Fund section 75 agreement 2021/22", "Telecare")
    assert client_for("provider").get(f"/funding/bcf/services/{service.pk}/edit/").status_code == 403
