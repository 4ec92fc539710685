from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal import permissions as perms
from portal.accounts import send_invitation
from portal.confirm import confirm_or_refuse
from portal.exports import csv_response
from portal.forms import GovukForm, add_validation_errors
from portal.forms.providers import MAX_TYPED, provider_label
from portal.history import events, newest_first, record_history

from . import services
from .filters import ProviderFilter
from .forms import AccountForm, DeactivateForm, InviteForm, ProviderForm, RemoveMemberForm
from .models import Provider, ProviderMembership
from .tables import MemberTable, ProviderTable


def get_provider_for_user(user, slug: str) -> Provider:
    """404 unless the user may see this provider (staff with the register, or its own users)."""
    return get_object_or_404(Provider.objects.visible_to(user), slug=slug)


def get_provider_to_edit(user, slug: str) -> Provider:
    """404 if the user may not see it; 403 if they may see it but not change it."""
    provider = get_provider_for_user(user, slug)
    if not Provider.objects.editable_by(user).filter(pk=provider.pk).exists():
        raise PermissionDenied("You cannot change this provider's details.")
    return provider


@login_not_required
def register(request):
    """Step 1: the organisation and the account. Nothing is made yet: an email goes to the address (a
    link to finish, or, if it has an account already, a reminder to sign in) and the page says the same
    either way (issue 13)."""
    if request.user.is_authenticated:
        messages.info(request, "You are already signed in. Sign out to register another organisation.")
        return redirect("home")
    organisation_form = ProviderForm(request.POST or None, prefix="org")
    account_form = AccountForm(request.POST or None, prefix="account")
    if request.method == "POST" and organisation_form.is_valid() and account_form.is_valid():
        services.registration_start(
            organisation=organisation_form.cleaned_data, account=account_form.cleaned_data
        )
        request.session["registration_email"] = account_form.cleaned_data["email"]
        return redirect("providers:register-sent")
    return render(
        request,
        "providers/register.html",
        {"organisation_form": organisation_form, "account_form": account_form},
    )


@login_not_required
def register_sent(request):
    email = request.session.get("registration_email")
    if not email:
        return redirect("providers:register")
    context = {"email": email, "days": services.REGISTRATION_LINK_DAYS}
    return render(request, "providers/register_sent.html", context)


@login_not_required
def register_confirm(request, token: str):
    """Step 2, from the emailed link: a button (so a mail scanner that opens links finishes nothing)."""
    if request.user.is_authenticated:
        messages.info(
            request, "You are already signed in. Sign out to finish registering another organisation."
        )
        return redirect("home")
    registration = services.registration_pending(token[:100])
    if registration is None:
        return render(request, "providers/register_expired.html", status=404)
    # No fields (a POST is only the button): the form carries the reasons it could not finish.
    form = GovukForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The register may have changed since the form was filled in: its checks run again.
        organisation = ProviderForm(data=registration.organisation)
        if not organisation.is_valid():
            for errors in organisation.errors.values():
                form.add_error(None, errors)
    if request.method == "POST" and form.is_valid():
        try:
            provider, user = services.registration_complete(token=token[:100])
        except ValidationError as error:
            add_validation_errors(form, error)
        except IntegrityError:
            form.add_error(
                None, "This organisation was registered a moment ago by someone else. Register again."
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop("registration_email", None)
            messages.success(request, f"{provider.name} is registered. You are signed in as {user.email}.")
            return redirect(provider)
    context = {"registration": registration, "form": form}
    return render(request, "providers/register_confirm.html", context, status=400 if form.errors else 200)


def filtered_providers(request):
    """The list page's query: also what the CSV export streams, so both show the same rows."""
    return ProviderFilter(request.GET, queryset=Provider.objects.visible_to(request.user))


@permission_required(perms.VIEW_PROVIDER_REGISTER, raise_exception=True)
def provider_list(request):
    provider_filter = filtered_providers(request)
    show_standing = request.user.has_perm(perms.VIEW_QUALITY)
    rows = provider_filter.qs.select_related("quality") if show_standing else provider_filter.qs
    table = ProviderTable(rows, show_standing=show_standing)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "providers/list.html",
        {
            "filter": provider_filter,
            "table": table,
            "can_export": request.user.has_perm(perms.EXPORT_PROVIDER_REGISTER),
        },
    )


@permission_required(perms.EXPORT_PROVIDER_REGISTER, raise_exception=True)
def provider_export(request):
    provider_filter = filtered_providers(request)
    if not provider_filter.is_valid():
        return redirect("providers:list")
    header = [
        "Organisation",
        "Companies House number",
        "Charity number",
        "CQC provider ID",
        "Address line 1",
        "Address line 2",
        "Town",
        "Postcode",
        "Areas served",
        "Services",
        "Main contact",
        "Contact email",
        "Contact telephone",
        "Status",
        "Registered",
        "Demo data",
    ]
    rows = (
        [
            p.name,
            p.companies_house_number,
            p.charity_number,
            p.cqc_provider_id,
            p.address_line_1,
            p.address_line_2,
            p.town,
            p.postcode,
            "; ".join(p.area_labels()),
            "; ".join(p.service_labels()),
            p.contact_name,
            p.contact_email,
            p.contact_phone,
            "Active" if p.is_active else "Deactivated",
            timezone.localtime(p.created_at).date().isoformat(),
            "yes" if p.is_demo else "no",
        ]
        for p in provider_filter.qs.order_by("name", "pk").iterator(chunk_size=2000)
    )
    return csv_response(f"provider-register-{timezone.localdate().isoformat()}.csv", header, rows)


def member_subject(record) -> str:
    """Names the member in a membership's history row (the provider's own rows have no subject)."""
    user = record.user
    return f"Member: {user.get_full_name() or user.username}" if user else "Member"


def provider_detail(request, slug):
    provider = get_provider_for_user(request.user, slug)
    can_edit = Provider.objects.editable_by(request.user).filter(pk=provider.pk).exists()
    members = MemberTable(
        provider.memberships.select_related("user", "invited_by"), provider=provider, can_remove=can_edit
    )
    members.caption = f"People who use the portal for {provider.name}"
    member_history = ProviderMembership.history.filter(provider_id=provider.pk).select_related(
        "user", "history_user"
    )
    return render(
        request,
        "providers/detail.html",
        {
            "provider": provider,
            "members": members,
            "history": newest_first(
                record_history(provider, "Organisation", limit=50, ignore=["deactivated_reason"])
                + events(member_history.order_by("-history_date", "-history_id")[:50], member_subject)
            )[:50],
            "can_edit": can_edit,
            "can_invite": can_edit and provider.is_active,
            "can_deactivate": request.user.has_perm(perms.DEACTIVATE_PROVIDER),
        },
    )


def provider_edit(request, slug):
    provider = get_provider_to_edit(request.user, slug)
    name = provider.name  # the heading keeps the saved name while the form shows the user's input
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(provider=provider, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "The organisation's details are updated.")
            return redirect(provider)
    return render(request, "providers/edit.html", {"provider": provider, "name": name, "form": form})


@permission_required(perms.DEACTIVATE_PROVIDER, raise_exception=True)
def provider_deactivate(request, slug):
    provider = get_provider_for_user(request.user, slug)
    if not provider.is_active:
        messages.info(request, f"{provider.name} is already deactivated.")
        return redirect(provider)

    def deactivate(form):
        services.provider_deactivate(provider=provider, reason=form.cleaned_data["reason"], by=request.user)
        return f"{provider.name} is deactivated.", provider.get_absolute_url()

    return confirm_or_refuse(
        request,
        title="Are you sure you want to deactivate this provider?",
        caption=provider.name,
        warning=(
            "Its users will no longer be able to change its details or invite colleagues. It stays on the "
            "register, with its history, and can be reactivated."
        ),
        button="Deactivate provider",
        back=provider.get_absolute_url(),
        form=DeactivateForm(request.POST or None),
        action=deactivate,
    )


@require_POST
@permission_required(perms.DEACTIVATE_PROVIDER, raise_exception=True)
def provider_reactivate(request, slug):
    provider = get_provider_for_user(request.user, slug)
    services.provider_reactivate(provider=provider, by=request.user)
    messages.success(request, f"{provider.name} is active again.")
    return redirect(provider)


def provider_invite(request, slug):
    provider = get_provider_to_edit(request.user, slug)
    if not provider.is_active:
        raise PermissionDenied("A deactivated provider cannot invite users.")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.provider_invite(provider=provider, by=request.user, **form.cleaned_data)
        send_invitation(request, user=user, invited_by=request.user, organisation_name=provider.name)
        messages.success(request, f"We have emailed an invitation to {user.email}.")
        return redirect(provider)
    return render(request, "providers/invite.html", {"provider": provider, "form": form})


def member_remove(request, slug, pk):
    """A provider's own users (for their organisation) and commissioners (for any) remove a member, after
    a confirmation asking why; refused while it would leave the organisation with nobody to act for it."""
    provider = get_provider_to_edit(request.user, slug)
    membership = get_object_or_404(provider.memberships.select_related("user"), pk=pk)
    membership.provider = provider
    name = membership.user.get_full_name() or membership.user.username

    def remove(form):
        services.member_remove(membership=membership, reason=form.cleaned_data["reason"], by=request.user)
        return f"{name} no longer uses the portal for {provider.name}.", provider.get_absolute_url()

    refusal = services.member_removal_refusal(membership, by=request.user)
    return confirm_or_refuse(
        request,
        title=f"Are you sure you want to remove {name} from {provider.name}?",
        refused_title=f"{name} cannot be removed",
        caption=provider.name,
        summary=[("Name", name), ("Email", membership.user.email)],
        warning=(
            "They will no longer be able to sign in or act for this organisation. The organisation's history "
            "keeps who removed them and why."
        ),
        button="Remove from organisation",
        refusal=refusal,
        back=provider.get_absolute_url(),
        form=RemoveMemberForm(request.POST or None),
        action=remove,
    )


def my_organisation(request):
    membership = ProviderMembership.for_user(request.user)
    if membership is None:
        raise Http404("You do not act for a provider organisation.")
    return redirect(membership.provider)


@permission_required(perms.VIEW_PROVIDER_REGISTER, raise_exception=True)
def provider_search(request):
    """Suggestions for the provider picker (portal.forms.providers): active providers whose name starts
    with the words typed, or whose registration number is the one typed; at most 10, by name."""
    text = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_TYPED]
    providers = []
    if len(text) >= 2:
        providers = (
            Provider.objects.visible_to(request.user)
            .active()
            .search(text)
            .order_by("name", "pk")
            .only("name", "companies_house_number", "charity_number", "town")[:10]
        )
    return JsonResponse(
        {"results": [{"label": provider_label(p), "name": p.name, "town": p.town} for p in providers]}
    )
