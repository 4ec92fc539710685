"""python manage.py export_scorecard --year 2021-22 --quarter 3 --format pdf|xlsx|csv -o <file>

Exports the latest published version of the quarter (or, with --draft, the current draft), exactly as
the page's downloads do."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scorecard import exports
from scorecard.models import FinancialYear, ScorecardQuarter


class Command(BaseCommand):
    help = "Export a scorecard quarter as PDF, XLSX or CSV in the published layout."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="The financial year, like 2021-22")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx", "csv"], dest="fmt")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--draft", action="store_true", help="Export the draft, not the published version."
        )

    def handle(self, *args, year, quarter, fmt, output, draft=False, **options):
        start = FinancialYear.parse(year)
        if start is None:
            raise CommandError(f"'{year}' is not a financial year: write it like 2021-22.")
        scorecard_quarter = (
            ScorecardQuarter.objects.select_related("year")
            .filter(year__start_year=start, quarter=quarter)
            .first()
        )
        if scorecard_quarter is None:
            raise CommandError(f"There is no scorecard for quarter {quarter} {year}.")
        version = None if draft else scorecard_quarter.versions.order_by("-number").first()
        if version is None and not draft:
            raise CommandError(
                f"Quarter {quarter} {year} has not been published: use --draft to export the draft."
            )
        rows = exports.rows_of(scorecard_quarter, version)
        Path(output).write_bytes(exports.render(fmt, scorecard_quarter, rows, version))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
