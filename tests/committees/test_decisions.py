"""Issue 19, point 2: the decisions register, public once published, searchable and filterable, a page per
decision, the call-in deadline computed in clear working days with England and Wales bank holidays."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Decision
from committees.working_days import clear_working_days_after
from portal.permissions import Role
from tests.committees.factories import PersonFactory
from tests.forms import with_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


@pytest.mark.parametrize(
    ("published", "deadline"),
    [
        # Wednesday 13 April 2022: Good Friday (15th) and Easter Monday (18th) are not working days.
        (datetime.date(2022, 4, 13), datetime.date(2022, 4, 22)),
        # Friday 27 May 2022: the Spring bank holiday and the Platinum Jubilee (2 and 3 June) move it on.
        (datetime.date(2022, 5, 27), datetime.date(2022, 6, 7)),
        # Monday 12 September 2022: the Queen's state funeral on the 19th is a bank holiday.
        (datetime.date(2022, 9, 12), datetime.date(2022, 9, 20)),
        # An ordinary week: Monday to the next Monday.
        (datetime.date(2022, 3, 28), datetime.date(2022, 4, 4)),
    ],
)
def test_call_in_deadline_counts_clear_working_days(published, deadline):
    assert clear_working_days_after(published, 5) == deadline


def decision_post(**fields):
    data = {
        "title": "Day Opportunities Flexible Purchasing System",
        "decision": "That the Committee approve the establishment of a flexible purchasing system.",
        "maker": "committee",
        "committee": "",
        "officer_name": "",
        "decided_on": "28/3/2022",
        "key_decision": "on",
        "call_in": "on",
    }
    data.update(fields)
    return with_dates(data, "decided_on")


def test_a_decision_from_a_minute_is_recorded_published_and_public(ds, client, business, settings):
    settings.COMMITTEES_CALL_IN_WORKING_DAYS = 5
    january, minute = business["january"], business["minute"]
    url = reverse("committees:decision-create") + f"?meeting={january.pk}&minute=37"
    form = ds.get(url)
    assert form.status_code == 200 and "Day Opportunities Strategy" in form.text
    response = ds.post(url, decision_post(committee=str(business["committee"].pk), decided_on="18/1/2022"))
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.meeting, decision.minute, decision.key_decision) == (january, minute, True)
    assert decision.call_in_deadline is None and decision.published_at is None
    # Not public yet: the register and its page do not show it to the public.
    assert client.get(reverse("committees:decision", args=[decision.pk])).status_code == 404
    assert "Day Opportunities Flexible" not in client.get(reverse("committees:decisions")).text
    publish = reverse("committees:decision-publish", args=[decision.pk])
    assert "Publish this decision?" in ds.get(publish).text
    assert ds.post(publish).status_code == 302
    decision.refresh_from_db()
    today = timezone.localdate()
    assert decision.published_at is not None
    assert decision.call_in_deadline == clear_working_days_after(today, 5)
    page = client.get(reverse("committees:decision", args=[decision.pk]))
    assert page.status_code == 200 and "Adults and Health Committee" in page.text
    assert "5 clear working days after publication" in page.text
    assert decision.history.first().history_change_reason == "Published"
    # Published twice: refused, nothing changes.
    ds.post(publish)
    assert Decision.objects.get().history.count() == 2


def test_the_register_is_searchable_and_filterable(client, business):
    officer = PersonFactory(name="Helen Charlesworth-May", kind="officer", job_title="Executive Director")
    committee = business["committee"]
    services.decision_publish(
        decision=services.decision_create(
            data={
                "title": "Admission to the Day Opportunities FPS",
                "decision": "Admit Gawsworth House Care Ltd to lot 1.",
                "maker": "officer",
                "officer": officer,
                "decided_on": datetime.date(2022, 6, 1),
                "key_decision": False,
                "call_in": False,
            },
            by=None,
        ),
        by=None,
    )
    services.decision_publish(
        decision=services.decision_create(
            data={
                "title": "Carers strategy",
                "decision": "Approve the All Age Carers Strategy.",
                "maker": "committee",
                "committee": committee,
                "decided_on": datetime.date(2022, 3, 28),
                "key_decision": True,
                "call_in": True,
            },
            by=None,
        ),
        by=None,
    )
    services.decision_create(
        data={
            "title": "Unpublished draft decision",
            "decision": "Not yet.",
            "maker": "committee",
            "committee": committee,
            "decided_on": datetime.date(2022, 3, 28),
        },
        by=None,
    )
    url = reverse("committees:decisions")
    everything = client.get(url)
    assert "2 decisions" in everything.text and "Unpublished draft decision" not in everything.text
    found = client.get(url, {"q": "Gawsworth"})
    assert "1 decision" in found.text and "Admission to the Day Opportunities FPS" in found.text
    key = client.get(url, {"key_decision": "yes"})
    assert "Carers strategy" in key.text and "Admission to the" not in key.text
    officers = client.get(url, {"maker": "officer"})
    assert "Admission to the" in officers.text and "Carers strategy" not in officers.text
    page = client.get(Decision.objects.get(title__startswith="Admission").get_absolute_url())
    assert "Helen Charlesworth-May, Executive Director (delegated decision)" in page.text
    assert "Not subject to call-in" in page.text
    assert client.get(url, {"q": "x" * 201}).status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Enter the title"),
        ({"decision": ""}, "Enter the decision"),
        ({"maker": ""}, "Select who made the decision"),
        ({"committee": ""}, "Select the committee that made the decision"),
        ({"maker": "officer"}, "Enter the name of the officer who made the decision"),
        ({"maker": "officer", "officer_name": "No Such Officer"}, "No one called “No Such Officer”"),
        ({"decided_on": "31/2/2022"}, "Date of decision must be a real date"),
        ({"title": "x" * 301}, "Title must be 300 characters or fewer"),
    ],
)
def test_bad_decision_input_gets_a_message_and_changes_nothing(ds, business, fields, message):
    response = ds.post(reverse("committees:decision-create"), decision_post(**fields))
    assert response.status_code == 200 and message in response.text and "Error: " in response.text
    assert not Decision.objects.exists()
