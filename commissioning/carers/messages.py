"""What the hub says to carers and referrers by email or text message: the reference and what happens
next, never anything about the carer's health or the person they look after."""

from __future__ import annotations

CONFIRMATION_SUBJECT = "Your referral to the Carers Hub"


def confirmation_text(reference: str) -> str:
    return (
        f"Thank you. The Carers Hub has received the referral. The reference is {reference}.\n\n"
        "The hub will contact the carer within 5 working days. Quote the reference if you contact the hub."
    )


REVIEW_SUBJECT = "Your Carers Hub review is coming up"


def review_text(reference: str) -> str:
    return (
        "Your yearly review with the Carers Hub is due soon. The hub will contact you to arrange it.\n\n"
        f"Your reference is {reference}."
    )


MESSAGES = {
    "confirmation": (CONFIRMATION_SUBJECT, confirmation_text),
    "review-invitation": (REVIEW_SUBJECT, review_text),
}
