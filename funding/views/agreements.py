"""Finance officers keep the Better Care Fund's section 75 agreements and the services in scope of each, on
the pages beside its schemes (/funding/bcf/). The same idiom as the other set-up pages (views.setup):
removing asks first and why, and is refused, with the reason, while anything depends on it."""

from __future__ import annotations

from django.urls import reverse

from portal.confirm import confirm_or_refuse
from portal.history import record_history
from portal.templatetags.govuk import govuk_date

from .. import queries, services
from ..forms import AgreementForm, ReasonForm, ServiceInScopeForm, initial_for
from .common import manage_money
from .setup import record_page


@manage_money
def agreement_add(request):
    return record_page(
        request,
        AgreementForm(request.POST or None),
        lambda data, reason: services.agreement_create(data=data, by=request.user, reason=reason),
        lambda agreement: f"{agreement.name} is added: you can now add its schemes and services in scope.",
        "funding:bcf",
        "funding/agreement_form.html",
        {"agreement": None, "back_url": reverse("funding:bcf")},
    )


@manage_money
def agreement_edit(request, pk):
    agreement = queries.get_agreement_for_user(request.user, pk)
    return record_page(
        request,
        AgreementForm(request.POST or None, initial=initial_for(agreement, services.AGREEMENT_FIELDS)),
        lambda data, reason: services.agreement_update(
            agreement=agreement, data=data, by=request.user, reason=reason
        ),
        "The agreement is updated.",
        "funding:bcf",
        "funding/agreement_form.html",
        {
            "agreement": agreement,
            "history": record_history(agreement, limit=20),
            "back_url": reverse("funding:bcf"),
        },
    )


@manage_money
def agreement_delete(request, pk):
    agreement = queries.get_agreement_for_user(request.user, pk)
    back = reverse("funding:bcf")
    return confirm_or_refuse(
        request,
        title=f"Remove {agreement.name}?",
        caption="Better Care Fund",
        summary=[
            ("Agreement", agreement.name),
            ("Term", f"{govuk_date(agreement.starts_on)} to {govuk_date(agreement.ends_on)}"),
        ],
        warning="The agreement is removed from the Better Care Fund page. Its history is kept.",
        button="Remove agreement",
        refusal=services.agreement_removal_refusal(agreement),
        refused_title=f"{agreement.name} cannot be removed",
        back=back,
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.agreement_delete(
                agreement=agreement, by=request.user, reason=form.cleaned_data["reason"]
            ),
            (f"{agreement.name} is removed.", back),
        )[1],
    )


@manage_money
def service_add(request, pk):
    agreement = queries.get_agreement_for_user(request.user, pk)
    return record_page(
        request,
        ServiceInScopeForm(request.POST or None),
        lambda data, reason: services.service_create(
            agreement=agreement, data=data, by=request.user, reason=reason
        ),
        lambda service: f"{service.name} is added to the services in scope.",
        "funding:bcf",
        "funding/service_in_scope_form.html",
        {"agreement": agreement, "service": None, "back_url": reverse("funding:bcf")},
    )


@manage_money
def service_edit(request, pk):
    service = queries.get_service_in_scope_for_user(request.user, pk)
    return record_page(
        request,
        ServiceInScopeForm(request.POST or None, initial=initial_for(service, services.SERVICE_FIELDS)),
        lambda data, reason: services.service_update(
            service=service, data=data, by=request.user, reason=reason
        ),
        "The service in scope is updated.",
        "funding:bcf",
        "funding/service_in_scope_form.html",
        {
            "agreement": service.agreement,
            "service": service,
            "history": record_history(service, limit=20),
            "back_url": reverse("funding:bcf"),
        },
    )


@manage_money
def service_delete(request, pk):
    service = queries.get_service_in_scope_for_user(request.user, pk)
    back = reverse("funding:bcf")
    return confirm_or_refuse(
        request,
        title=f"Remove {service.name} from the services in scope?",
        caption=service.agreement.name,
        summary=[("Service", service.name), ("Notes", service.notes or "None")],
        warning="The service leaves the agreement's services in scope. Its history is kept.",
        button="Remove service",
        back=back,
        form=ReasonForm(request.POST or None),
        action=lambda form: (
            services.service_delete(service=service, by=request.user, reason=form.cleaned_data["reason"]),
            (f"{service.name} is removed from the services in scope.", back),
        )[1],
    )
