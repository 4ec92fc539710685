"""The PDFs: a report, minutes, and the agenda pack whose page ranges come from its documents."""

import io
import re

import pypdf
import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from committees import agenda_pack, demo, pdf, services
from committees.models import AgendaItem, Meeting, Report, ReportReference
from portal.pdf import page_texts

pytestmark = pytest.mark.django_db

# An agenda line on the front sheet: "6. Day Opportunities Flexible Purchasing System (Pages 11 - 17)".
RANGE = re.compile(r"^(\d{1,2})\. (.+?) \(Pages (\d+) - (\d+)\)", re.MULTILINE)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def demo_data():
    demo.load(stdout=io.StringIO())
    return Meeting.objects.get(committee__code="AH", date="2022-03-28")


def front_sheet_ranges(texts: list[str]) -> list[tuple[str, str, int, int]]:
    """The ranges printed on the front sheet: the pages before the first "Minutes of a meeting"."""
    sheet = []
    for text in texts:
        if "Minutes of a meeting" in text:
            break
        sheet.append(text)
    found = RANGE.findall("\n".join(sheet))
    return [(number, title.strip(), int(first), int(last)) for number, title, first, last in found]


def tagged_pages(data: bytes) -> tuple[dict, set[int]]:
    """The catalogue, and the pages (0-based) that the one structure tree's elements point to."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    found, stack, seen = set(), [reader.trailer["/Root"]["/StructTreeRoot"].get_object()], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/Pg" in node:
                found.add(numbers.get(node.raw_get("/Pg").idnum))
            if "/K" in node:
                stack.append(node.raw_get("/K"))
    return reader.trailer["/Root"], found


def test_demo_pack_front_sheet_ranges_match_the_pages(demo_data):
    data = agenda_pack.pack_pdf(demo_data)
    texts = page_texts(data)
    for number, text in enumerate(texts, start=1):
        assert flat(text).endswith(f"Page {number}"), f"page {number} is numbered wrongly"
    ranges = front_sheet_ranges(texts)
    numbers = [r[0] for r in ranges]
    # Items with documents: previous minutes, the six transcribed reports, the work programme, HWB minutes.
    assert numbers == ["3", "6", "7", "8", "9", "10", "11", "12", "14", "15"]
    first_document_page = ranges[0][2]
    assert "Minutes of a meeting of the Adults and Health Committee" in flat(texts[first_document_page - 1])
    for (_, title, first, last), following in zip(ranges, [*ranges[1:], None], strict=True):
        assert first <= last
        if following:
            assert following[2] == last + 1, (
                f"{title}: the next document starts at {following[2]}, not {last + 1}"
            )
        else:
            assert last == len(texts)
    starts = {r[0]: flat(texts[r[2] - 1]) for r in ranges}
    assert "Day Opportunities Flexible Purchasing System" in starts["6"]
    assert "AH/39/2021-22" in starts["6"]
    assert "AH/41/21-22" in starts["11"]
    assert "Work Programme" in starts["14"]
    assert "Health and Wellbeing Board" in starts["15"]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Adults and Health Committee, 28 March 2022: agenda pack"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    # One tagged PDF/UA document: one structure tree over every page (front sheet, minutes, reports).
    root, tagged = tagged_pages(data)
    assert root["/MarkInfo"]["/Marked"]
    assert tagged == set(range(len(texts)))
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_pack_merges_appendices_numbered_on_and_leaves_out_part_2(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = ReportReference.objects.get(reference="AH/41/21-22").report
    appendix_pdf = weasyprint.HTML(string="<p>The BCF plan itself</p>").write_pdf()
    services.appendix_add(
        report=report, title="Appendix 1 - BCF plan", upload=SimpleUploadedFile("a.pdf", appendix_pdf)
    )
    secret = Report.objects.create(
        title="Exempt contract prices", part=2, exempt_paragraph="3", status="published"
    )
    services.reference_issue(report=secret, committee=demo_data.committee, meeting=demo_data)
    AgendaItem.objects.create(
        meeting=demo_data,
        position=16,
        number="16",
        title="Contract award",
        part=2,
        exempt_paragraph="3",
        report=secret,
    )
    data = agenda_pack.pack_pdf(demo_data)
    raw = page_texts(data)
    texts = [flat(t) for t in raw]
    ranges = {r[0]: r for r in front_sheet_ranges(raw)}
    # The appendix is the last page of item 11's range, carrying the pack's page number.
    last = ranges["11"][3]
    assert texts[last - 1] == f"The BCF plan itself Page {last}"
    assert all("Exempt contract prices" not in t for t in texts)
    # The pack's own pages stay tagged; the appendix's page is put in untagged.
    root, tagged = tagged_pages(data)
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert tagged == set(range(len(texts))) - {last - 1}
    assert "16. Contract award" in " ".join(texts[:3]) and "paragraph 3" in " ".join(texts[:3])
    assert "16" not in ranges


def test_report_pdf_has_its_title_language_and_numbered_paragraphs(demo_data, client):
    report = ReportReference.objects.get(reference="AH/39/2021-22").report
    response = client.get(reverse("committees:report-pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Day Opportunities Flexible Purchasing System")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    text = flat(" ".join(page_texts(response.content)))
    for expected in [
        "Report Reference No: AH/39/2021-22",
        "1. Purpose of the Report",
        "1.1",
        "Access to Information",
    ]:
        assert expected in text
    assert "Page 1" in text


def test_minutes_pdf_of_demo_meeting(demo_data, client):
    january = Meeting.objects.get(committee__code="AH", date="2022-01-18")
    response = client.get(reverse("committees:minutes-pdf", args=[january.pk]))
    assert response.status_code == 200
    text = flat(" ".join(page_texts(response.content)))
    assert "Councillor A Moran (Vice-Chair, in the Chair)" in text
    for number in range(37, 49):
        assert re.search(rf"\b{number} [A-Z0-9]", text), f"minute {number} missing"


def test_pack_prepared_and_downloaded_from_the_meeting_page(demo_data, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("committees:pack-pdf", args=[demo_data.pk])
    assert client.get(url).status_code == 404  # not prepared yet
    client.post(reverse("committees:pack-prepare", args=[demo_data.pk]))  # built inline in tests
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert pdf.page_count(data) > 40
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.title.endswith("agenda pack")


def test_export_pdf_command(demo_data, tmp_path):
    out = io.StringIO()
    call_command("export_pdf", "report", "AH/39/2021-22", str(tmp_path / "r.pdf"), stdout=out)
    assert "Wrote" in out.getvalue() and pdf.page_count((tmp_path / "r.pdf").read_bytes()) >= 5
    january = Meeting.objects.get(committee__code="AH", date="2022-01-18")
    call_command("export_pdf", "minutes", str(january.pk), str(tmp_path / "m.pdf"), stdout=out)
    assert pdf.page_count((tmp_path / "m.pdf").read_bytes()) >= 5
    err = io.StringIO()
    call_command("export_pdf", "pack", str(demo_data.pk), str(tmp_path / "p.pdf"), stdout=out, stderr=err)
    assert "Agenda pack" in err.getvalue()  # the progress bar
    assert pdf.page_count((tmp_path / "p.pdf").read_bytes()) > 40


@pytest.mark.parametrize(
    "args, message",
    [
        (["report", "XX/1/2021-22"], "No report has the reference XX/1/2021-22"),
        (["minutes", "abc"], "A meeting id is a number"),
        (["pack", "999999"], "No meeting has the id 999999"),
    ],
)
def test_export_pdf_bad_input(demo_data, tmp_path, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("export_pdf", *args, str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_the_demo_pack_has_one_footer_a_page_no_orphaned_numbers_and_govuk_times(demo_data):
    """Issue 14: the live scorecard appendix carried its own "Page 1" under the pack's "Page 39"; a
    paragraph number ("3.4") could stay at the foot of a page while its text went to the next; the front
    sheet said "10.30 am"."""
    from tests.scorecard.factories import published_quarter

    published_quarter(count=3, year_start=2021, quarter=3)
    texts = page_texts(agenda_pack.pack_pdf(demo_data))
    for number, text in enumerate(texts, start=1):
        assert re.findall(r"\bPage \d+\b", text) == [f"Page {number}"], f"page {number}'s footers"
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        bare = [line for line in lines if re.fullmatch(r"\d+\.\d+(\.\d+)?\.?", line)]
        assert not bare, f"page {number}: paragraph numbers without their text: {bare}"
    assert "Time: 10:30am" in flat(texts[0]) and "a.m." not in flat(texts[0])
