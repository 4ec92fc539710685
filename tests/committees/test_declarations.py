"""Declarations of interest: democratic services record, change and remove them from the meeting's staff
area, like attendance; the minutes (page and PDF) show them."""

import pytest
from django.urls import reverse

from committees.models import Attendance, Declaration
from portal.pdf import page_texts
from portal.permissions import Role
from tests.committees.factories import PersonFactory

pytestmark = pytest.mark.django_db

TEXT = "Councillor J Rhodes declared a non-pecuniary interest by virtue of being a carer."


@pytest.fixture
def ds(client_for):
    return client_for(Role.DEMOCRATIC_SERVICES)


def url(meeting):
    return reverse("committees:declarations", args=[meeting.pk])


def test_record_a_declaration_and_the_minutes_show_it(ds, client, business):
    january = business["january"]
    chair = Attendance.objects.get(meeting=january).person
    page = ds.get(url(january))
    assert page.status_code == 200 and "Record a declaration" in page.text
    assert "No declarations recorded yet." in page.text
    # The list holds the committee's members and those at the meeting; others are named.
    PersonFactory(name="Councillor L Crane")
    page = ds.get(url(january))
    assert f'<option value="{chair.pk}">Councillor J Rhodes</option>' in page.text
    assert "Councillor L Crane" not in page.text
    response = ds.post(
        url(january),
        {"person": chair.pk, "item": "", "kind": "non-pecuniary", "text": TEXT, "minute_number": "37"},
    )
    assert response.status_code == 302 and response["Location"] == url(january)
    declaration = Declaration.objects.get(meeting=january)
    assert (declaration.person, declaration.kind, declaration.minute_number) == (chair, "non-pecuniary", 37)
    assert declaration.position == 1
    record = declaration.history.get()
    assert record.history_user.username == Role.DEMOCRATIC_SERVICES
    assert record.history_change_reason == "Declaration recorded"
    after = ds.get(url(january))
    assert "Councillor J Rhodes&#x27;s declaration is recorded." in after.text and TEXT in after.text
    # The approved minutes show it to the public, on the page and in the PDF.
    minutes = client.get(reverse("committees:minutes", args=[january.pk]))
    assert "Declarations of interest" in minutes.text
    assert f"Councillor J Rhodes</a> (non-pecuniary): {TEXT}" in minutes.text
    # The name links to the member's register of interests.
    register = reverse("committees:member-interests", args=[declaration.person_id])
    assert f'<a class="govuk-link" href="{register}">Councillor J Rhodes</a>' in minutes.text
    pdf = client.get(reverse("committees:minutes-pdf", args=[january.pk]))
    assert "declared a non-pecuniary interest by virtue of being a carer" in " ".join(
        " ".join(t.split()) for t in page_texts(pdf.content)
    )
    # A second one goes after it: someone else in the people register, named (in any case).
    response = ds.post(
        url(january), {"other_person": "councillor l  crane", "text": "An interest in item 3."}
    )
    assert response.status_code == 302
    assert list(january.declarations.values_list("person__name", "position")) == [
        ("Councillor J Rhodes", 1),
        ("Councillor L Crane", 2),
    ]


def test_bad_declarations_say_what_is_wrong_and_change_nothing(ds, business):
    march = business["march"]  # agenda items 3, 6, 7 and 15
    response = ds.post(url(march), {"person": "", "text": "  "})
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert "Select the person who declared the interest, or give their name" in response.text
    assert "Enter what was declared" in response.text
    stranger = PersonFactory(name="Councillor N Stranger")  # in the register, not a member
    for bad in ("999999", stranger.pk):
        response = ds.post(url(march), {"person": bad, "text": "Something"})
        assert "Select a person from the list" in response.text
    response = ds.post(url(march), {"other_person": "Councillor Nobody", "text": "Something"})
    assert "No one called “Councillor Nobody” is in the people register" in response.text
    person = Attendance.objects.get(meeting=business["january"]).person  # a member: Councillor J Rhodes
    response = ds.post(url(march), {"person": person.pk, "other_person": stranger.name, "text": "Something"})
    assert "Select a person from the list or give a name, not both" in response.text
    response = ds.post(url(march), {"person": person.pk, "text": "Something", "item": "99"})
    assert "Enter the number of an item on this meeting&#x27;s agenda (3, 6, 7, 15)" in response.text
    response = ds.post(url(march), {"person": person.pk, "text": "Something", "minute_number": "abc"})
    assert "Enter the minute&#x27;s number, like 38" in response.text
    january = business["january"]  # minute 37 is recorded
    response = ds.post(url(january), {"person": person.pk, "text": "Something", "minute_number": "50"})
    assert "Enter the number of one of this meeting&#x27;s minutes (37 to 37)" in response.text
    assert not Declaration.objects.exists()
    # Item 6. (with its full stop) is item 6.
    assert ds.post(url(march), {"person": person.pk, "text": "Something", "item": "6."}).status_code == 302
    assert Declaration.objects.get().item == "6"


def test_change_a_declaration(ds, business):
    march = business["march"]
    person = PersonFactory(name="Councillor A Moran")
    declaration = Declaration.objects.create(meeting=march, person=person, item="6", text="Old text.")
    edit = reverse("committees:declaration-edit", args=[declaration.pk])
    page = ds.get(edit)
    assert page.status_code == 200 and "Old text." in page.text and 'value="6"' in page.text
    bad = ds.post(edit, {"person": person.pk, "item": "6", "text": ""})
    assert bad.status_code == 200 and "Enter what was declared" in bad.text
    response = ds.post(edit, {"person": person.pk, "item": "7", "kind": "pecuniary", "text": "New text."})
    assert response.status_code == 302 and response["Location"] == url(march)
    declaration.refresh_from_db()
    assert (declaration.item, declaration.kind, declaration.text) == ("7", "pecuniary", "New text.")
    assert declaration.history.first().history_change_reason == "Declaration edited"


def test_remove_a_declaration_after_confirming(ds, business):
    march = business["march"]
    declaration = Declaration.objects.create(meeting=march, person=PersonFactory(), text="To remove.")
    remove = reverse("committees:declaration-remove", args=[declaration.pk])
    page = ds.get(remove)
    assert page.status_code == 200
    assert "Remove this declaration of interest?" in page.text and "To remove." in page.text
    assert "It will no longer be in the minutes of this meeting." in page.text
    assert Declaration.objects.filter(pk=declaration.pk).exists()  # GET only asks
    response = ds.post(remove)
    assert response.status_code == 302 and response["Location"] == url(march)
    assert not Declaration.objects.filter(pk=declaration.pk).exists()
    gone = Declaration.history.filter(id=declaration.pk).first()
    assert gone.history_type == "-" and gone.history_change_reason == "Declaration removed"
    assert gone.history_user.username == Role.DEMOCRATIC_SERVICES
    assert "declaration is removed" in ds.get(url(march)).text


def test_only_democratic_services_record_declarations(client_for, business):
    march = business["march"]
    for role in (Role.REPORT_AUTHOR, Role.COMMISSIONER):
        response = client_for(role).post(url(march), {"person": PersonFactory().pk, "text": "No."})
        assert response.status_code == 403
    assert not Declaration.objects.exists()


def test_the_meeting_and_minutes_pages_lead_to_the_declarations(ds, business):
    january = business["january"]
    link = url(january)
    assert link in ds.get(january.get_absolute_url()).text
    assert link in ds.get(reverse("committees:minutes", args=[january.pk])).text


def test_declarations_page_queries_do_not_grow(ds, business, django_assert_max_num_queries):
    from tests.committees.factories import MembershipFactory

    march = business["march"]

    def count():
        with django_assert_max_num_queries(20) as captured:
            assert ds.get(url(march)).status_code == 200
        return len(captured)

    Declaration.objects.create(meeting=march, person=PersonFactory(), text="One.")
    few = count()
    for n in range(30):
        person = PersonFactory()
        MembershipFactory(committee=business["committee"], person=person)
        Attendance.objects.create(meeting=march, person=PersonFactory(), kind="present")
        Declaration.objects.create(meeting=march, person=person, text=f"Declaration {n}.", position=n + 2)
    assert count() == few
