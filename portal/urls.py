from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import accounts, views
from portal.accounts import InvitationAcceptView, PasswordResetConfirmView, SignInView

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    # Accounts: Django's own views with GOV.UK templates (templates/registration/).
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-in/security-code/", accounts.mfa_verify, name="mfa-verify"),
    path("sign-in/recovery-code/", accounts.mfa_recovery, name="mfa-recovery"),
    path("sign-in/locked/", accounts.mfa_locked, name="mfa-locked"),
    path("account/", accounts.account, name="account"),
    path("account/authenticator-app/", accounts.mfa_set_up, name="mfa-set-up"),
    path("account/recovery-codes/", accounts.mfa_recovery_codes, name="mfa-recovery-codes"),
    path("account/recovery-codes/new/", accounts.mfa_recovery_codes_new, name="mfa-recovery-codes-new"),
    path("account/two-step/turn-off/", accounts.mfa_turn_off, name="mfa-turn-off"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("password-reset/", accounts.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", InvitationAcceptView.as_view(), name="invitation-accept"),
    path("providers/", include("commissioning.providers.urls")),
    path("committees/", include("committees.urls")),
    path("carers-hub/", include("commissioning.carers.urls")),
    path("fps/", include("commissioning.fps.urls")),
    path("contracts/", include("commissioning.contracts.urls")),
    path("market/", include("commissioning.market.urls")),
    path("funding/", include("funding.urls")),
    path("scorecard/", include("scorecard.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "portal.views.bad_request"
handler500 = "portal.views.server_error"
