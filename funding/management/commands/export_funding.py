"""python manage.py export_funding --format csv|pdf -o <file> [--bcf]

The funding streams appendix (one row per stream, as in the briefing report), or with --bcf the Better
Care Fund scheme table, written to a file: the same data and templates as the pages' downloads.
"""

import csv

from django.core.management.base import BaseCommand, CommandError

from portal.exports import safe_cell
from portal.pdf import render_pdf

from ...exports import APPENDIX_HEADER, BCF_HEADER, appendix_csv_rows, appendix_rows, bcf_csv_rows, bcf_groups


class Command(BaseCommand):
    help = "Export the funding streams appendix (or, with --bcf, the BCF scheme table) as CSV or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "pdf"], required=True, help="csv or pdf")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--bcf", action="store_true", help="the Better Care Fund scheme table instead")

    def handle(self, *args, format, output, bcf, **options):
        if format == "csv":
            header, rows = (
                (BCF_HEADER, bcf_csv_rows()) if bcf else (APPENDIX_HEADER, appendix_csv_rows(appendix_rows()))
            )
            try:
                with open(output, "w", newline="", encoding="utf-8-sig") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(header)
                    writer.writerows([safe_cell(value) for value in row] for row in rows)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error}") from error
        else:
            if bcf:
                groups, totals = bcf_groups()
                schemes = sorted((s for g in groups for s in g["schemes"]), key=lambda s: s.scheme_id)
                data = render_pdf(
                    "funding/pdf/bcf.html", {"schemes": schemes, "groups": groups, "totals": totals}
                )
            else:
                data = render_pdf("funding/pdf/appendix.html", {"rows": appendix_rows()})
            try:
                with open(output, "wb") as handle:
                    handle.write(data)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error}") from error
        self.stdout.write(f"Wrote {output}")
