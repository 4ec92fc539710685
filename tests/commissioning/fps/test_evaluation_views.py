"""The evaluation pages through HTTP: who may use them, what they show, and each rule's bad input."""

import csv
import datetime
import html
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.fps.models import (
    Admission,
    Application,
    ApplicationLot,
    ApplicationWindow,
    Clarification,
    Lot,
    Notification,
    SectionEvaluation,
)
from commissioning.fps.services import evaluation as services
from commissioning.providers.models import AREA_SHORT_NAMES, Area, Provider
from portal.permissions import Role
from tests.commissioning.fps.factories import ApplicationFactory, fps_setup
from tests.commissioning.fps.factories_evaluation import (
    admitted,
    evaluate_all,
    section,
    submitted_application,
)
from tests.factories import ProviderFactory, UserFactory
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    return fps_setup()


@pytest.fixture
def application(setup, own_provider):
    system, lots, window = setup
    return submitted_application(provider=own_provider, lots=lots, window=window)


@pytest.fixture
def commissioner(users):
    return users["commissioner"]


@pytest.fixture
def delegated(users):
    """The delegated officer who decides (commissioners evaluate; they do not decide)."""
    return users["delegated-officer"]


@pytest.fixture
def decider_client(client_for):
    return client_for(Role.DELEGATED_OFFICER)


def evaluate_url(application):
    return reverse("fps:evaluate", args=[application.reference])


def decide_url(application, lot=1):
    return reverse("fps:decide", args=[application.reference, lot])


def text_of(response) -> str:
    # Unescaped: a generated name like O'Neill is sent as O&#x27;Neill.
    return html.unescape(response.content.decode())


# Who may see what ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["provider", "other-provider", "finance-officer", "democratic-services"])
def test_only_commissioners_see_the_queue_and_an_application(client_for, application, role):
    client = client_for(role)
    assert client.get(reverse("fps:queue")).status_code == 403
    assert client.get(evaluate_url(application)).status_code == 403
    assert client.get(reverse("fps:application-pdf", args=[application.reference])).status_code == 403
    assert (
        client.post(
            decide_url(application), {"lot-1-decision": "admitted", "lot-1-expected": "pending"}
        ).status_code
        == 403
    )
    assert not ApplicationLot.objects.exclude(decision="pending").exists()


def test_anonymous_is_sent_to_sign_in(client, application):
    response = client.get(evaluate_url(application))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_and_draft_applications_are_404(commissioner_client, client_for, setup):
    system, lots, window = setup
    draft = ApplicationFactory(window=window, lots=lots[:1])
    assert commissioner_client.get(reverse("fps:evaluate", args=["DO-NOPE"])).status_code == 404
    assert commissioner_client.get(evaluate_url(draft)).status_code == 404
    assert client_for(Role.DELEGATED_OFFICER).get(decide_url(draft)).status_code == 404
    withdrawn_draft = ApplicationFactory(window=window, lots=lots[1:], status=Application.Status.WITHDRAWN)
    assert commissioner_client.get(evaluate_url(withdrawn_draft)).status_code == 404
    response = commissioner_client.get(reverse("fps:queue") + "?status=all")
    assert not list(response.context["table"].page.object_list)


def test_withdrawn_applications_are_listed_when_asked(commissioner_client, setup, own_provider):
    system, lots, window = setup
    application = submitted_application(provider=own_provider, lots=lots, window=window)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    assert application.reference not in text_of(commissioner_client.get(reverse("fps:queue")))
    response = commissioner_client.get(reverse("fps:queue") + "?status=withdrawn")
    (row,) = response.context["table"].page.object_list
    assert row.record.reference == application.reference and row.get_cell("days_waiting") == "—"
    page = text_of(commissioner_client.get(evaluate_url(application)))
    assert "Withdrawn" in page and "Record the decision" not in page
    assert reverse("fps:evaluate-section", args=[application.reference, 1]) not in page


# The queue ----------------------------------------------------------------------------------------------


def test_queue_lists_applications_awaiting_evaluation(commissioner_client, setup, application, commissioner):
    system, lots, window = setup
    draft = ApplicationFactory(window=window, lots=lots[:1])
    decided = submitted_application(lots=lots[:1], window=window, status=Application.Status.DECIDED)
    waiting = submitted_application(lots=lots[1:], window=window, days_ago=10)
    services.clarification_ask(
        application=waiting, section=None, question="Which towns?", respond_by=None, by=commissioner
    )
    response = commissioner_client.get(reverse("fps:queue"))
    assert response.status_code == 200
    page = text_of(response)
    assert application.reference in page and waiting.reference in page
    assert draft.reference not in page and decided.reference not in page
    assert "Clarification requested" in page
    rows = list(response.context["table"].page.object_list)
    # Longest waiting first.
    assert [row.record.reference for row in rows] == [waiting.reference, application.reference]
    assert [row.get_cell("days_waiting") for row in rows] == [10, 3]
    assert [row.get_cell("open_clarifications") for row in rows] == [1, 0]
    assert [row.get_cell("lots") for row in rows] == ["2", "1, 2"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=decided", {"decided"}),
        ("status=all", {"own", "decided", "lot2"}),
        ("lot={lot2}", {"own", "lot2"}),
        ("q=Own Organisation", {"own"}),
        ("q={own_reference}", {"own"}),
        ("window={window}", {"own", "lot2"}),
    ],
)
def test_queue_filters(commissioner_client, setup, application, query, expected):
    system, lots, window = setup
    old_window = ApplicationWindow.objects.create(
        system=system,
        name="Old window",
        opens_at=window.opens_at - datetime.timedelta(days=400),
        closes_at=window.opens_at - datetime.timedelta(days=370),
    )
    named = {
        "own": application,
        "decided": submitted_application(lots=lots[:1], window=old_window, status=Application.Status.DECIDED),
        "lot2": submitted_application(lots=lots[1:], window=window),
    }
    query = query.format(lot2=lots[1].pk, own_reference=application.reference, window=window.pk)
    response = commissioner_client.get(reverse("fps:queue") + "?" + query)
    assert response.status_code == 200
    shown = {row.record.reference for row in response.context["table"].page.object_list}
    assert shown == {named[name].reference for name in expected}


@pytest.mark.parametrize(
    "sort",
    [
        "reference",
        "-provider",
        "submitted",
        "-status",
        "open_clarifications",
        "days_waiting",
        "-days_waiting",
    ],
)
def test_queue_sorts_by_each_column(commissioner_client, application, sort):
    response = commissioner_client.get(reverse("fps:queue") + f"?sort={sort}")
    assert response.status_code == 200 and application.reference in text_of(response)


def test_queue_pages_by_25(commissioner_client, setup):
    system, lots, window = setup
    for _ in range(26):
        submitted_application(lots=lots[:1], window=window)
    response = commissioner_client.get(reverse("fps:queue"))
    assert len(response.context["table"].page.object_list) == 25
    assert (
        len(commissioner_client.get(reverse("fps:queue") + "?page=2").context["table"].page.object_list) == 1
    )


def test_queue_empty_state(commissioner_client, db):
    response = commissioner_client.get(reverse("fps:queue"))
    assert "No applications match these filters." in text_of(response)


# The application page -----------------------------------------------------------------------------------


def test_evaluate_page_shows_answers_flags_clarifications_decisions_and_history(
    commissioner_client, application, commissioner
):
    answer = application.answers.get(question__number="1.1")
    answer.choice = "no"  # the passing answer is yes
    answer.save()
    services.section_evaluate(
        application=application,
        section=section(application, 1),
        result="fail",
        notes="No insurance cover.",
        by=commissioner,
    )
    clarification = services.clarification_ask(
        application=application,
        section=section(application, 11),
        question="Which building?",
        respond_by=None,
        by=commissioner,
    )
    Clarification.objects.filter(pk=clarification.pk).update(
        answer="The Crewe centre.", answered_at=clarification.asked_at + datetime.timedelta(days=2, hours=3)
    )
    response = commissioner_client.get(evaluate_url(application))
    assert response.status_code == 200
    page = text_of(response)
    assert "Own Organisation Ltd" in page
    assert "Do you hold employer" in page and "We run a day service in Crewe" in page
    assert "Fails" in page and "1 failing answer" in page
    assert "No insurance cover." in page and "Failed" in page
    assert "Which building?" in page and "The Crewe centre." in page and "2 days 3 hours" in page
    assert "policy.pdf" in page
    assert reverse("fps:document", args=[application.answers.get(question__number="1.3").pk]) in page
    assert reverse("fps:evaluate-section", args=[application.reference, 1]) in page  # section 1's form
    # Lot 1 cannot be decided yet: section 11 is not evaluated; it cannot be admitted: section 1 failed.
    assert "Section 11: Lot 1: Building Based Services service description" in page
    assert "these sections failed" in page
    assert decide_url(application, 1) not in page  # nothing to decide until every section is evaluated
    # The history, merged from the application, its evaluations and its clarifications.
    assert "Section 1 evaluation: Section 1 evaluated: fail" in page
    assert "Clarification on section 11: Clarification asked" in page
    assert "Application: Clarification requested" in page


def test_evaluate_page_shows_a_recorded_decision(decider_client, application, commissioner, delegated):
    evaluate_all(application, by=commissioner)
    services.application_lot_decide(
        application_lot=application.application_lots.get(lot__number=2),
        decision="rejected",
        reasons="No community base.",
        by=delegated,
    )
    page = text_of(decider_client.get(evaluate_url(application)))
    assert "Not admitted" in page and "No community base." in page and str(delegated) in page
    assert decide_url(application, 2) not in page
    assert decide_url(application, 1) in page


# Evaluating a section -----------------------------------------------------------------------------------


def test_evaluate_a_section(commissioner_client, application, commissioner):
    url = reverse("fps:evaluate-section", args=[application.reference, 1])
    # The section's own address opens the one-page evaluation at that section.
    response = commissioner_client.get(url)
    assert response.status_code == 302 and response["Location"] == evaluate_url(application) + "#section-1"
    response = commissioner_client.post(url, {"result": "pass", "notes": "All in order."})
    # Saved, the page moves on to the next section not yet evaluated.
    assert response.status_code == 302 and response["Location"] == evaluate_url(application) + "#section-11"
    evaluation = SectionEvaluation.objects.get(application=application, section__number=1)
    assert (
        evaluation.result == "pass"
        and evaluation.notes == "All in order."
        and evaluation.evaluated_by == commissioner
    )


def test_a_fail_without_notes_is_an_error_on_the_one_page(commissioner_client, application):
    url = reverse("fps:evaluate-section", args=[application.reference, 11])
    response = commissioner_client.post(url, {"result": "fail", "notes": ""})
    assert response.status_code == 200
    page = text_of(response)
    assert "<title>Error:" in page and "Enter notes saying why the section fails" in page
    # The error summary links to the notes of section 11's form, which keeps what was chosen.
    assert 'href="#section-11-notes"' in page and 'id="section-11-notes"' in page
    assert 'id="section-11-result_1" name="result" type="radio" value="fail" checked' in page
    assert not SectionEvaluation.objects.exists()


def test_no_result_is_an_error(commissioner_client, application):
    url = reverse("fps:evaluate-section", args=[application.reference, 1])
    assert "Select pass or fail" in text_of(commissioner_client.post(url, {}))


def test_a_section_of_another_lot_is_404(commissioner_client, setup, own_provider):
    system, lots, window = setup
    application = submitted_application(provider=own_provider, lots=lots[:1], window=window)
    assert (
        commissioner_client.get(reverse("fps:evaluate-section", args=[application.reference, 12])).status_code
        == 404
    )


def test_a_decided_application_cannot_be_evaluated(commissioner_client, application):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.DECIDED)
    url = reverse("fps:evaluate-section", args=[application.reference, 1])
    response = commissioner_client.post(url, {"result": "pass"})
    assert response.status_code == 302
    assert not SectionEvaluation.objects.exists()


# Clarifications -----------------------------------------------------------------------------------------


def test_ask_a_clarification(commissioner_client, application, django_capture_on_commit_callbacks):
    url = reverse("fps:clarification-ask", args=[application.reference])
    assert commissioner_client.get(url + "?section=11").status_code == 200
    respond_by = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = commissioner_client.post(
            url,
            {
                "section": section(application, 11).pk,
                "question": "How many places does the building have?",
                **date_fields("respond_by", respond_by),
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.CLARIFICATION
    clarification = Clarification.objects.get()
    assert clarification.respond_by == respond_by and clarification.section.number == 11
    assert len(mail.outbox) == 1 and "How many places does the building have?" in mail.outbox[0].body
    assert Notification.objects.get(provider=application.provider).link == reverse(
        "fps:clarification-answer", args=[clarification.pk]
    )


def test_a_clarification_needs_a_question_and_a_real_future_date(commissioner_client, application):
    url = reverse("fps:clarification-ask", args=[application.reference])
    page = text_of(commissioner_client.post(url, {"question": "", **date_fields("respond_by", "31/02/2022")}))
    assert "Enter the clarification question" in page
    assert "Date to respond by must be a real date" in page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = text_of(commissioner_client.post(url, {"question": "Q?", **date_fields("respond_by", yesterday)}))
    assert "must be today or in the future" in page
    assert not Clarification.objects.exists()


# Decisions ----------------------------------------------------------------------------------------------


def test_admit_through_the_page(
    decider_client, application, commissioner, delegated, django_capture_on_commit_callbacks
):
    evaluate_all(application, by=commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = decider_client.post(
            decide_url(application),
            {"lot-1-decision": "admitted", "lot-1-reasons": "", "lot-1-expected": "pending"},
        )
    assert response.status_code == 302
    lot = application.application_lots.get(lot__number=1)
    assert lot.decision == "admitted" and lot.decided_by == delegated
    assert Admission.objects.filter(provider=application.provider, lot__number=1, status="active").exists()
    assert len(mail.outbox) == 1 and "admitted" in mail.outbox[0].body


def test_reject_without_reasons_is_an_error(decider_client, application, commissioner):
    evaluate_all(application, by=commissioner)
    response = decider_client.post(
        decide_url(application),
        {"lot-1-decision": "rejected", "lot-1-reasons": " ", "lot-1-expected": "pending"},
    )
    assert response.status_code == 200
    assert "Enter the reasons for not admitting the provider" in text_of(response)
    assert application.application_lots.get(lot__number=1).decision == "pending"


def test_deciding_before_evaluation_lists_the_missing_sections(decider_client, application, commissioner):
    evaluate_all(application, by=commissioner, except_numbers=[1, 11])
    response = decider_client.post(
        decide_url(application),
        {"lot-1-decision": "rejected", "lot-1-reasons": "x", "lot-1-expected": "pending"},
    )
    page = text_of(response)
    assert "Evaluate section 1 (Organisation and declarations) before deciding lot 1" in page
    assert (
        "Evaluate section 11 (Lot 1: Building Based Services service description) before deciding lot 1"
        in page
    )


def test_admitting_with_a_failed_section_says_which(decider_client, application, commissioner):
    evaluate_all(application, by=commissioner)
    services.section_evaluate(
        application=application,
        section=section(application, 11),
        result="fail",
        notes="No building",
        by=commissioner,
    )
    page = text_of(
        decider_client.post(
            decide_url(application), {"lot-1-decision": "admitted", "lot-1-expected": "pending"}
        )
    )
    assert "Section 11 (Lot 1: Building Based Services service description) failed" in page
    assert not Admission.objects.exists()


def test_two_commissioners_deciding_at_once_only_the_first_wins(
    client_for, application, commissioner, delegated
):
    """Two delegated officers open the decision page while the lot is pending; the first to save wins; the
    second is told who decided it and when, and nothing of theirs is saved."""
    evaluate_all(application, by=commissioner)
    second = UserFactory(
        username="second-officer", first_name="Bo", last_name="Li", role=Role.DELEGATED_OFFICER
    )
    first_client = client_for(Role.DELEGATED_OFFICER)
    second_client = client_for("anonymous")
    second_client.force_login(second)
    assert first_client.get(decide_url(application)).status_code == 200
    assert second_client.get(decide_url(application)).status_code == 200
    first = first_client.post(
        decide_url(application), {"lot-1-decision": "admitted", "lot-1-expected": "pending"}
    )
    assert first.status_code == 302
    late = second_client.post(
        decide_url(application),
        {"lot-1-decision": "rejected", "lot-1-reasons": "Too late", "lot-1-expected": "pending"},
    )
    assert late.status_code == 200
    page = text_of(late)
    assert f"Lot 1 of {application.reference} was already decided by {delegated}" in page
    lot = application.application_lots.get(lot__number=1)
    assert lot.decision == "admitted" and lot.decided_by == delegated and lot.reasons == ""
    assert Admission.objects.count() == 1


def test_decide_page_of_a_decided_lot_shows_the_decision(decider_client, application, commissioner, decider):
    evaluate_all(application, by=commissioner)
    services.application_lot_decide(
        application_lot=application.application_lots.get(lot__number=1),
        decision="rejected",
        reasons="Not enough staff.",
        by=decider,
    )
    page = text_of(decider_client.get(decide_url(application)))
    assert "Not enough staff." in page and "Record the decision" not in page


def test_unknown_lot_is_404(decider_client, application):
    assert decider_client.get(decide_url(application, 9)).status_code == 404


# The register -------------------------------------------------------------------------------------------


@pytest.fixture
def register(setup):
    system, lots, window = setup
    active = admitted(provider=ProviderFactory(name="Active Day Care Ltd", town="Crewe"), lot=lots[0])
    suspended = admitted(
        provider=ProviderFactory(
            name="Suspended Services Ltd", town="Macclesfield", areas_served=["macclesfield"]
        ),
        lot=lots[0],
        status=Admission.Status.SUSPENDED,
    )
    removed = admitted(
        provider=ProviderFactory(name="Removed Provider Ltd"), lot=lots[0], status=Admission.Status.REMOVED
    )
    other_lot = admitted(provider=ProviderFactory(name="Community Only Ltd"), lot=lots[1])
    return system, {"active": active, "suspended": suspended, "removed": removed, "other_lot": other_lot}


def test_the_register_is_public(client, register):
    system, admissions = register
    response = client.get(reverse("fps:register", args=[system.slug]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Active Day Care Ltd" in page and "Crewe, Nantwich" in page
    assert "Suspended Services Ltd" in page and "Suspended" in page and "Macclesfield" in page
    assert "Removed Provider Ltd" not in page
    assert "Community Only Ltd" not in page  # another lot
    assert "Lot 1: Building Based Services (2)" in page and "Lot 2: Community Support (1)" in page
    assert reverse("fps:admission-suspend", args=[admissions["active"].pk]) not in page
    lot2 = text_of(client.get(reverse("fps:register", args=[system.slug]) + "?lot=2"))
    assert "Community Only Ltd" in lot2 and "Active Day Care Ltd" not in lot2


def test_the_register_filters_by_name_and_area(client, register):
    system, admissions = register
    url = reverse("fps:register", args=[system.slug])
    assert "Active Day Care" not in text_of(client.get(url + "?lot=1&q=suspended"))
    page = text_of(client.get(url + "?lot=1&area=macclesfield"))
    assert "Suspended Services Ltd" in page and "Active Day Care Ltd" not in page


def test_commissioners_see_register_actions(commissioner_client, register):
    system, admissions = register
    page = text_of(commissioner_client.get(reverse("fps:register", args=[system.slug])))
    assert reverse("fps:admission-suspend", args=[admissions["active"].pk]) in page
    assert reverse("fps:admission-reinstate", args=[admissions["suspended"].pk]) in page
    assert reverse("fps:lot-add", args=[system.slug]) in page


def test_register_csv(client, register):
    system, admissions = register
    response = client.get(reverse("fps:register-csv", args=[system.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert lines[0].startswith("Lot,Lot title,Provider,")
    assert any("Active Day Care Ltd" in line and ",Admitted," in line for line in lines)
    assert any("Suspended Services Ltd" in line and ",Suspended," in line for line in lines)
    assert any(line.startswith("2,Community Support,Community Only Ltd") for line in lines)
    assert "Removed Provider Ltd" not in content
    # One value per cell (issue 18): a Yes or No column for each care community, no lists.
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [name for name in rows[0] if name.startswith("Serves ")] == [
        f"Serves {AREA_SHORT_NAMES[area]}" for area in Area
    ]
    for row in rows:
        provider = Provider.objects.get(name=row["Provider"])
        assert {area for area in Area if row[f"Serves {AREA_SHORT_NAMES[area]}"] == "Yes"} == set(
            provider.areas_served
        )
        assert all(value in ("Yes", "No") for name, value in row.items() if name.startswith("Serves "))
        assert all("\n" not in value for value in row.values())


def test_register_of_an_unknown_system_is_404(client, db):
    assert client.get(reverse("fps:register", args=["nope"])).status_code == 404


def test_suspend_reinstate_and_remove_through_the_pages(commissioner_client, register, commissioner):
    system, admissions = register
    admission = admissions["active"]
    url = reverse("fps:admission-suspend", args=[admission.pk])
    assert "Enter the reason" in text_of(commissioner_client.post(url, {"reason": ""}))
    response = commissioner_client.post(url, {"reason": "Safeguarding enquiry"})
    assert response.status_code == 302 and response["Location"].endswith("?lot=1")
    admission.refresh_from_db()
    assert admission.status == "suspended" and admission.history.latest().history_user == commissioner
    # Suspending again just says so.
    assert commissioner_client.get(url).status_code == 302
    commissioner_client.post(
        reverse("fps:admission-reinstate", args=[admission.pk]), {"reason": "Enquiry closed"}
    )
    admission.refresh_from_db()
    assert admission.status == "active"
    commissioner_client.post(
        reverse("fps:admission-remove", args=[admission.pk]), {"reason": "Asked to leave"}
    )
    admission.refresh_from_db()
    assert admission.status == "removed"
    response = commissioner_client.get(reverse("fps:register", args=[system.slug]))
    assert admission not in [row.record for row in response.context["table"].rows]


def test_register_changes_are_commissioners_only(client_for, register):
    system, admissions = register
    for role in ["provider", "finance-officer"]:
        url = reverse("fps:admission-remove", args=[admissions["active"].pk])
        assert client_for(role).post(url, {"reason": "x"}).status_code == 403
    admissions["active"].refresh_from_db()
    assert admissions["active"].status == "active"


# Lots and windows ---------------------------------------------------------------------------------------


def test_add_a_lot(commissioner_client, setup):
    system, lots, window = setup
    url = reverse("fps:lot-add", args=[system.slug])
    assert "Add lot 3" in text_of(commissioner_client.get(url))
    assert "Enter the lot's title" in text_of(commissioner_client.post(url, {"title": ""}))
    response = commissioner_client.post(
        url, {"title": "Employment, Skills and Training", "description": "Jobs."}
    )
    assert response.status_code == 302
    assert Lot.objects.get(system=system, number=3).title == "Employment, Skills and Training"


def test_add_a_window_in_uk_time(commissioner_client, setup):
    system, lots, window = setup
    url = reverse("fps:window-add", args=[system.slug])
    year = timezone.localdate().year + 1
    response = commissioner_client.post(
        url,
        {
            "name": f"{year} application window",
            **date_fields("opens_on", f"1/6/{year}"),
            "opens_time": "09:00",
            **date_fields("closes_on", f"30/6/{year}"),
            "closes_time": "5pm",
            **date_fields("evaluation_by", f"31/7/{year}"),
        },
    )
    assert response.status_code == 302
    added = ApplicationWindow.objects.get(name=f"{year} application window")
    # June is British Summer Time: 9am in the UK is 8am UTC.
    assert added.opens_at == datetime.datetime(year, 6, 1, 8, 0, tzinfo=datetime.UTC)
    assert added.closes_at == datetime.datetime(year, 6, 30, 16, 0, tzinfo=datetime.UTC)


def test_a_window_must_not_overlap_and_must_close_after_opening(commissioner_client, setup):
    system, lots, window = setup
    url = reverse("fps:window-add", args=[system.slug])
    today = timezone.localdate()
    overlapping = {
        "name": "Overlapping",
        **date_fields("opens_on", today),
        "opens_time": "09:00",
        **date_fields("closes_on", (today + datetime.timedelta(days=60))),
        "closes_time": "17:00",
    }
    page = text_of(commissioner_client.post(url, overlapping))
    assert "would overlap the Open window" in page
    backwards = {**overlapping, **date_fields("opens_on", "1/6/2030"), **date_fields("closes_on", "1/5/2030")}
    page = text_of(commissioner_client.post(url, backwards))
    assert "The window must close after it opens" in page
    bad_time = {**overlapping, "opens_time": "25:00"}
    assert "Enter the time it opens as a time" in text_of(commissioner_client.post(url, bad_time))
    assert ApplicationWindow.objects.count() == 1


# Navigation and the dashboard ---------------------------------------------------------------------------


def test_navigation_and_dashboard(commissioner_client, provider_client, application):
    home = text_of(commissioner_client.get("/"))
    assert f'href="{reverse("fps:queue")}"' in home
    assert "1 application to evaluate" in home
    assert f'href="{reverse("fps:queue")}"' not in text_of(provider_client.get("/"))
