"""Every PDF the portal makes from the demo data passes the PDF/UA checks (issue 18, ADR 062).

The demo data is loaded once for this module (as `load_demo` loads it, rolled back afterwards) and every
kind of PDF is built once from it: each committee report, each meeting's minutes and public agenda pack
(front sheet, reports, minutes, work programme, matters arising and the live scorecard appendix), the
scorecard appendix as stored for a committee, each published scorecard version, the market position
statement, each FPS selection questionnaire, an FPS application PDF for each status an application of the
demo is in, the carers subject-access PDF of the carers with the most referrals and the most people cared
for, and the funding appendix and Better Care Fund schemes. Each is then checked by `tests/pdf_checks.py`:
the pikepdf structure-tree walk (every page reachable, every TH scoped, no bare caption, PDF 1.7, marked,
/Lang, DisplayDocTitle) and the `pdfua` checker's errors and warnings.

So that no print template is left out, the build records the templates it renders and the test fails if
a print template (a page of its own under a `pdf` folder, or `scorecard/pdf.html`) was never rendered,
unless `NOT_FROM_THE_DEMO_DATA` names it with the reason and says where it is checked instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test.signals import template_rendered
from django.utils import timezone

from tests.pdf_checks import pdfua_findings, structure_problems


def print_templates() -> set[str]:
    """Every print template that is a document of its own (partials start with "_"; `pdf/base.html` is
    what the others extend)."""
    found = set()
    for root in (Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])):
        for path in root.rglob("*.html"):
            name = path.relative_to(root).as_posix()
            in_pdf_folder = "pdf" in Path(name).parent.parts
            if (in_pdf_folder or path.stem == "pdf") and not path.name.startswith("_"):
                found.add(name)
    return found - {"pdf/base.html"} - set(NOT_FROM_THE_DEMO_DATA)


# Print templates the demo data never uses, and where they are checked instead.
NOT_FROM_THE_DEMO_DATA = {
    # No demo meeting has a "Matters arising" item: tests/committees/test_actions.py checks that pack.
    "committees/pdf/matters_arising.html": "no matters arising in the demo data",
    # Not a document: the "Page N" footer stamped on uploaded appendices, and the demo has no uploaded
    # appendix (ADR 062 says what is checked of a pack with one).
    "committees/pdf/page_numbers.html": "no uploaded appendix in the demo data",
}


def builders():
    """(name, build) for every PDF of the demo data; each build returns the PDF's bytes."""
    from django.db.models import Count

    from commissioning.carers.models import Carer
    from commissioning.carers.subject_access import subject_access_data
    from commissioning.fps.history import application_history
    from commissioning.fps.models import Application, PurchasingSystem
    from commissioning.fps.services.documents import questionnaire_pdf
    from commissioning.fps.views.evaluation import evaluation_data
    from commissioning.market import statement_pdf
    from committees import agenda_pack
    from committees import documents as committee_documents
    from committees.models import Appendix, Meeting, Report
    from funding.exports import appendix_rows, bcf_groups
    from portal.documents import html_to_pdf
    from portal.models import User
    from portal.pdf import render_pdf
    from scorecard import documents as scorecard_documents
    from scorecard.models import ScorecardVersion

    for report in Report.objects.order_by("pk"):
        yield f"report {report.pk}", lambda r=report: html_to_pdf(committee_documents.report_html(str(r.pk)))
    for meeting in Meeting.objects.order_by("date", "pk"):
        if meeting.minutes.exists():
            yield (
                f"minutes {meeting.pk}",
                lambda m=meeting: html_to_pdf(committee_documents.minutes_html(str(m.pk))),
            )
        yield f"agenda pack {meeting.pk}", lambda m=meeting: agenda_pack.pack_pdf(m)
    for appendix in Appendix.objects.filter(source=Appendix.Source.SCORECARD).order_by("pk"):
        yield (
            f"scorecard appendix {appendix.pk}",
            lambda a=appendix: committee_documents.scorecard_appendix_pdf(str(a.pk)),
        )
    for version in ScorecardVersion.objects.order_by("pk"):
        yield (
            f"scorecard version {version.pk}",
            lambda v=version: html_to_pdf(scorecard_documents.version_html(str(v.pk))),
        )
    yield "market position statement", statement_pdf.render
    for system in PurchasingSystem.objects.order_by("pk"):
        yield f"FPS questionnaire {system.pk}", lambda s=system: questionnaire_pdf(s)
    officer = User.objects.filter(is_staff=True).order_by("pk").first()
    one_per_status = {}
    for application in Application.objects.order_by("pk"):
        one_per_status.setdefault(application.status, application)
    for status, application in sorted(one_per_status.items()):
        yield (
            f"FPS application {application.reference} ({status})",
            lambda a=application: render_pdf(
                "pdf/fps_application.html",
                {
                    **evaluation_data(a),
                    "history": application_history(a),
                    "produced_at": timezone.now(),
                    "produced_by": officer,
                },
            ),
        )
    carers = Carer.objects.annotate(held=Count("referrals", distinct=True))
    chosen = {
        carers.order_by("-held", "pk").first(),
        Carer.objects.annotate(cared=Count("caring_links")).order_by("-cared", "pk").first(),
    }
    for carer in sorted(chosen, key=lambda c: c.pk):
        yield (
            f"carer {carer.pk} subject access",
            lambda c=carer: render_pdf(
                "carers/pdf/subject_access.html", {"data": subject_access_data(c), "carer": c}
            ),
        )
    yield "funding appendix", lambda: render_pdf("funding/pdf/appendix.html", {"rows": appendix_rows()})

    def bcf():
        groups, totals = bcf_groups()
        schemes = sorted((s for group in groups for s in group["schemes"]), key=lambda s: s.scheme_id)
        return render_pdf("funding/pdf/bcf.html", {"schemes": schemes, "groups": groups, "totals": totals})

    yield "Better Care Fund schemes", bcf


@pytest.fixture(scope="module")
def demo_pdfs(django_db_setup, django_db_blocker):
    """{name: PDF bytes} for every PDF of the demo data, and the print templates rendered to make them."""
    rendered: set[str] = set()

    def record(sender, template, context, **kwargs):
        if template.name:
            rendered.add(template.name)

    template_rendered.connect(record)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", quiet=True, allow_production=True)
            pdfs = {name: build() for name, build in builders()}
            transaction.set_rollback(True)
    finally:
        template_rendered.disconnect(record)
    return pdfs, rendered


def test_every_pdf_of_the_demo_data_passes_the_pdfua_checks(demo_pdfs):
    """One test, so that the demo's PDFs are built once (two tests could run on two xdist workers)."""
    pdfs, rendered = demo_pdfs
    never_rendered = sorted(print_templates() - rendered)
    assert not never_rendered, f"print templates no PDF of the demo data used: {never_rendered}"
    assert any(name.startswith("agenda pack") for name in pdfs)
    assert any(name.startswith("FPS application") for name in pdfs)
    problems = {}
    for name, data in pdfs.items():
        found = structure_problems(data) + pdfua_findings(data)
        if found:
            problems[name] = sorted(set(found))
    assert not problems, "\n".join(f"{name}: {'; '.join(found)}" for name, found in problems.items())
