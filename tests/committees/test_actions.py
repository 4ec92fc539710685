"""Issue 19, point 1: actions (from a minute's resolution or on their own) with an owner, a due date and a
status; owners' dashboard panel; the overdue list; the "Matters arising" item on the next agenda and pack."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import agenda_pack
from committees.models import Action, AgendaItem, Meeting
from portal.pdf import page_texts
from portal.permissions import Role
from tests.forms import with_dates
from tests.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db

RANGE = re.compile(r"^(\w{1,4})\. (.+?) \(Pages (\d+) - (\d+)\)", re.MULTILINE)


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


@pytest.fixture
def resolved(business):
    """Minute 37 of 18 January 2022 with its resolution."""
    minute = business["minute"]
    minute.has_resolution = True
    minute.resolution_preamble = "RESOLVED: That the Committee"
    minute.resolution = [{"label": "1", "text": "ask officers to report the respite uptake figures."}]
    minute.save()
    return minute


def post_action(client, meeting, **fields):
    data = {"minute": "", "text": "", "owner": "", "other_owner": "", "due": "", "status": "open"}
    data.update(fields)
    return client.post(reverse("committees:action-create", args=[meeting.pk]), with_dates(data, "due"))


def test_an_action_from_a_resolution_goes_on_the_next_agenda_as_matters_arising(
    ds, client, business, resolved
):
    january, march = business["january"], business["march"]
    url = reverse("committees:action-create", args=[january.pk]) + "?minute=37"
    form = ds.get(url)
    assert form.status_code == 200
    assert "RESOLVED: That the Committee\n1 ask officers to report the respite uptake figures." in form.text
    minutes_page = ds.get(reverse("committees:minutes", args=[january.pk]))
    assert reverse("committees:action-create", args=[january.pk]) + "?minute=37" in minutes_page.text
    chair = business["committee"].memberships.get().person
    response = post_action(
        ds,
        january,
        minute="37",
        text="Report the respite uptake figures",
        owner=str(chair.pk),
        due="14/3/2022",
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.meeting, action.minute, action.owner, action.due, action.status) == (
        january,
        resolved,
        chair,
        datetime.date(2022, 3, 14),
        Action.Status.OPEN,
    )
    assert action.history.first().history_change_reason == "Arising from minute 37"
    # The next meeting's agenda gets "3a. Matters arising" after the item taking the January minutes.
    item = AgendaItem.objects.get(meeting=march, matters_arising=True)
    assert (item.number, item.title) == ("3a", "Matters arising")
    numbers = list(march.agenda_items.order_by("position").values_list("number", flat=True))
    assert numbers == ["3", "3a", "6", "7", "15"]
    public = client.get(reverse("committees:meeting", args=[march.pk]))
    assert "3a. Matters arising" in public.text
    assert "Report the respite uptake figures" in public.text and "Councillor J Rhodes" in public.text
    # Recording a second action does not add a second item; the scheduled meeting after gets none.
    post_action(ds, january, text="Second action", owner=str(chair.pk), due="1/4/2022")
    assert AgendaItem.objects.filter(matters_arising=True).count() == 1
    assert Action.objects.get(text="Second action").minute is None


def test_the_pack_prints_matters_arising_with_its_page_range(ds, business, resolved):
    january, march = business["january"], business["march"]
    chair = business["committee"].memberships.get().person
    post_action(
        ds, january, minute="37", text="Report the respite uptake", owner=str(chair.pk), due="14/3/2022"
    )
    data = agenda_pack.pack_pdf(march)
    assert_accessible_pdf(data)  # PDF/UA with the matters arising (the demo data has none: ADR 062)
    texts = page_texts(data)
    ranges = {n: (title, int(first), int(last)) for n, title, first, last in RANGE.findall(texts[0])}
    assert list(ranges) == ["3", "3a", "6"]
    title, first, last = ranges["3a"]
    assert title == "Matters arising" and first == last == ranges["3"][2] + 1 and ranges["6"][1] == last + 1
    page = " ".join(texts[first - 1].split())
    assert page.startswith("Adults and Health Committee Matters arising")
    assert "Report the respite uptake" in page and "Councillor J Rhodes" in page and f"Page {first}" in page


def test_a_changed_action_makes_the_built_pack_stale(ds, business, resolved):
    january, march = business["january"], business["march"]
    chair = business["committee"].memberships.get().person
    post_action(ds, january, text="Report the respite uptake", owner=str(chair.pk), due="14/3/2022")
    before = agenda_pack.pack_fingerprint(march)
    action = Action.objects.get()
    ds.post(reverse("committees:action-done", args=[action.pk]))
    assert agenda_pack.pack_fingerprint(march) != before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"owner": "", "due": "14/3/2022"}, "Select the action&#x27;s owner, or give their name"),
        ({"due": ""}, "Enter the due date"),
        ({"due": "17/1/2022"}, "Due date must be on or after the meeting (18 January 2022)"),
        ({"due": "31/2/2022"}, "Due date must be a real date"),
        ({"text": ""}, "Enter the action"),
        ({"text": "x" * 2001}, "Action must be 2000 characters or fewer"),
        ({"minute": "99"}, "Select a minute of this meeting"),
        ({"other_owner": "Nobody Known"}, "No one called “Nobody Known” is in the people register"),
        ({"status": "lost"}, "Select the action&#x27;s status"),
    ],
)
def test_bad_action_input_gets_a_message_and_changes_nothing(ds, business, fields, message):
    chair = business["committee"].memberships.get().person
    data = {"text": "Report the figures", "owner": str(chair.pk), "due": "14/3/2022", **fields}
    response = post_action(ds, business["january"], **data)
    assert response.status_code == 200
    assert message in response.text and "Error: " in response.text
    assert not Action.objects.exists() and not AgendaItem.objects.filter(matters_arising=True).exists()


def test_nul_in_an_action_is_refused(ds, business):
    chair = business["committee"].memberships.get().person
    response = post_action(ds, business["january"], text="a\x00b", owner=str(chair.pk), due="14/3/2022")
    assert response.status_code == 400 and not Action.objects.exists()


def test_owners_see_their_actions_on_the_dashboard_and_mark_them_done(client_for, users, business):
    chair = business["committee"].memberships.get().person
    chair.user = users[Role.COMMISSIONER]
    chair.save()
    action = Action.objects.create(
        meeting=business["january"],
        text="Send the respite figures",
        owner=chair,
        due=datetime.date(2022, 2, 1),
    )
    owner = client_for(Role.COMMISSIONER)
    home = owner.get("/")
    assert "Your committee actions" in home.text and "Send the respite figures" in home.text
    assert "Overdue" in home.text
    assert (
        client_for(Role.REPORT_AUTHOR).get(reverse("committees:action", args=[action.pk])).status_code == 404
    )
    assert "Your committee actions" not in client_for(Role.REPORT_AUTHOR).get("/").text
    page = owner.get(reverse("committees:action", args=[action.pk]))
    assert page.status_code == 200 and "This action is overdue" in page.text
    done = owner.post(reverse("committees:action-done", args=[action.pk]), {"next": "action"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.closed_on == timezone.localdate()
    assert action.history.first().history_user == users[Role.COMMISSIONER]
    assert "Your committee actions" not in owner.get("/").text
    # Done since the committee's last meeting: still reported under the next meeting's matters arising.
    assert list(Action.objects.matters_arising_for(business["march"])) == [action]


def test_the_overdue_list_and_changing_an_action(ds, business):
    chair = business["committee"].memberships.get().person
    january = business["january"]
    late = Action.objects.create(meeting=january, text="Late one", owner=chair, due=datetime.date(2022, 2, 1))
    Action.objects.create(meeting=january, text="Future one", owner=chair, due=datetime.date(2099, 1, 1))
    Action.objects.create(
        meeting=january, text="Done one", owner=chair, due=datetime.date(2022, 2, 1), status="done"
    )
    overdue = ds.get(reverse("committees:actions"), {"show": "overdue"})
    assert "Late one" in overdue.text and "Overdue" in overdue.text
    assert "Future one" not in overdue.text and "Done one" not in overdue.text
    assert "1 action" in overdue.text
    open_list = ds.get(reverse("committees:actions"))
    assert (
        "Late one" in open_list.text and "Future one" in open_list.text and "Done one" not in open_list.text
    )
    edit = reverse("committees:action-edit", args=[late.pk])
    assert ds.get(edit).status_code == 200
    response = ds.post(
        edit,
        with_dates(
            {
                "minute": "",
                "text": "Late one, moved",
                "owner": str(chair.pk),
                "due": "1/6/2022",
                "status": "in-progress",
            },
            "due",
        ),
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.text, late.due, late.status) == ("Late one, moved", datetime.date(2022, 6, 1), "in-progress")
    page = ds.get(reverse("committees:action", args=[late.pk]))
    assert "Changes to this action" in page.text and "Changed" in page.text


def test_a_meeting_scheduled_later_gets_matters_arising_when_actions_are_open(ds, business):
    chair = business["committee"].memberships.get().person
    Action.objects.create(
        meeting=business["scheduled"], text="After June", owner=chair, due=datetime.date(2030, 7, 1)
    )
    later = {
        "committee": str(business["committee"].pk),
        "date": "1/9/2030",
        "time": "10:00",
        "venue": "Sandbach",
    }
    posted = with_dates({**later, "status": "scheduled"}, "date")
    response = ds.post(reverse("committees:meeting-create"), posted)
    assert response.status_code == 302
    meeting = Meeting.objects.get(date=datetime.date(2030, 9, 1))
    assert list(meeting.agenda_items.values_list("number", "title")) == [("1", "Matters arising")]
