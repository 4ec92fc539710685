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


def catalogue_code(fx):
    from commissioning.carers.models import CatalogueService

    return {"code": CatalogueService.objects.order_by("position").first().code}


def carers_task(fx):
    from tests.commissioning.carers.factories import matrix_task

    return {"pk": matrix_task().pk}


def carers_document(fx):
    from tests.commissioning.carers.factories import matrix_document

    document = matrix_document()
    return {"reference": document.referral.reference, "pk": document.pk}


def carers_two(fx):
    from tests.commissioning.carers.factories import matrix_referral, matrix_second_carer

    return {"pk": matrix_referral().carer_id, "other_pk": matrix_second_carer().pk}


def rows(h) -> dict:
    case_workers = h.by_role(carers_hub_worker=200, social_care_assessor=200)

    def on_record(kwargs, outcomes=None, method="get"):
        """A page of a referral or carer: 404 for everyone who may not see it."""
        return h.Row(
            {"anonymous": h.LOGIN, **(outcomes or case_workers)}, default=404, method=method, kwargs=kwargs
        )

    hub_only = h.by_role(carers_hub_worker=200, social_care_assessor=403)
    return {
        # Case work (issue 16): search, matches, documents, tasks and consent for the hub and assessors.
        "carers:search": h.signed_in(403, **case_workers),
        "carers:tasks": h.signed_in(403, **case_workers),
        "carers:task-edit": on_record(carers_task),
        "carers:task-done": on_record(
            carers_task, h.by_role(carers_hub_worker=h.REDIRECT, social_care_assessor=h.REDIRECT), "post"
        ),
        "carers:task-add": on_record(carers_referral),
        "carers:document-add": on_record(carers_referral),
        "carers:document": on_record(carers_document),
        "carers:document-remove": on_record(carers_document),
        "carers:return-details": on_record(carers_referral),
        "carers:case-worker": on_record(carers_referral, hub_only),
        "carers:consent": on_record(carers_carer),
        "carers:cared-for-link": on_record(carers_carer, hub_only),
        "carers:carer-merge": on_record(carers_two, hub_only),
        "carers:confirm-new-carer": on_record(
            carers_referral, h.by_role(carers_hub_worker=h.REDIRECT, social_care_assessor=403), "post"
        ),
        # The hub's access log of searches and exports; the national returns for the analyst (no names).
        "carers:hub-access-log": h.signed_in(403, **h.by_role(carers_hub_worker=200)),
        "carers:catalogue": h.signed_in(403, **h.by_role(carers_hub_worker=200)),
        "carers:catalogue-edit": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200)}, default=403, kwargs=catalogue_code
        ),
        "carers:catalogue-retire": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200)}, default=403, kwargs=catalogue_code
        ),
        "carers:catalogue-reinstate": h.Row(
            {"anonymous": h.LOGIN, **h.by_role(carers_hub_worker=200)}, default=403, kwargs=catalogue_code
        ),
        "carers:returns": h.signed_in(403, **h.by_role(performance_analyst=200)),
        "carers:returns-cld": h.signed_in(403, **h.by_role(performance_analyst=200)),
        "carers:returns-sace": h.signed_in(403, **h.by_role(performance_analyst=200)),
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
