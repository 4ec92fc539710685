"""Existing data into the new shapes: each cared-for person's carer becomes a link (with the relationship);
every carer gets the comparison keys search and matching read; existing referrals count as checked (their
carers were created one per referral before matching existed); the consent flags held so far become
consent records, dated when the carer's first referral was received, given the way it arrived."""

from django.db import migrations

from commissioning.carers.normalise import name_key, phone_key, search_text

METHOD_BY_ROUTE = {"online": "online", "telephone": "phone", "face-to-face": "in-person", "email": "writing"}
CHANNEL_BY_PREFERENCE = {
    "phone": ("contact-phone", "contact_by_phone"),
    "text": ("contact-text", "contact_by_text"),
    "email": ("contact-email", "contact_by_email"),
    "post": ("contact-post", "contact_by_post"),
}


def forwards(apps, schema_editor):
    CaredForPerson = apps.get_model("carers", "CaredForPerson")
    CaringLink = apps.get_model("carers", "CaringLink")
    Carer = apps.get_model("carers", "Carer")
    Referral = apps.get_model("carers", "Referral")
    Consent = apps.get_model("carers", "Consent")

    links = [
        CaringLink(carer_id=person.carer_id, cared_for_id=person.pk, relationship=person.relationship)
        for person in CaredForPerson.objects.exclude(carer=None).only("pk", "carer_id", "relationship")
    ]
    CaringLink.objects.bulk_create(links, batch_size=2000)

    schema_editor.execute(
        "UPDATE carers_referral SET carer_checked_at = received_at WHERE carer_checked_at IS NULL"
    )

    first = {
        carer_id: (received_at, route)
        for carer_id, received_at, route in Referral.objects.order_by("carer_id", "received_at")
        .distinct("carer_id")
        .values_list("carer_id", "received_at", "route")
    }
    batch, consents = [], []
    for carer in Carer.objects.all().iterator(chunk_size=2000):
        carer.last_name_key = name_key(carer.last_name)
        carer.first_name_key = name_key(carer.first_name)
        carer.phone_key = phone_key(carer.phone)
        carer.search_text = search_text(carer.first_name, carer.last_name)
        received_at, route = first.get(carer.pk, (carer.created_at, "telephone"))
        given = []
        if carer.consent_to_store:
            given.append("store")
        if carer.consent_to_share_with_gp:
            given.append("share-gp")
        if carer.consent_to_contact and carer.preferred_contact in CHANNEL_BY_PREFERENCE:
            kind, field = CHANNEL_BY_PREFERENCE[carer.preferred_contact]
            setattr(carer, field, True)
            given.append(kind)
        consents.extend(
            Consent(
                carer_id=carer.pk,
                kind=kind,
                given=True,
                on=received_at.date(),
                method=METHOD_BY_ROUTE.get(route, "phone"),
                recorded_at=received_at,
            )
            for kind in given
        )
        batch.append(carer)
        if len(batch) >= 2000:
            _save(Carer, batch, Consent, consents)
            batch, consents = [], []
    _save(Carer, batch, Consent, consents)


def _save(Carer, carers, Consent, consents):
    Carer.objects.bulk_update(
        carers,
        [
            "last_name_key",
            "first_name_key",
            "phone_key",
            "search_text",
            "contact_by_post",
            "contact_by_phone",
            "contact_by_text",
            "contact_by_email",
        ],
    )
    Consent.objects.bulk_create(consents)


class Migration(migrations.Migration):
    dependencies = [("carers", "0006_shared_cared_for_consent_casework")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
