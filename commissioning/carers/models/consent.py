"""Consent as records: what the carer agreed to (or withdrew), on what date, how it was given and who
recorded it. The carer's consent flags are the latest record of each kind, kept equal by the consent
service in the same transaction, so a withdrawal takes effect at once (e.g. no further emails)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .people import Carer


class ConsentKind(models.TextChoices):
    STORE = "store", "Keep their details"
    SHARE_GP = "share-gp", "Share information with their GP"
    SHARE_SOCIAL_CARE = "share-social-care", "Share information with social care"
    CONTACT_POST = "contact-post", "Contact by post"
    CONTACT_PHONE = "contact-phone", "Contact by telephone"
    CONTACT_TEXT = "contact-text", "Contact by text message"
    CONTACT_EMAIL = "contact-email", "Contact by email"


# The carer's flag each kind keeps up to date.
CONSENT_FIELDS = {
    ConsentKind.STORE: "consent_to_store",
    ConsentKind.SHARE_GP: "consent_to_share_with_gp",
    ConsentKind.SHARE_SOCIAL_CARE: "consent_to_share_with_social_care",
    ConsentKind.CONTACT_POST: "contact_by_post",
    ConsentKind.CONTACT_PHONE: "contact_by_phone",
    ConsentKind.CONTACT_TEXT: "contact_by_text",
    ConsentKind.CONTACT_EMAIL: "contact_by_email",
}
CONTACT_KINDS = (
    ConsentKind.CONTACT_POST,
    ConsentKind.CONTACT_PHONE,
    ConsentKind.CONTACT_TEXT,
    ConsentKind.CONTACT_EMAIL,
)


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Online form"
    PHONE = "phone", "Telephone"
    IN_PERSON = "in-person", "In person"
    WRITING = "writing", "In writing (letter or email)"


class Consent(models.Model):
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField("what", max_length=20, choices=ConsentKind.choices)
    given = models.BooleanField("given", help_text="False: refused or withdrawn.")
    on = models.DateField("date")
    method = models.CharField("how", max_length=10, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    STATUS_COLOURS = {True: "green", False: "red"}

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["carer", "kind", "-recorded_at"], name="consent_carer_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {'given' if self.given else 'withdrawn'}"

    @property
    def status(self) -> bool:
        return self.given

    def get_status_display(self) -> str:
        return "Given" if self.given else "Withdrawn"
