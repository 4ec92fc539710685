"""A published scorecard version's PDF as a stored document (portal/documents.py, ADR 026): the scorecard
is public, so its PDF is built once per version by the task worker and served from storage; no request
renders it (issue 13, item 2). The PDF shows no internal row keys, so one file serves every reader; it is
made from the public rows all the same, so it can never show what the public may not read."""

from __future__ import annotations

from portal import documents
from portal.pdf import render_html

from . import exports
from .models import ScorecardVersion, is_analyst
from .queries import public_row

VERSION_PDF = "scorecard-version-pdf"


def version_html(key: str) -> str:
    version = ScorecardVersion.objects.select_related("scorecard_quarter__year").get(pk=int(key))
    quarter = version.scorecard_quarter
    rows = [public_row(row) for row in exports.rows_of(quarter, version)]
    return render_html("scorecard/pdf.html", exports.pdf_context(quarter, rows, version))


def version_filename(version: ScorecardVersion) -> str:
    return exports.filename(version.scorecard_quarter, version, "pdf")


def register() -> None:
    documents.register(
        documents.DocumentKind(
            name=VERSION_PDF,
            gather=version_html,
            filename=version_filename,
            build_inline_for=is_analyst,  # analysts who have just published see it at once
        )
    )
