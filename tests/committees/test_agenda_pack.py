"""The agenda pack as a background task (docs/adr/007): prepared from the meeting page, built by the task
(inline here: the test settings use django-tasks' immediate backend), stored privately, downloaded
through the agenda's access check, and stale once the meeting's documents change."""

import pytest
from django.urls import reverse

from committees import agenda_pack, pdf, services
from committees.agenda_pack import pack_fingerprint
from committees.models import AgendaPack, Paragraph
from committees.tasks import build_agenda_pack
from portal.pdf import page_texts
from portal.permissions import Role

pytestmark = pytest.mark.django_db

PREPARE = "Prepare the agenda pack"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def page(client, meeting):
    response = client.get(reverse("committees:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def prepare(client, meeting):
    return client.post(reverse("committees:pack-prepare", args=[meeting.pk]))


def test_prepare_builds_the_pack_and_the_page_offers_it(client, business, media):
    march = business["march"]
    html = page(client, march)
    assert PREPARE in html and "Download the agenda pack" not in html
    response = prepare(client, march)
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:meeting", args=[march.pk]) + "#agenda-pack"
    pack = AgendaPack.objects.get(meeting=march)
    assert pack.status == AgendaPack.Status.DONE and pack.progress_percent == 100
    assert pack.public and pack.task_id and pack.started_at and pack.finished_at
    assert pack.fingerprint == pack_fingerprint(march)
    stored = media / pack.file.name
    assert stored.exists() and pack.pages == pdf.page_count(stored.read_bytes()) > 1
    html = page(client, march)
    assert "Download the agenda pack" in html and PREPARE not in html and 'http-equiv="refresh"' not in html
    download = client.get(reverse("committees:pack-pdf", args=[march.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    data = b"".join(download.streaming_content)
    assert data == stored.read_bytes()
    text = " ".join(page_texts(data))
    assert "Day Opportunities Flexible Purchasing System" in text
    # Part 2 stays out of the public pack: its title is on the front sheet, its report is not.
    assert "Exempt respite prices" not in text and "Secret draft" not in text
    # A current pack is not built twice.
    assert prepare(client, march).status_code == 302
    assert AgendaPack.objects.filter(meeting=march).count() == 1


def test_progress_is_shown_while_the_pack_is_being_prepared(client, business):
    march = business["march"]
    AgendaPack.objects.create(
        meeting=march,
        status=AgendaPack.Status.RUNNING,
        progress_percent=40,
        progress_message="Day Opportunities Flexible Purchasing System",
        fingerprint=pack_fingerprint(march),
    )
    html = page(client, march)
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Being prepared" in html and "40% done: Day Opportunities Flexible Purchasing System" in html
    assert PREPARE not in html and "Download the agenda pack" not in html
    assert prepare(client, march).status_code == 302
    assert AgendaPack.objects.filter(meeting=march).count() == 1
    assert client.get(reverse("committees:pack-pdf", args=[march.pk])).status_code == 404


def test_a_failing_build_is_recorded_as_failed(client_for, business, monkeypatch):
    march = business["march"]

    def broken(meeting, **kwargs):
        raise RuntimeError("WeasyPrint could not lay out the front sheet")

    monkeypatch.setattr(agenda_pack, "lay_out", broken)
    anonymous = client_for("anonymous")
    assert prepare(anonymous, march).status_code == 302
    pack = AgendaPack.objects.get(meeting=march)
    assert pack.status == AgendaPack.Status.FAILED and pack.finished_at
    assert pack.error == "RuntimeError: WeasyPrint could not lay out the front sheet"
    assert not pack.file
    html = page(anonymous, march)
    assert "could not be prepared" in html and "WeasyPrint" not in html  # the public is not shown the error
    assert "Prepare the agenda pack again" in html
    staff = page(client_for(Role.DEMOCRATIC_SERVICES), march)
    assert "The error was: RuntimeError: WeasyPrint could not lay out the front sheet" in staff
    assert anonymous.get(reverse("committees:pack-pdf", args=[march.pk])).status_code == 404
    # Trying again, once the fault is mended, builds it.
    monkeypatch.undo()
    prepare(anonymous, march)
    assert AgendaPack.objects.latest_for(march).status == AgendaPack.Status.DONE


def test_the_task_builds_only_a_queued_pack(business):
    march = business["march"]
    pack = AgendaPack.objects.create(meeting=march, status=AgendaPack.Status.DONE)
    result = build_agenda_pack.enqueue(pack.pk)
    assert result.status == "SUCCESSFUL"
    pack.refresh_from_db()
    assert pack.status == AgendaPack.Status.DONE and not pack.file


def test_download_and_prepare_respect_the_agenda_access(client_for, business):
    scheduled = business["scheduled"]  # the agenda is not published
    anonymous, author = client_for("anonymous"), client_for(Role.REPORT_AUTHOR)
    staff = client_for(Role.DEMOCRATIC_SERVICES)
    for client in (anonymous, author):
        assert prepare(client, scheduled).status_code == 404
        assert client.get(reverse("committees:pack-pdf", args=[scheduled.pk])).status_code == 404
    assert not AgendaPack.objects.filter(meeting=scheduled).exists()
    assert prepare(staff, scheduled).status_code == 302
    assert AgendaPack.objects.get(meeting=scheduled).status == AgendaPack.Status.DONE
    assert staff.get(reverse("committees:pack-pdf", args=[scheduled.pk])).status_code == 200
    assert anonymous.get(reverse("committees:pack-pdf", args=[scheduled.pk])).status_code == 404
    assert anonymous.get(reverse("committees:pack-prepare", args=[scheduled.pk])).status_code == 405


def test_a_pack_is_stale_when_the_documents_change(client, business, media):
    march = business["march"]
    prepare(client, march)
    first = AgendaPack.objects.get(meeting=march)
    assert "have changed since this pack was prepared" not in page(client, march)
    paragraph = Paragraph.objects.filter(section__report=business["published"]).first()
    services.paragraph_update(paragraph=paragraph, number=paragraph.number, text="A changed paragraph.")
    assert pack_fingerprint(march) != first.fingerprint
    html = page(client, march)
    assert "have changed since this pack was prepared" in html
    assert "Download the agenda pack" in html and "Prepare the agenda pack again" in html
    prepare(client, march)
    second = AgendaPack.objects.latest_for(march)
    assert second.pk != first.pk and second.status == AgendaPack.Status.DONE
    first_file = media / first.file.name
    first.refresh_from_db()
    assert not first.file and not first_file.exists()  # only the newest file is kept
    assert "A changed paragraph." in " ".join(page_texts(second.file.open("rb").read()))
    html = page(client, march)
    assert "have changed since" not in html and PREPARE not in html


@pytest.mark.parametrize(
    "change",
    [
        "agenda item title",
        "appendix added",
        "previous minutes",
        "meeting venue",
    ],
)
def test_fingerprint_follows_what_the_pack_shows(business, change):
    march = business["march"]
    before = pack_fingerprint(march)
    assert pack_fingerprint(march) == before  # stable
    if change == "agenda item title":
        item = march.agenda_items.first()
        item.title = "Another title"
        item.save()
    elif change == "appendix added":
        services.appendix_add(report=business["published"], title="Appendix 1", upload=None)
    elif change == "previous minutes":
        minute = business["minute"]
        minute.paragraphs = ["Changed."]
        minute.save()
    else:
        march.venue = "Another room"
        march.save()
    assert pack_fingerprint(march) != before


def test_this_meetings_own_minutes_do_not_make_its_pack_stale(business):
    from tests.committees.factories import MinuteFactory

    march = business["march"]
    before = pack_fingerprint(march)
    MinuteFactory(meeting=march, number=90)
    assert pack_fingerprint(march) == before


def running_pack(meeting, minutes_ago: int) -> AgendaPack:
    import datetime

    from django.utils import timezone

    then = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return AgendaPack.objects.create(
        meeting=meeting,
        status=AgendaPack.Status.RUNNING,
        progress_percent=40,
        progress_message="Day Opportunities Flexible Purchasing System",
        started_at=then - datetime.timedelta(minutes=1),
        progress_at=then,
        fingerprint=pack_fingerprint(meeting),
    )


def test_a_pack_silent_for_too_long_is_failed_and_can_be_prepared_again(client_for, business):
    """A worker that dies mid-build leaves its pack "running": after 10 minutes with no progress the page
    shows it as failed and offers to prepare it again, which records the failure and builds a new one."""
    march = business["march"]
    stuck = running_pack(march, minutes_ago=11)
    anonymous = client_for("anonymous")
    html = page(anonymous, march)
    assert 'http-equiv="refresh"' not in html and "Being prepared" not in html
    assert "could not be prepared: it stopped before it was finished" in html
    assert "Prepare the agenda pack again" in html and "Timed out" not in html
    staff = page(client_for(Role.DEMOCRATIC_SERVICES), march)
    assert "The error was: Timed out: no progress for more than 10 minutes" in staff
    stuck.refresh_from_db()
    assert stuck.status == AgendaPack.Status.RUNNING  # showing the page changes nothing
    assert prepare(anonymous, march).status_code == 302
    stuck.refresh_from_db()
    assert stuck.status == AgendaPack.Status.FAILED and stuck.finished_at
    assert stuck.error == "Timed out: no progress for more than 10 minutes"
    fresh = AgendaPack.objects.latest_for(march)
    assert fresh.pk != stuck.pk and fresh.status == AgendaPack.Status.DONE
    assert fresh.progress_at >= fresh.started_at  # the build records when it last made progress
    assert "Download the agenda pack" in page(anonymous, march)


def test_a_pack_making_progress_is_left_to_finish(client, business, settings):
    march = business["march"]
    running_pack(march, minutes_ago=5)
    html = page(client, march)
    assert '<meta http-equiv="refresh" content="5">' in html and "Being prepared" in html
    assert PREPARE not in html
    prepare(client, march)
    assert AgendaPack.objects.filter(meeting=march).count() == 1
    settings.COMMITTEES_PACK_TIMEOUT_MINUTES = 3  # the limit is a setting
    assert "Prepare the agenda pack again" in page(client, march)
