"""The carers hub's rows for tests/test_permission_matrix.py: `rows(h)` returns {url name: Row}; `h` carries
the matrix's helpers (h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT).

Personal data only for the hub and assessors: everyone else gets 404 for a record's URL (the record is
fetched through `visible_to` first); a role that sees the record but may not take the action gets 403."""


def carers_referral(fx):
    from tests.commissioning.carers.factories import matrix_referral

    return {"reference": matrix_referral().reference}


def carers_carer(fx):
    from tests.commissioning.carers.factories import matrix_referral

    return {"pk": matrix_referral().carer_id}


def carers_cared_for(fx):
    from tests.commissioning.carers.factories import matrix_referral

    carer = matrix_referral().carer
    return {"pk": carer.pk, "person_pk": carer.cared_for.order_by("pk").first().pk}


def rows(h) -> dict:
    return {
        "carers:refer": h.everyone(200),
        "carers:refer-done": h.everyone(h.REDIRECT),
        "carers:caseload": h.signed_in(403, **h.by_role(carers_hub_worker=200)),
        "carers:referral-new": h.signed_in(403, **h.by_role(carers_hub_worker=200)),
        "carers:assessor": h.signed_in(403, **h.by_role(social_care_assessor=200)),
        "carers:statistics": h.signed_in(403, **h.by_role(commissioner=200, carers_hub_worker=200)),
        "carers:referral": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=200)},
            default=404,
            kwargs=carers_referral,
        ),
        "carers:allocate": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=200)},
            default=404,
            kwargs=carers_referral,
        ),
        "carers:add-contact": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=200)},
            default=404,
            method="post",
            kwargs=carers_referral,
        ),
        "carers:step": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=lambda fx: {**carers_referral(fx), "step": "close"},
        ),
        "carers:carer": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=200)},
            default=404,
            kwargs=carers_carer,
        ),
        "carers:carer-edit": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_carer,
        ),
        "carers:cared-for-add": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_carer,
        ),
        "carers:cared-for-edit": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_cared_for,
        ),
        "carers:cared-for-remove": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_cared_for,
        ),
        "carers:access-log": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_carer,
        ),
        "carers:export-json": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_carer,
        ),
        "carers:export-pdf": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200, social_care_assessor=403)},
            default=404,
            kwargs=carers_carer,
        ),
    }
