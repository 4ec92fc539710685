"""The public online referral: self-referral or on behalf of a carer. The writes (one-time token,
honeypot, rate limit, telling the hub) are the intake service's; this page only maps its outcome."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from portal.forms import add_validation_errors

from .. import services
from ..forms import ReferralForm
from ..services import Outcome

HONEYPOT = "website"
EXPIRED = "This form has expired. Check your answers and send the form again."


@login_not_required
def refer(request):
    token = services.new_form_token()
    if request.method == "POST":
        form = ReferralForm(request.POST)
        valid = form.is_valid()
        result = services.online_referral_submit(
            token=request.POST.get("form_token", ""),
            honeypot=request.POST.get(HONEYPOT, ""),
            client_address=request.META.get("REMOTE_ADDR", ""),
            answers=form.service_arguments() if valid else None,
        )
        if result.outcome in {Outcome.RECEIVED, Outcome.REPEATED, Outcome.DISCARDED}:
            # A bot (DISCARDED) sees the same page, with no reference: it is told nothing different.
            request.session["carers_reference"] = result.referral.reference if result.referral else ""
            return redirect("carers:refer-done")
        if result.outcome == Outcome.RATE_LIMITED:
            return render(request, "carers/rate_limited.html", status=429)
        if result.outcome == Outcome.EXPIRED:
            form.add_error(None, EXPIRED)
        else:
            token = request.POST.get("form_token", "")  # the same form, corrected, is still one referral
            if result.error is not None:
                add_validation_errors(form, result.error)
    else:
        form = ReferralForm()
    return render(
        request,
        "carers/refer.html",
        {
            "form": form,
            "form_token": token,
            "honeypot": HONEYPOT,
            "retention_years": settings.CARERS_RETENTION_YEARS,
        },
    )


@login_not_required
def refer_done(request):
    if "carers_reference" not in request.session:
        return redirect("carers:refer")
    return render(request, "carers/refer_done.html", {"reference": request.session["carers_reference"]})
