"""The carers hub's pages. Personal data is fetched only through `visible_to(user)`, so any other role
(commissioner, provider, anonymous) gets 404 for a carer's or referral's URL, and every view of a
carer's record is logged."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.forms import add_validation_errors
from portal.pdf import pdf_response, render_pdf

from . import services
from .filters import CaseloadFilter
from .forms import STEP_FORMS, AllocationForm, CaredForForm, CarerForm, ContactForm, ReferralForm
from .models import (
    OUTCOME_MEASURES,
    CatalogueService,
    FormAttempt,
    Need,
    RecordView,
    Referral,
    Status,
)
from .models import Carer as CarerModel
from .statistics import financial_year_of, year_statistics
from .tables import CaseloadTable, status_tag

TOKEN_SALT = "carers.referral-form"  # noqa: S105 - a signing salt, not a password
TOKEN_MAX_AGE = 24 * 60 * 60
HONEYPOT = "website"
CASELOAD_ORDER = ["-is_crisis", "-received_at", "-id"]  # crisis first, then newest (the indexes' order)


# --- Fetching: 404 for anyone who may not see the record ----------------------------------------------
def get_referral_for_user(user, reference: str) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(user).select_related("carer", "assessor"), reference=reference
    )


def get_carer_for_user(user, pk: int) -> CarerModel:
    return get_object_or_404(CarerModel.objects.visible_to(user), pk=pk)


def notify_attention(request, referral: Referral, recipients: list[str]) -> None:
    """Tell staff a referral needs attention: a link only, never personal data."""
    if not recipients:
        return
    link = request.build_absolute_uri(referral.get_absolute_url())
    send_mail(
        "A referral needs attention",
        f"A referral to the Carers Hub needs attention. Sign in to see it:\n\n{link}\n",
        None,
        recipients,
    )


def assessor_emails() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=perms.Role.SOCIAL_CARE_ASSESSOR.label, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


# --- The public online referral -----------------------------------------------------------------------
def client_key(request) -> str:
    """A keyed hash of the sender's address: the rate limit never stores the address itself."""
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def rate_limited(key: str) -> bool:
    """True when this address has sent CARERS_FORM_RATE_LIMIT forms within the window. Counted in the
    database under an advisory lock on the key, so it holds across web processes."""
    since = timezone.now() - timedelta(minutes=settings.CARERS_FORM_RATE_WINDOW_MINUTES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
    FormAttempt.objects.filter(created_at__lt=since - timedelta(days=1)).delete()
    return (
        FormAttempt.objects.filter(key=key, created_at__gte=since).count() >= settings.CARERS_FORM_RATE_LIMIT
    )


def new_form_token() -> str:
    return signing.dumps(secrets.token_urlsafe(24), salt=TOKEN_SALT)


@login_not_required
def refer(request):
    """Self-referral or referral on behalf of a carer. The form carries a signed one-time token: the
    same form sent twice (a double click) makes one referral."""
    if request.method == "POST":
        form = ReferralForm(request.POST)
        token = request.POST.get("form_token", "")
        try:
            raw_token = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raw_token = None
        if raw_token is None:
            form.is_valid()
            form.add_error(None, "This form has expired. Check your answers and send the form again.")
            token = new_form_token()
        elif (existing := Referral.objects.filter(form_token=raw_token).first()) is not None:
            request.session["carers_reference"] = existing.reference
            return redirect("carers:refer-done")
        elif request.POST.get(HONEYPOT):
            # A bot filled the hidden field: it is told nothing different and nothing is kept.
            request.session["carers_reference"] = ""
            return redirect("carers:refer-done")
        elif form.is_valid():
            with transaction.atomic():
                key = client_key(request)
                if rate_limited(key):
                    return render(request, "carers/rate_limited.html", status=429)
                try:
                    with transaction.atomic():
                        referral = services.referral_receive(**form.service_arguments(), form_token=raw_token)
                    FormAttempt.objects.create(key=key)
                except IntegrityError:
                    # The same form, sent again while the first was being saved.
                    referral = Referral.objects.filter(form_token=raw_token).first()
                    if referral is None:
                        raise
                except ValidationError as error:
                    add_validation_errors(form, error)
                    referral = None
            if referral is not None:
                notify_attention(request, referral, [settings.CARERS_HUB_EMAIL])
                request.session["carers_reference"] = referral.reference
                return redirect("carers:refer-done")
    else:
        form = ReferralForm()
        token = new_form_token()
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


# --- Hub staff ----------------------------------------------------------------------------------------
@permission_required(perms.VIEW_CARERS_REFERRALS, raise_exception=True)
def caseload(request):
    caseload_filter = CaseloadFilter(
        request.GET,
        # The order is spelled out (not left to Meta) so DeepPageQuerySet fetches deep pages in two steps.
        queryset=Referral.objects.visible_to(request.user).select_related("carer").order_by(*CASELOAD_ORDER),
    )
    table = CaseloadTable(caseload_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "carers/caseload.html", {"filter": caseload_filter, "table": table})


@permission_required(perms.CHANGE_CARERS_REFERRALS, raise_exception=True)
def referral_new(request):
    """Hub staff enter a referral made by telephone, face to face or email."""
    form = ReferralForm(request.POST or None, staff=True)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_receive(**form.service_arguments(), by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} is on the caseload.")
            return redirect(referral)
    return render(
        request,
        "carers/referral_new.html",
        {"form": form, "retention_years": settings.CARERS_RETENTION_YEARS},
    )


@permission_required(perms.ASSESS_CARERS_REFERRALS, raise_exception=True)
def assessor_list(request):
    """The referrals sent to social care: this assessor's, and those no assessor has taken yet."""
    referrals = Referral.objects.visible_to(request.user).select_related("carer").order_by(*CASELOAD_ORDER)
    waiting = CaseloadTable(
        referrals.filter(status__in=[Status.ASSESSOR_REVIEW, Status.SOCIAL_CARE]), prefix="waiting-"
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(waiting)
    return render(request, "carers/assessor_list.html", {"table": waiting})


def referral_detail(request, reference):
    referral = get_referral_for_user(request.user, reference)
    services.record_view(user=request.user, carer=referral.carer, referral=referral, what="referral")
    user = request.user
    return render(
        request,
        "carers/referral.html",
        {
            "referral": referral,
            "carer": referral.carer,
            "status_tag": status_tag(referral),
            "cared_for": referral.carer.cared_for.all(),
            "allocations": referral.allocations.select_related("service", "allocated_by"),
            "contacts": referral.contacts.select_related("by")[:50],
            "steps": services.next_steps(referral, user),
            "can_allocate": services.may_allocate(referral, user),
            "can_add_contact": referral.is_open,
            "can_change_carer": may_change_carer(user, referral.carer),
            "contact_form": ContactForm(initial={"contacted_on": timezone.localdate().strftime("%d/%m/%Y")}),
            "outcomes": [
                (label, getattr(referral, f"get_{field}_display")())
                for field, label in OUTCOME_MEASURES.items()
            ],
            "history": referral.history.select_related("history_user").order_by("-history_date")[:30],
        },
    )


STEP_SERVICES = {
    "contacted": lambda r, by, d: services.referral_mark_contacted(referral=r, by=by, notes=d["notes"]),
    "assessment": lambda r, by, d: services.referral_record_assessment(referral=r, by=by, **d),
    "need": lambda r, by, d: services.referral_set_need(referral=r, by=by, level=d["level"]),
    "assessor-review": lambda r, by, d: services.referral_assessor_review(referral=r, by=by, **d),
    "social-care-assessed": lambda r, by, d: services.referral_social_care_assessed(referral=r, by=by, **d),
    "plan": lambda r, by, d: services.referral_record_plan(referral=r, by=by, **d),
    "review": lambda r, by, d: services.referral_record_review(referral=r, by=by, **d),
    "close": lambda r, by, d: services.referral_close(
        referral=r,
        by=by,
        reason=d["reason"],
        notes=d["notes"],
        outcomes={field: d[field] for field in OUTCOME_MEASURES},
    ),
}


def referral_step(request, reference, step):
    """A next step of the pathway: GET shows its form (a confirmation for destructive steps), POST does it."""
    if step not in services.STEPS:
        raise Http404("No such step")
    referral = get_referral_for_user(request.user, reference)
    definition = services.STEPS[step]
    if not request.user.has_perm(definition.permission):
        raise PermissionDenied("Your role cannot take this step.")
    if referral.status not in definition.from_statuses:
        messages.info(request, f"'{definition.label}' is not a next step for this referral now.")
        return redirect(referral)
    form = STEP_FORMS[step](request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            STEP_SERVICES[step](referral, request.user, form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            referral.refresh_from_db()
            if step == "need" and referral.level_of_need in {Need.MODERATE, Need.HIGH}:
                notify_attention(request, referral, assessor_emails())
            messages.success(request, f"{definition.label}: done. Status: {referral.get_status_display()}.")
            return redirect(referral)
    return render(
        request,
        "carers/step.html",
        {"referral": referral, "step": definition, "step_name": step, "form": form},
    )


def referral_allocate(request, reference):
    referral = get_referral_for_user(request.user, reference)
    if not services.may_allocate(referral, request.user):
        raise PermissionDenied("Support cannot be allocated to this referral by your role now.")
    tiers = [Need.LOW]
    if request.user.has_perm(perms.ASSESS_CARERS_REFERRALS):
        tiers = [Need.LOW, Need.MODERATE, Need.HIGH][: services.TIER_RANK.get(referral.level_of_need, 0) + 1]
    form = AllocationForm(request.POST or None, services=CatalogueService.objects.filter(tier__in=tiers))
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_add(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{allocation.service.name} is allocated.")
            return redirect(referral)
    return render(request, "carers/allocate.html", {"referral": referral, "form": form})


@require_POST
def referral_add_contact(request, reference):
    referral = get_referral_for_user(request.user, reference)
    if not (
        request.user.has_perm(perms.CHANGE_CARERS_REFERRALS)
        or request.user.has_perm(perms.ASSESS_CARERS_REFERRALS)
    ):
        raise PermissionDenied
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The contact is logged.")
            return redirect(referral)
    return render(request, "carers/contact.html", {"referral": referral, "form": form})


# --- The carer's record, its access log and subject access export -------------------------------------
def carer_detail(request, pk):
    carer = get_carer_for_user(request.user, pk)
    services.record_view(user=request.user, carer=carer, what="carer record")
    return render(
        request,
        "carers/carer.html",
        {
            "carer": carer,
            "cared_for": carer.cared_for.all(),
            "referrals": Referral.objects.visible_to(request.user).filter(carer=carer),
            "can_export": request.user.has_perm(perms.EXPORT_CARER_DATA),
            "can_see_log": request.user.has_perm(perms.VIEW_CARERS_ACCESS_LOG),
            "can_change": may_change_carer(request.user, carer),
        },
    )


# --- Keeping the carer's record up to date: hub workers only ------------------------------------------
def may_change_carer(user, carer: CarerModel) -> bool:
    return user.has_perm(perms.CHANGE_CARERS_REFERRALS) and not carer.anonymised_at


def get_carer_to_change(request, pk: int) -> CarerModel:
    """404 for anyone who may not see the carer; 403 for a role that sees it but may not change it."""
    carer = get_carer_for_user(request.user, pk)
    if not request.user.has_perm(perms.CHANGE_CARERS_REFERRALS):
        raise PermissionDenied("Your role cannot change a carer's record.")
    return carer


def return_to(request, carer: CarerModel) -> tuple[str, str]:
    """Where the page goes back to: the referral it was opened from (`?referral=CH-...`, if this user
    sees it and it is this carer's), otherwise the carer's record."""
    reference = request.GET.get("referral", "")
    if reference:
        referral = (
            Referral.objects.visible_to(request.user)
            .filter(carer=carer, reference=reference)
            .only("reference")
            .first()
        )
        if referral is not None:
            return referral.get_absolute_url(), f"Back to referral {referral.reference}"
    return carer.get_absolute_url(), "Back to the carer's record"


def posted(request):
    return request.POST if request.method == "POST" else None


def carer_edit(request, pk):
    carer = get_carer_to_change(request, pk)
    back_url, back_label = return_to(request, carer)
    if carer.anonymised_at:
        messages.info(request, "This carer's record has been anonymised: it cannot be changed.")
        return redirect(back_url)
    form = CarerForm(posted(request), initial=CarerForm.initial_for(carer))
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_update(carer=carer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The carer's details are saved.")
            return redirect(back_url)
    services.record_view(user=request.user, carer=carer, what="carer record (change details)")
    return render(
        request,
        "carers/carer_edit.html",
        {"carer": carer, "form": form, "back_url": back_url, "back_label": back_label},
    )


def cared_for_form(request, pk, person_pk=None):
    """Add a person the carer looks after (no person_pk) or change one."""
    carer = get_carer_to_change(request, pk)
    back_url, back_label = return_to(request, carer)
    if carer.anonymised_at:
        messages.info(request, "This carer's record has been anonymised: it cannot be changed.")
        return redirect(back_url)
    person = get_object_or_404(carer.cared_for, pk=person_pk) if person_pk is not None else None
    form = CaredForForm(posted(request), initial=CaredForForm.initial_for(person) if person else None)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                services.cared_for_add(carer=carer, by=request.user, **form.cleaned_data)
            else:
                services.cared_for_update(cared_for=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, "The person they care for is added." if person is None else "The changes are saved."
            )
            return redirect(back_url)
    services.record_view(user=request.user, carer=carer, what="cared-for people (change)")
    return render(
        request,
        "carers/cared_for_form.html",
        {"carer": carer, "person": person, "form": form, "back_url": back_url, "back_label": back_label},
    )


def cared_for_remove(request, pk, person_pk):
    """GET: are you sure? POST: remove the person (the last one cannot be removed)."""
    carer = get_carer_to_change(request, pk)
    back_url, back_label = return_to(request, carer)
    if carer.anonymised_at:
        messages.info(request, "This carer's record has been anonymised: it cannot be changed.")
        return redirect(back_url)
    person = get_object_or_404(carer.cared_for, pk=person_pk)
    form = forms.Form(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cared_for_remove(cared_for=person, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The person they cared for is removed from the record.")
            return redirect(back_url)
    services.record_view(user=request.user, carer=carer, what="cared-for people (change)")
    return render(
        request,
        "carers/cared_for_remove.html",
        {"carer": carer, "person": person, "form": form, "back_url": back_url, "back_label": back_label},
    )


def carer_access_log(request, pk):
    carer = get_carer_for_user(request.user, pk)  # 404 first: the URL says nothing to other roles
    if not request.user.has_perm(perms.VIEW_CARERS_ACCESS_LOG):
        raise PermissionDenied
    views = RecordView.objects.filter(carer=carer).select_related("user", "referral")[:500]
    return render(request, "carers/access_log.html", {"carer": carer, "views": views})


def subject_access_data(carer: CarerModel) -> dict:
    """Everything the hub holds about a carer, as plain data (the JSON export and the PDF's content)."""
    referrals = []
    for referral in carer.referrals.prefetch_related("allocations__service", "contacts").order_by(
        "received_at"
    ):
        referrals.append(
            {
                "reference": referral.reference,
                "received_at": referral.received_at,
                "route": referral.get_route_display(),
                "referred_by": referral.get_referrer_type_display(),
                "referrer_name": referral.referrer_name,
                "referrer_organisation": referral.referrer_organisation,
                "reason": referral.reason,
                "urgent": referral.is_crisis,
                "urgency_reason": referral.get_crisis_reason_display(),
                "status": referral.get_status_display(),
                "level_of_need": referral.get_level_of_need_display(),
                "assessed_on": referral.assessed_on,
                "plan_agreed_on": referral.plan_agreed_on,
                "review_due_on": referral.review_due_on,
                "closed_at": referral.closed_at,
                "closure_reason": referral.get_closure_reason_display(),
                "support": [
                    {
                        "service": a.service.name,
                        "allocated_at": a.allocated_at,
                        "amount": a.amount,
                        "notes": a.notes,
                    }
                    for a in referral.allocations.all()
                ],
                "contacts": [
                    {"date": c.contacted_on, "how": c.get_method_display(), "notes": c.notes}
                    for c in referral.contacts.all()
                ],
            }
        )
    return {
        "carer": {
            "first_name": carer.first_name,
            "last_name": carer.last_name,
            "date_of_birth": carer.date_of_birth,
            "email": carer.email,
            "telephone": carer.phone,
            "address": [carer.address_line_1, carer.address_line_2, carer.town, carer.postcode],
            "gp_practice": carer.gp_practice,
            "school": carer.school,
            "preferred_contact": carer.get_preferred_contact_display(),
            "consents": {
                "store_details": carer.consent_to_store,
                "share_with_gp": carer.consent_to_share_with_gp,
                "contact": carer.consent_to_contact,
            },
            "parent_carer": carer.is_parent_carer,
            "working_carer": carer.is_working_carer,
            "caring_hours_per_week": carer.caring_hours_per_week,
        },
        "cared_for": [
            {
                "relationship": p.get_relationship_display(),
                "age": p.get_age_band_display(),
                "main_reason_for_care": p.get_primary_support_reason_display(),
                "social_care_respite": p.has_social_care_respite,
            }
            for p in carer.cared_for.all()
        ],
        "referrals": referrals,
        "exported_at": timezone.now(),
    }


def carer_export_json(request, pk):
    carer = get_carer_for_user(request.user, pk)  # 404 first: the URL says nothing to other roles
    if not request.user.has_perm(perms.EXPORT_CARER_DATA):
        raise PermissionDenied
    services.record_view(user=request.user, carer=carer, what="subject access export (JSON)")
    body = json.dumps(subject_access_data(carer), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="carer-{carer.pk}-subject-access.json"'
    return response


def carer_export_pdf(request, pk):
    carer = get_carer_for_user(request.user, pk)  # 404 first: the URL says nothing to other roles
    if not request.user.has_perm(perms.EXPORT_CARER_DATA):
        raise PermissionDenied
    services.record_view(user=request.user, carer=carer, what="subject access export (PDF)")
    data = render_pdf("carers/pdf/subject_access.html", {"data": subject_access_data(carer), "carer": carer})
    return pdf_response(f"carer-{carer.pk}-subject-access.pdf", data, inline=False)


# --- Commissioners: numbers only ----------------------------------------------------------------------
@permission_required(perms.VIEW_CARERS_STATISTICS, raise_exception=True)
def statistics(request):
    this_year = financial_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2015 <= year <= this_year:
        year = this_year
    return render(
        request,
        "carers/statistics.html",
        {
            "stats": year_statistics(year),
            "years": list(range(this_year, this_year - 5, -1)),
            "statistics_url": reverse("carers:statistics"),
        },
    )
