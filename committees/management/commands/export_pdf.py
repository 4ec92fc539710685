"""Committee PDFs for officers and scripts: `export_pdf report AH/39/2021-22 out.pdf`,
`export_pdf minutes <meeting id> out.pdf`, `export_pdf pack <meeting id> out.pdf` (with a progress bar)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from committees import agenda_pack, pdf, queries
from committees.models import Meeting, ReportReference


class Command(BaseCommand):
    help = "Write a committee report, a meeting's minutes or a meeting's public agenda pack as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["report", "minutes", "pack"])
        parser.add_argument("identifier", help="a report reference (AH/39/2021-22) or a meeting id")
        parser.add_argument("out", type=Path, help="the PDF file to write")

    def handle(self, *args, kind, identifier, out, **options):
        if kind == "report":
            reference = ReportReference.objects.select_related("report").filter(reference=identifier).first()
            if reference is None:
                raise CommandError(f"No report has the reference {identifier}")
            data = pdf.report_pdf(reference.report)
        else:
            if not identifier.isdigit():
                raise CommandError(f"A meeting id is a number, not {identifier!r}")
            meeting = Meeting.objects.select_related("committee").filter(pk=int(identifier)).first()
            if meeting is None:
                raise CommandError(f"No meeting has the id {identifier}")
            if kind == "minutes":
                if not meeting.minutes.exists():
                    raise CommandError(f"The meeting {meeting} has no minutes recorded")
                data = pdf.render("committees/pdf/minutes.html", queries.minutes_context(meeting))
            else:
                sources = agenda_pack.gather(meeting.pk)
                steps = 2 + len(sources.documents)
                with tqdm(total=steps, desc="Agenda pack", unit="document", file=self.stderr._out) as bar:

                    def progress(label):
                        bar.set_postfix_str(label[:40])
                        bar.update(1)

                    data = agenda_pack.lay_out(sources, progress=progress)
        out.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {out} ({pdf.page_count(data)} pages)"))
