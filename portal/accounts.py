"""Sign-in and invitations, on top of django.contrib.auth.

An invitation is a password-reset token sent to a new user whose password is unusable: following the
link once sets a password and signs them in; the token then stops working (it depends on the password).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class SignInForm(AuthenticationForm):
    """GOV.UK's sign-in error: one message, linked to the username field."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password (both are case-sensitive)",
        "inactive": "This account cannot sign in. Contact the commissioning team.",
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
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
