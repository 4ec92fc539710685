"""Background work for the market pages: building the whole statement's PDF (statement_pdf.py).

It runs in a `python manage.py db_worker` process (django-tasks' database backend); in tests the immediate
backend runs it inline."""

from __future__ import annotations

import logging

from django_tasks import task

from .models import StatementPdf

logger = logging.getLogger(__name__)


@task()
def build_statement_pdf(document_id: int) -> None:
    from . import statement_pdf

    document = StatementPdf.objects.filter(pk=document_id, status=StatementPdf.Status.PENDING).first()
    if document is None:  # already built, or given up on
        return
    try:
        statement_pdf.build(document)
    except Exception as error:  # recorded on the row, so the page can say the build failed
        logger.exception("The market position statement PDF %s failed", document_id)
        StatementPdf.objects.filter(pk=document_id).update(
            status=StatementPdf.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
