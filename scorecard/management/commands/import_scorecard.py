"""python manage.py import_scorecard <file> --year 2021-22 [--quarter 3]: the upload page's import, from
the command line. Every problem is listed and nothing changes unless the whole file is good."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from scorecard import importer, services
from scorecard.models import FinancialYear


class Command(BaseCommand):
    help = "Import a scorecard spreadsheet (.xlsx or .csv, laid out like the published appendix)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", required=True, help="The financial year, like 2021-22")
        parser.add_argument(
            "--quarter",
            type=int,
            choices=[1, 2, 3, 4],
            help="The quarter (default: the last one with figures)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show the changes without making them.")

    def handle(self, *args, file, year, quarter=None, dry_run=False, **options):
        start = FinancialYear.parse(year)
        if start is None:
            raise CommandError(f"'{year}' is not a financial year: write it like 2021-22.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}.")
        data = path.read_bytes()
        fy = FinancialYear(start_year=start)
        if quarter is None:
            quarter = self.last_quarter(data, path.name, fy)
        errors, plan = importer.check_file(data=data, filename=path.name, year=fy, quarter=quarter)
        if errors or plan.locked:
            raise CommandError("Nothing was imported:\n" + "\n".join(errors or plan.locked))
        for change in plan.changes:
            self.stdout.write(
                f"Row {change.row}, {change.what}: {change.old!r} -> {change.new!r} ({change.measure})"
            )
        if dry_run:
            self.stdout.write(f"{len(plan.changes)} change(s) would be made (dry run: nothing changed).")
            return
        record = services.scorecard_import_upload(
            data=data, filename=path.name, start_year=start, quarter=quarter, user=None
        )
        try:
            changes = services.scorecard_import_apply(record=record, user=None)
        except ValidationError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported quarter {quarter} {fy.label}: {changes} change(s)."))

    def last_quarter(self, data: bytes, filename: str, year: FinancialYear) -> int:
        """The last quarter column with any figure in it."""
        try:
            rows = importer.read_rows(data, filename)
            columns, _ = importer.check_layout(rows, year)
        except importer.FileRefused as refused:
            raise CommandError(str(refused)) from None
        last = 1
        for q in range(1, 5):
            column = columns[importer.table.KEYS.index(f"q{q}")]
            if any(column < len(row) and row[column] for row in rows[1:]):
                last = q
        return last
