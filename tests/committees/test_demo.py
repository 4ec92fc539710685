"""The demo loader: reads the files in the FORMAT.md shape, idempotently."""

import io
import json

import pytest

from committees import demo
from committees.models import (
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Minute,
    Person,
    Report,
    ReportReference,
    WorkProgrammeItem,
)

pytestmark = pytest.mark.django_db


def write(folder, name, data):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def demo_dir(tmp_path):
    write(
        tmp_path,
        "people.json",
        [
            {"name": "Councillor J Rhodes", "kind": "councillor", "job_title": "", "organisation": "CEC"},
            {"name": "Councillor A Moran", "kind": "councillor", "job_title": "", "organisation": "CEC"},
            {
                "name": "Helen Charlesworth-May",
                "kind": "officer",
                "job_title": "Director",
                "organisation": "CEC",
            },
        ],
    )
    write(
        tmp_path,
        "committees.json",
        [
            {
                "code": "AH",
                "name": "Adults and Health Committee",
                "kind": "committee",
                "members": [
                    {
                        "person": "Councillor J Rhodes",
                        "role": "chair",
                        "voting": "voting",
                        "from": "2021-05-01",
                    },
                    {
                        "person": "Councillor A Moran",
                        "role": "vice-chair",
                        "voting": "voting",
                        "from": "2021-05-01",
                    },
                ],
            },
            {"code": "CF", "name": "Children and Families Committee", "kind": "committee", "members": []},
        ],
    )
    write(
        tmp_path,
        "meetings/2022-01-18-AH.json",
        {
            "committee": "AH",
            "date": "2022-01-18",
            "time": "10:30",
            "venue": "Council Chamber",
            "status": "minutes-approved",
            "attendance": {
                "chair": "Councillor A Moran",
                "present": ["Councillor A Moran"],
                "apologies": ["Councillor J Rhodes"],
                "substitutes": [{"person": "Councillor B Burkhill", "for": "Councillor J Rhodes"}],
                "officers": ["Helen Charlesworth-May"],
                "also_present": [],
            },
            "declarations": [
                {"person": "Councillor A Moran", "item": "7", "kind": "non-pecuniary", "text": "A carer."}
            ],
            "agenda": [],
            "minutes": [
                {
                    "number": 37,
                    "title": "Apologies for Absence",
                    "text": ["Apologies were received."],
                    "questions": [],
                    "resolution": None,
                    "actions": [],
                },
                {
                    "number": 38,
                    "title": "Day Opportunities",
                    "text": ["The committee considered the report."],
                    "questions": ["How many people attend?"],
                    "resolution": {
                        "unanimous": True,
                        "preamble": "RESOLVED: That",
                        "parts": [
                            {
                                "label": "1",
                                "text": "the report be noted",
                                "parts": [{"label": "a", "text": "and"}],
                            }
                        ],
                    },
                    "actions": [
                        {
                            "text": "Send the figures",
                            "owner": "Helen Charlesworth-May",
                            "due": "2022-03-28",
                            "done": False,
                        }
                    ],
                },
            ],
        },
    )
    write(
        tmp_path,
        "meetings/2022-03-28-AH.json",
        {
            "committee": "AH",
            "date": "2022-03-28",
            "time": "10:30",
            "venue": "Westfields",
            "status": "agenda-published",
            "attendance": {},
            "declarations": [],
            "minutes": [],
            "agenda": [
                {
                    "number": "3",
                    "title": "Minutes of Previous Meeting",
                    "description": "",
                    "part": 1,
                    "minutes_of": "2022-01-18",
                },
                {
                    "number": "6",
                    "title": "Day Opportunities",
                    "description": "",
                    "part": 1,
                    "report": "AH/39/2021-22",
                },
                {"number": "15", "title": "Exempt", "description": "", "part": 2, "exempt_paragraph": "3"},
            ],
        },
    )
    write(
        tmp_path,
        "reports/AH-39-2021-22.json",
        {
            "references": [
                {"committee": "AH", "reference": "AH/39/2021-22", "meeting": "2022-03-28"},
                {"committee": "CF", "reference": "CF/48/21-22", "meeting": ""},
            ],
            "title": "Day Opportunities Flexible Purchasing System",
            "report_of": "Helen Charlesworth-May",
            "report_type": "for-decision",
            "wards_affected": "All Wards",
            "corporate_plan_priorities": ["Fair"],
            "key_decision": True,
            "part": 1,
            "contact_officer": {
                "name": "Jo Bloggs",
                "job_title": "Commissioner",
                "email": "jo@example.gov.uk",
                "phone": "01270",
            },
            "sections": [
                {
                    "number": "1",
                    "heading": "Purpose of the Report",
                    "paragraphs": [{"number": "1.1", "text": "Flexible purchasing."}],
                },
                {
                    "number": "8",
                    "heading": "Implications",
                    "subsections": [
                        {
                            "heading": "Legal Implications",
                            "paragraphs": [{"number": "8.1.1", "text": "Lawful."}],
                        }
                    ],
                },
                {
                    "number": "9",
                    "heading": "Table",
                    "paragraphs": [{"number": "9.1", "table": {"header": ["a"], "rows": [["b"]]}}],
                },
            ],
            "appendices": [{"title": "Appendix 1 - Strategy", "source": "not-transcribed"}],
            "background_papers": ["None"],
            "access_to_information": "Contact the officer.",
        },
    )
    write(
        tmp_path,
        "work-programme.json",
        [
            {
                "reference": "AH/01/22-23",
                "committee": "AH",
                "meeting": "2022-05-30",
                "title": "Carers",
                "purpose": "To approve",
                "for": "decision",
                "lead_officer": "Director",
                "consultation": "Yes",
                "equality_impact_assessment": "Yes",
                "budget_and_policy_framework": "No",
                "corporate_priority": "Fair",
                "exempt_paragraph": "",
            }
        ],
    )
    return tmp_path


def test_loads_everything_in_the_format(demo_dir):
    out = io.StringIO()
    created = demo.load(stdout=out, directory=demo_dir)
    assert created["meetings"] == 2
    assert Membership.objects.get(person__name="Councillor J Rhodes").role == "chair"
    january = Meeting.objects.get(date="2022-01-18")
    march = Meeting.objects.get(date="2022-03-28")
    assert january.municipal_year == "2021-22"
    assert january.minutes_approved_at == march  # approved at the next meeting, as item 3 records
    assert list(january.minutes.values_list("number", flat=True)) == [37, 38]
    minute = Minute.objects.get(number=38)
    assert minute.unanimous and minute.resolution[0]["parts"][0]["label"] == "a"
    assert Action.objects.get().owner.name == "Helen Charlesworth-May"
    substitute = Attendance.objects.get(kind="substitute")
    assert (
        substitute.person.name == "Councillor B Burkhill"
        and substitute.substitute_for.name == "Councillor J Rhodes"
    )
    assert Person.objects.get(name="Councillor B Burkhill").kind == "councillor"  # named only in a meeting
    report = Report.objects.get()
    assert sorted(report.references.values_list("reference", flat=True)) == ["AH/39/2021-22", "CF/48/21-22"]
    assert report.sections.count() == 4 and report.sections.get(heading="Legal Implications").level == 2
    assert "Flexible purchasing" in report.body_text and report.status == Report.Status.PUBLISHED
    assert AgendaItem.objects.get(number="6").report == report
    assert AgendaItem.objects.get(number="15").exempt_paragraph == "3"
    assert WorkProgrammeItem.objects.get().municipal_year == "2022-23"


def test_running_twice_creates_nothing_twice(demo_dir):
    demo.load(stdout=io.StringIO(), directory=demo_dir)
    counts = [
        m.objects.count() for m in (Person, Meeting, Report, ReportReference, AgendaItem, Minute, Attendance)
    ]
    assert demo.load(stdout=io.StringIO(), directory=demo_dir) == {}
    assert counts == [
        m.objects.count() for m in (Person, Meeting, Report, ReportReference, AgendaItem, Minute, Attendance)
    ]


def test_a_report_arriving_after_its_agenda_is_linked_on_the_next_run(demo_dir):
    report_file = demo_dir / "reports" / "AH-39-2021-22.json"
    saved = report_file.read_text()
    report_file.unlink()
    out = io.StringIO()
    demo.load(stdout=out, directory=demo_dir)
    assert "AH/39/2021-22, not there yet" in out.getvalue()
    assert AgendaItem.objects.get(number="6").report is None
    report_file.write_text(saved)
    demo.load(stdout=io.StringIO(), directory=demo_dir)
    assert AgendaItem.objects.get(number="6").report.title == "Day Opportunities Flexible Purchasing System"


def test_missing_files_are_skipped(tmp_path):
    assert demo.load(stdout=io.StringIO(), directory=tmp_path) == {}


def test_bad_json_names_its_file(demo_dir):
    (demo_dir / "meetings" / "2022-04-01-AH.json").write_text("{not json")
    with pytest.raises(demo.DemoDataError, match="2022-04-01-AH.json"):
        demo.load(stdout=io.StringIO(), directory=demo_dir)
    assert not Meeting.objects.exists()  # atomic: nothing half-loaded


def test_the_real_demo_files_load_twice():
    """Whatever the transcription holds so far loads, and a second run adds nothing."""
    demo.load(stdout=io.StringIO())
    assert demo.load(stdout=io.StringIO()) == {}
