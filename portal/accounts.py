"""Sign-in, the second sign-in step, the account page and invitations, on top of django.contrib.auth.

An invitation is a password-reset token sent to a new user whose password is unusable: following the
link once sets a password and signs them in; the token then stops working (it depends on the password).
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlencode

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import MaxLengthValidator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from portal import mfa, ratelimit
from portal.confirm import confirm_or_refuse
from portal.forms import GovukForm, GovukFormMixin, govuk_password_errors

logger = logging.getLogger(__name__)


class SignInForm(GovukFormMixin, AuthenticationForm):
    """GOV.UK's sign-in error: one message, linked to the username field."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password (both are case-sensitive)",
        "inactive": "This account cannot sign in. Contact the commissioning team.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        # AuthenticationForm sets max_length after the field is made, so no validator checks it: without
        # one, a 10,000-character username reached the lockout records (255 characters) and failed.
        username.validators.append(MaxLengthValidator(username.max_length or 150))
        username.error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data


class PasswordResetRequestForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"


class NewPasswordForm(GovukFormMixin, SetPasswordForm):
    """Choosing a password (a reset, or accepting an invitation), in GOV.UK's words."""

    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "New password", "Confirm new password"
        first.help_text = "At least 12 characters. Do not use a password you use anywhere else."
        second.help_text = ""
        first.error_messages["required"] = "Enter a new password"
        second.error_messages["required"] = "Enter the new password again"

    def validate_password_for_user(self, user, password_field_name="new_password2"):  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, govuk_password_errors(error, "Password"))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view with the GOV.UK form, and at most PASSWORD_RESET_LIMIT_PER_EMAIL emails to one
    address and PASSWORD_RESET_LIMIT_PER_IP requests from one IP address an hour. Over a limit, nothing is
    sent, but the page says what it always says: it never tells whether an address has an account."""

    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        hour = timedelta(hours=1)
        by_ip = ratelimit.exceeded(
            "password-reset-ip",
            ratelimit.client_address(self.request),
            limit=settings.PASSWORD_RESET_LIMIT_PER_IP,
            window=hour,
        )
        by_email = by_ip or ratelimit.exceeded(
            "password-reset-email", email, limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window=hour
        )
        if by_ip or by_email:
            logger.warning("Password reset not sent: the %s limit is reached", "IP" if by_ip else "email")
            return redirect(self.get_success_url())
        return super().form_valid(form)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")
    reset_url_token = "set-up"  # noqa: S105 - the URL segment that stands for the token, not a secret

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your account is set up and you are signed in.")
        return response

    # Overriding dispatch drops the parent's login_not_required mark: an invitee is not signed in yet.
    @method_decorator(login_not_required)
    def dispatch(self, *args, **kwargs):
        if self.request.user.is_authenticated:
            messages.info(self.request, "You are already signed in. Sign out to accept an invitation.")
            return redirect("home")
        return super().dispatch(*args, **kwargs)


def invitation_url(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("invitation-accept", args=[uid, token]))


def send_invitation(request, *, user, invited_by, organisation_name: str) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "organisation_name": organisation_name,
        "url": invitation_url(request, user),
    }
    send_mail(
        subject=f"You have been invited to the Commissioning Portal for {organisation_name}",
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


# --- The second sign-in step (portal/mfa.py; docs/adr/023) --------------------------------------------
NEW_CODES_SESSION_KEY = "mfa_new_recovery_codes"
CODE_WIDGET_ATTRS = {
    "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "spellcheck": "false",
}


class SecurityCodeForm(GovukForm):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now",
        max_length=20,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        error_messages={
            "required": "Enter the security code",
            "max_length": "The security code must be 6 numbers",
        },
    )

    def clean_code(self):
        code = mfa.normalise_code(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError("The security code must be 6 numbers")
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the recovery codes you saved when you set up your authenticator app, "
        "like abcd-efgh-2345",
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
        error_messages={
            "required": "Enter a recovery code",
            "max_length": "A recovery code is 12 letters and numbers, like abcd-efgh-2345",
        },
    )

    def clean_code(self):
        code = mfa.normalise_code(self.cleaned_data["code"]).lower()
        if not re.fullmatch(r"[a-z2-7]{12}", code):
            raise ValidationError("A recovery code is 12 letters and numbers, like abcd-efgh-2345")
        return code


def safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def second_step_verified(request, device) -> HttpResponse:
    """The code was right: the session is verified (a new session key, as at any change of privilege)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    return redirect(safe_next(request))


def second_step_locked(request, user, until) -> HttpResponse:
    logger.warning("Second sign-in step locked for user %s until %s", user.pk, until.isoformat())
    logout(request)
    return redirect("mfa-locked")


def code_page(request, *, recovery: bool):
    """The second step after the password: a code from the authenticator app, or a recovery code."""
    user = request.user
    if mfa.session_is_verified(request) or mfa.app_device(user) is None:
        return redirect(safe_next(request))
    locked = mfa.locked_until(user)
    if locked:
        return second_step_locked(request, user, locked)
    form_class = RecoveryCodeForm if recovery else SecurityCodeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = mfa.check_code(user=user, code=form.cleaned_data["code"], recovery=recovery)
        if check.ok:
            if recovery:
                left = mfa.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left: make new ones from your account page.",
                )
            return second_step_verified(request, check.device)
        if check.locked_until:
            return second_step_locked(request, user, check.locked_until)
        if check.wait_until:
            seconds = max(1, int((check.wait_until - timezone.now()).total_seconds()) + 1)
            form.add_error("code", f"Wait {seconds} seconds, then enter the code again")
        elif recovery:
            form.add_error("code", "This recovery code is not right or has been used. Check it and try again")
        else:
            form.add_error("code", "The security code is not right. Enter the code your app shows now")
    template = "registration/mfa_recovery.html" if recovery else "registration/mfa_verify.html"
    return render(request, template, {"form": form, "next": safe_next(request)})


def mfa_verify(request):
    return code_page(request, recovery=False)


def mfa_recovery(request):
    return code_page(request, recovery=True)


@login_not_required
def mfa_locked(request):
    minutes = int(mfa.lockout_period().total_seconds() // 60)
    return render(request, "registration/mfa_locked.html", {"minutes": minutes})


def mfa_set_up(request):
    """Enrolment: scan the QR code (or type the secret), then enter the app's code. At first sign-in for
    the roles that must; from the account page for anyone. Replacing an app needs a verified session."""
    user = request.user
    if mfa.app_device(user) is not None and not mfa.session_is_verified(request):
        return redirect(f"{reverse('mfa-verify')}?{urlencode({'next': safe_next(request)})}")
    device = mfa.totp_device_start(user=user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.totp_device_confirm(user=user, device=device, code=form.cleaned_data["code"]):
            device.refresh_from_db()
            request.session.cycle_key()
            django_otp.login(request, device)
            request.session[NEW_CODES_SESSION_KEY] = mfa.recovery_codes_issue(user=user)
            return redirect(f"{reverse('mfa-recovery-codes')}?{urlencode({'next': safe_next(request)})}")
        form.add_error("code", "The security code is not right. Enter the code your app shows now")
    context = {
        "form": form,
        "next": safe_next(request),
        "required": mfa.second_factor_required(user),
        "qr_code": mark_safe(mfa.qr_code_svg(device)),  # noqa: S308 - SVG drawn by segno from our own URL
        "secret": mfa.secret_text(device),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "registration/mfa_set_up.html", context)


@never_cache
def mfa_recovery_codes(request):
    """New recovery codes, shown once: they are taken out of the session as the page is drawn."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(request, "Recovery codes are shown only once. You can make new ones here.")
        return redirect("account")
    return render(
        request,
        "registration/mfa_recovery_codes.html",
        {"codes": [mfa.recovery_code_text(code) for code in codes], "next": safe_next(request, "account")},
    )


def mfa_recovery_codes_new(request):
    """Make new recovery codes (the old ones stop working), after a confirmation page."""
    if mfa.app_device(request.user) is None:
        raise Http404("Set up an authenticator app first.")

    def make(form):
        request.session[NEW_CODES_SESSION_KEY] = mfa.recovery_codes_issue(user=request.user)
        return "You have new recovery codes. The old ones no longer work.", reverse("mfa-recovery-codes")

    return confirm_or_refuse(
        request,
        title="Make new recovery codes?",
        caption="Two-step sign-in",
        warning="You will get 10 new codes. Your old recovery codes will stop working.",
        button="Make new recovery codes",
        button_style="",
        back=reverse("account"),
        action=make,
    )


def mfa_turn_off(request):
    """Turn the second factor off, after a confirmation page: only for roles that do not require it."""
    user = request.user
    if mfa.app_device(user) is None:
        raise Http404("Two-step sign-in is not on.")
    if mfa.second_factor_required(user):
        raise PermissionDenied("Your role must sign in with an authenticator app.")

    def turn_off(form):
        mfa.second_factor_remove(user=user)
        request.session.pop(mfa.SESSION_KEY, None)
        return "Two-step sign-in is turned off.", reverse("account")

    return confirm_or_refuse(
        request,
        title="Turn off two-step sign-in?",
        caption="Two-step sign-in",
        warning="You will sign in with your password only. Your authenticator app's codes and your recovery "
        "codes will stop working.",
        button="Turn off two-step sign-in",
        back=reverse("account"),
        action=turn_off,
    )


@never_cache
def account(request):
    user = request.user
    context = {
        "roles": [group.name for group in user.groups.all()],
        "device": mfa.app_device(user),
        "codes_left": mfa.recovery_codes_left(user),
        "required": mfa.second_factor_required(user),
    }
    return render(request, "registration/account.html", context)
