"""URL arguments for the committees' rows in tests/test_permission_matrix.py: each builds what it needs."""

import datetime

from django.core.files.base import ContentFile

from committees.agenda_pack import pack_fingerprint
from committees.models import Action, AgendaPack, Appendix, Meeting, Report
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MinuteFactory,
    ReportFactory,
    add_section,
)


def committee(fx):
    return {"slug": CommitteeFactory(slug="matrix-committee").slug}


def meeting(fx):
    return {"pk": MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED).pk}


def meeting_with_pack(fx):
    """A published agenda with a current pack built: its download answers; preparing it again does nothing."""
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    pack = AgendaPack(meeting=meeting, status=AgendaPack.Status.DONE, fingerprint=pack_fingerprint(meeting))
    pack.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    pack.save()
    return {"pk": meeting.pk}


def scheduled_meeting(fx):
    return {"pk": MeetingFactory(date=datetime.date(2030, 1, 1), status=Meeting.Status.SCHEDULED).pk}


def approved_minutes(fx):
    return {"pk": MinuteFactory().meeting_id}


def published_report(fx):
    return {"pk": ReportFactory().pk}


def draft_report(fx):
    """A draft nobody in the matrix wrote: democratic services act on it; a report author cannot see it."""
    return {"pk": ReportFactory(status=Report.Status.DRAFT).pk}


def published_appendix(fx):
    appendix = Appendix(report=ReportFactory(), title="Appendix 1")
    appendix.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    appendix.save()
    return {"pk": appendix.pk}


def agenda_item(fx):
    return {"pk": AgendaItemFactory().pk}


def action(fx):
    return {"pk": Action.objects.create(minute=MinuteFactory(), text="Send the figures").pk}


def draft_decision(fx):
    from committees.models import Decision
    from tests.committees.factories import CommitteeFactory as Committees

    decision = Decision.objects.create(
        title="Matrix decision",
        decision="Agreed.",
        committee=Committees(),
        decided_on=datetime.date(2022, 3, 28),
    )
    return {"pk": decision.pk}


def draft_section(fx):
    report = ReportFactory(status=Report.Status.DRAFT)
    return {"pk": add_section(report).pk}


def approved_minute(fx):
    minute = MinuteFactory()
    return {"pk": minute.meeting_id, "number": minute.number}


def attendance_row(fx):
    from committees.models import Attendance
    from tests.committees.factories import PersonFactory

    return {
        "pk": Attendance.objects.create(meeting=MeetingFactory(), person=PersonFactory(), kind="present").pk
    }


def work_programme_item(fx):
    from committees.models import WorkProgrammeItem

    committee = CommitteeFactory()
    return {
        "pk": WorkProgrammeItem.objects.create(committee=committee, reference="AH/01/30-31", title="Item").pk
    }


def membership(fx):
    from tests.committees.factories import MembershipFactory

    return {"pk": MembershipFactory().pk}


def declaration(fx):
    from committees.models import Declaration
    from tests.committees.factories import PersonFactory

    return {
        "pk": Declaration.objects.create(
            meeting=MeetingFactory(), person=PersonFactory(), text="A non-pecuniary interest."
        ).pk
    }


def person(fx):
    from tests.committees.factories import PersonFactory

    return {"pk": PersonFactory().pk}


def draft_appendix(fx):
    """A listed appendix of a draft nobody in the matrix wrote."""
    appendix = Appendix.objects.create(
        report=ReportFactory(status=Report.Status.DRAFT), title="Appendix 1", source="not-transcribed"
    )
    return {"pk": appendix.pk}


def member(fx):
    from tests.committees.factories import MembershipFactory

    return {"pk": MembershipFactory().person_id}


def registered_interest(fx):
    from committees.models import RegisteredInterest
    from tests.committees.factories import PersonFactory

    record = RegisteredInterest.objects.create(
        person=PersonFactory(),
        kind="employment",
        organisation="Matrix Care Ltd",
        details="Director",
        registered_from=datetime.date(2021, 5, 1),
    )
    return {"pk": record.pk}


def interest_rows(h) -> dict:
    """The register of members' interests: public pages; democratic services change it."""
    manage = {"anonymous": h.LOGIN, "democratic-services": 200}
    return {
        "committees:interests": h.everyone(200),
        "committees:member-interests": h.Row({}, default=200, kwargs=member),
        "committees:interest-add": h.Row(manage, default=403, kwargs=member),
        "committees:interest-edit": h.Row(manage, default=403, kwargs=registered_interest),
        "committees:interest-end": h.Row(manage, default=403, kwargs=registered_interest),
        "committees:interest-remove": h.Row(manage, default=403, kwargs=registered_interest),
    }


def subscription_rows(h) -> dict:
    """Subscriptions and feeds: public, no sign-in; a link that does not verify is a 404 page."""
    return {
        "committees:meetings-feed": h.everyone(200),
        "committees:committee-feed": h.Row({}, default=200, kwargs=committee),
        "committees:subscribe": h.Row({}, default=200, kwargs=committee),
        "committees:subscribe-sent": h.Row({}, default=200, kwargs=committee),
        "committees:subscription-confirm": h.Row({}, default=404, kwargs=lambda fx: {"token": "bad"}),
        "committees:unsubscribe": h.Row({}, default=404, kwargs=lambda fx: {"token": "bad"}),
    }


def rows(h) -> dict:
    """The committees' rows of the permission matrix (tests/test_permission_matrix.py): public pages for
    everyone; democratic services manage; report authors draft."""
    return {
        **interest_rows(h),
        **subscription_rows(h),
        "committees:index": h.everyone(200),
        "committees:meetings": h.everyone(200),
        "committees:meetings-ical": h.everyone(200),
        "committees:search": h.everyone(200),
        "committees:committee": h.Row({}, default=200, kwargs=committee),
        "committees:committee-ical": h.Row({}, default=200, kwargs=committee),
        "committees:work-programme": h.Row({}, default=200, kwargs=committee),
        "committees:meeting": h.Row({}, default=200, kwargs=meeting),
        "committees:pack-pdf": h.Row({}, default=200, kwargs=meeting_with_pack),
        "committees:pack-prepare": h.Row({}, default=h.REDIRECT, method="post", kwargs=meeting_with_pack),
        "committees:minutes": h.Row({}, default=200, kwargs=approved_minutes),
        "committees:minutes-pdf": h.Row({}, default=200, kwargs=approved_minutes),
        "committees:report": h.Row({}, default=200, kwargs=published_report),
        "committees:report-pdf": h.Row({}, default=200, kwargs=published_report),
        "committees:appendix": h.Row({}, default=200, kwargs=published_appendix),
        "committees:meeting-create": h.signed_in(403, **h.by_role(democratic_services=200)),
        "committees:meeting-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=meeting
        ),
        "committees:agenda-publish": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200},
            default=403,
            kwargs=scheduled_meeting,
        ),
        "committees:agenda-item-add": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=meeting
        ),
        "committees:attendance": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=meeting
        ),
        "committees:minute-add": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=meeting
        ),
        "committees:minutes-approve": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=meeting
        ),
        "committees:agenda-item-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=agenda_item
        ),
        "committees:agenda-item-move": h.Row(  # 400: the matrix posts no direction
            {"anonymous": h.LOGIN, "democratic-services": 400},
            default=403,
            method="post",
            kwargs=agenda_item,
        ),
        "committees:actions": h.signed_in(403, **h.by_role(democratic_services=200)),
        "committees:minute-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200},
            default=403,
            kwargs=approved_minute,
        ),
        "committees:attendance-remove": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": h.REDIRECT},
            default=403,
            method="post",
            kwargs=attendance_row,
        ),
        "committees:agenda-item-remove": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": h.REDIRECT},
            default=403,
            method="post",
            kwargs=agenda_item,
        ),
        "committees:committee-create": h.signed_in(403, **h.by_role(democratic_services=200)),
        "committees:person-add": h.signed_in(403, **h.by_role(democratic_services=200)),
        "committees:committee-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=committee
        ),
        "committees:committee-end": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=committee
        ),
        "committees:committee-reinstate": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": h.REDIRECT}, default=403, kwargs=committee
        ),
        "committees:membership-add": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=committee
        ),
        "committees:work-programme-add": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=committee
        ),
        "committees:work-programme-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200},
            default=403,
            kwargs=work_programme_item,
        ),
        "committees:work-programme-delete": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200},
            default=403,
            kwargs=work_programme_item,
        ),
        "committees:membership-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=membership
        ),
        "committees:membership-end": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=membership
        ),
        # An action is seen by democratic services and its owner (none here): anyone else gets 404.
        "committees:action-done": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": h.REDIRECT},
            default=404,
            method="post",
            kwargs=action,
        ),
        # Decisions: the register and published decisions are public; drafts only democratic services'.
        "committees:decisions": h.Row({}, default=200),
        "committees:decision": h.Row({"democratic-services": 200}, default=404, kwargs=draft_decision),
        "committees:decision-create": h.Row({"anonymous": h.LOGIN, "democratic-services": 200}, default=403),
        "committees:decision-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=draft_decision
        ),
        "committees:decision-publish": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=draft_decision
        ),
        "committees:action": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=404, kwargs=action
        ),
        "committees:action-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=action
        ),
        "committees:action-create": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=approved_minutes
        ),
        "committees:reports": h.signed_in(403, **h.by_role(democratic_services=200, report_author=200)),
        "committees:report-create": h.signed_in(403, **h.by_role(democratic_services=200, report_author=200)),
        "committees:report-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_report,
        ),
        "committees:section-add": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_report,
        ),
        "committees:section-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_section,
        ),
        "committees:appendix-add": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_report,
        ),
        "committees:appendix-add-scorecard": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_report,
        ),
        "committees:report-submit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": h.REDIRECT, "report-author": 404},
            default=403,
            method="post",
            kwargs=draft_report,
        ),
        "committees:report-publish": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": h.REDIRECT},
            default=403,
            method="post",
            kwargs=draft_report,
        ),
        "committees:report-return": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=draft_report
        ),
        "committees:meeting-delete": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200},
            default=403,
            kwargs=scheduled_meeting,
        ),
        "committees:declarations": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=meeting
        ),
        "committees:declaration-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=declaration
        ),
        "committees:declaration-remove": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=declaration
        ),
        "committees:people": h.signed_in(403, **h.by_role(democratic_services=200)),
        "committees:person-edit": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200}, default=403, kwargs=person
        ),
        "committees:report-delete": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_report,
        ),
        "committees:section-delete": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_section,
        ),
        "committees:appendix-delete": h.Row(
            {"anonymous": h.LOGIN, "democratic-services": 200, "report-author": 404},
            default=403,
            kwargs=draft_appendix,
        ),
        "committees:appendix-move": h.Row(  # 400: the matrix posts no direction
            {"anonymous": h.LOGIN, "democratic-services": 400, "report-author": 404},
            default=403,
            method="post",
            kwargs=draft_appendix,
        ),
    }
