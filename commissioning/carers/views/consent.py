"""A carer's consents as records (hub workers and assessors): what stands now, every decision, and
recording a new one (given, or withdrawn: a withdrawal takes effect at once)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.forms import add_validation_errors

from .. import services
from ..forms import ConsentForm
from ..models import CONSENT_FIELDS, ConsentKind
from ..tables import ConsentTable
from .fetch import get_carer_for_user, posted, require_case_worker


def carer_consent(request, pk):
    carer = get_carer_for_user(request.user, pk)
    require_case_worker(request.user)
    form = ConsentForm(posted(request), initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(carer=carer, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The consent decision is recorded.")
            return redirect("carers:consent", pk=carer.pk)
    services.record_view(user=request.user, carer=carer, what="consent")
    records = list(carer.consents.select_related("recorded_by"))
    latest = {}
    for record in records:
        latest.setdefault(record.kind, record)
    current = [
        (kind.label, getattr(carer, CONSENT_FIELDS[kind]), latest.get(kind.value)) for kind in ConsentKind
    ]
    return render(
        request,
        "carers/consent.html",
        {
            "carer": carer,
            "current": current,
            "table": ConsentTable(records),
            "form": form,
            "can_record": not carer.anonymised_at,
        },
    )
