"""What the committees' pages share: the shape of a delete page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from .. import services


def confirm_or_refuse(request, *, refusal: str, back: str, context: dict, delete):
    """The shape of every delete page: GET shows what will go and a warning (or why it cannot go); POST
    deletes (or refuses with the reason) and redirects with a message."""
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(back)
        try:
            success, to = delete()
        except services.CannotDelete as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, success)
        return redirect(to)
    return render(request, "committees/confirm_delete.html", {"refusal": refusal, "back": back, **context})
