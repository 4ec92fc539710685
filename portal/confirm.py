"""The confirmation page every destructive or final action goes through (GOV.UK: "Are you sure?").

GET shows what the action affects (a summary list), a warning and a button, or, when the action is not
allowed, why not (no button). POST does it: refuses with the reason, or validates the page's form (e.g. a
required reason), calls `action`, and redirects with a success message.

    def provider_deactivate(request, slug):
        provider = get_provider_for_user(request.user, slug)
        return confirm_or_refuse(
            request,
            title=f"Deactivate {provider.name}?",
            summary=[("Organisation", provider.name)],
            warning="Its users will not be able to sign in.",
            button="Deactivate",
            back=provider.get_absolute_url(),
            form=ReasonForm(request.POST or None),
            action=lambda form: (
                services.provider_deactivate(provider=provider, by=request.user, **form.cleaned_data),
                ("The provider is deactivated.", provider.get_absolute_url()),
            )[1],
        )

`action` takes the bound form (or None without one) and returns (success message, URL to go to). A
service may refuse at that moment (the record changed since the page was shown) by raising `Refused` or
a `ValidationError`: the user is sent back with the reason and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from portal.forms import add_validation_errors


class Refused(Exception):
    """A service's "not now, and here is why" (e.g. a meeting that gained minutes since the page was
    shown). Its message is shown to the user."""


def confirm_or_refuse(
    request,
    *,
    title: str,
    back: str,
    action: Callable,
    warning: str = "",
    button: str = "Confirm",
    button_style: str = "warning",
    refusal: str = "",
    refused_title: str = "",
    caption: str = "",
    summary: Iterable[tuple[str, object]] = (),
    form=None,
    template: str = "components/confirm.html",
    context: dict | None = None,
):
    page = {
        "title": (refused_title or title) if refusal else title,
        "caption": caption,
        "summary": list(summary),
        "warning": warning,
        "button": button,
        "button_style": button_style,
        "refusal": refusal,
        "back": back,
        "form": form,
        **(context or {}),
    }
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(back)
        if form is not None and not form.is_valid():
            return render(request, template, page)
        try:
            success, to = action(form)
        except Refused as error:
            messages.error(request, str(error))
            return redirect(back)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(back)
            add_validation_errors(form, error)
            return render(request, template, page)
        messages.success(request, success)
        return redirect(to)
    return render(request, template, page)
