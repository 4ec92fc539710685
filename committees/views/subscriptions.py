"""Subscribing to a committee by email (double opt-in) and unsubscribing with one click (RFC 8058):
public pages, no sign-in. See committees/subscriptions.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt

from portal.ratelimit import client_address

from .. import subscriptions
from ..forms.subscriptions import SubscribeForm
from ..models import Committee
from .common import form_page

TEMPLATE = "committees/subscription.html"


@login_not_required
def subscribe(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscribe_request(
                committee=committee,
                email=form.cleaned_data["email"],
                events=form.cleaned_data["events"],
                client=client_address(request),
            )
        except subscriptions.RateLimited:
            form.add_error(
                "email",
                "Too many confirmation emails have been sent to this address in the last hour: "
                "try again later",
            )
        else:
            return redirect("committees:subscribe-sent", slug=committee.slug)
    return form_page(
        request,
        form=form,
        title=f"Get emails about the {committee.name}",
        caption="Subscribe by email",
        intro="We email you when an agenda is published, minutes are approved or a decision is published. "
        "Every email has a link to unsubscribe with one click. Your address is used for nothing else.",
        back=committee.get_absolute_url(),
        button="Subscribe",
    )


@login_not_required
def subscribe_sent(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return render(request, TEMPLATE, {"committee": committee, "step": "sent"})


@login_not_required
def subscription_confirm(request, token):
    """GET shows what the link asks for (a link scanner following it confirms nothing); POST confirms."""
    data = subscriptions.read_confirm_token(token)
    committee = Committee.objects.filter(pk=data["committee_id"]).first() if data else None
    if committee is None:
        return render(request, TEMPLATE, {"step": "bad-confirm"}, status=404)
    labels = [subscriptions.EVENT_LABELS[event] for event in data["events"]]
    context = {"committee": committee, "email": data["email"], "labels": labels}
    if request.method == "POST":
        subscriptions.confirm(data)
        return render(request, TEMPLATE, {**context, "step": "confirmed"})
    return render(request, TEMPLATE, {**context, "step": "confirm"})


@csrf_exempt  # RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" with no form token; the link is it
@login_not_required
def unsubscribe(request, token):
    valid, subscription = subscriptions.subscription_for_token(token)
    if not valid:
        return render(request, TEMPLATE, {"step": "bad-unsubscribe"}, status=404)
    if subscription is None:
        return render(request, TEMPLATE, {"step": "not-subscribed"})
    context = {"committee": subscription.committee, "email": subscription.email}
    if request.method == "POST":
        subscriptions.unsubscribe(subscription)
        return render(request, TEMPLATE, {**context, "step": "unsubscribed"})
    return render(request, TEMPLATE, {**context, "step": "unsubscribe"})
