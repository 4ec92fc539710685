"""What the committees' pages share: every delete or final action goes through the portal's confirmation
page (`portal.confirm.confirm_or_refuse`), drawn inside the committees' layout."""

from __future__ import annotations

from django.shortcuts import render

from portal.confirm import confirm_or_refuse as portal_confirm_or_refuse

BASE = {"base_template": "committees/_base.html"}


def confirm_or_refuse(request, *, back: str, context: dict, delete, refusal: str = "", form=None):
    """GET shows what will happen (or why it cannot); POST calls `delete(form)` (or `delete()` without a
    form), which returns (success message, URL to go to). A service's `CannotDelete` refuses it then."""
    return portal_confirm_or_refuse(
        request,
        back=back,
        refusal=refusal,
        form=form,
        action=(lambda bound: delete(bound)) if form is not None else (lambda bound: delete()),
        button_style=context.pop("button_style", "warning"),
        context=BASE,
        **context,
    )


def form_page(request, **context):
    """The committees' one form page (`committees/form.html`): form, title, caption, back and extras such
    as the button's words or the markup help."""
    return render(request, "committees/form.html", context)
