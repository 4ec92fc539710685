"""The monitoring pages' rows for tests/test_permission_matrix.py (issue 12, parts 4-7; the contracts
register's rows are in matrix.py). Contracts staff (commissioners, contracts and quality officers, finance
officers to read) see performance; quality staff (commissioners, contracts and quality officers) see
visits, concerns and the governance meeting; a provider's users see and answer only their own returns,
visit reports and action plans (404 on anyone else's)."""


def pk_of(name):
    def kwargs(fx):
        from tests.commissioning.contracts.monitoring_objects import monitoring_objects

        return {"pk": monitoring_objects(fx)[name].pk}

    return kwargs


def reference(fx):
    from tests.commissioning.contracts.monitoring_objects import monitoring_objects

    return {"reference": monitoring_objects(fx)["contract"].reference}


def own_slug(fx):
    return {"slug": fx["own_provider"].slug}


def meeting_item(fx):
    from tests.commissioning.contracts.monitoring_objects import monitoring_objects

    return {"pk": monitoring_objects(fx)["meeting"].pk, "slug": fx["own_provider"].slug}


def rows(h) -> dict:
    contract_readers = h.by_role(commissioner=200, finance_officer=200, contracts_officer=200)
    managers = h.by_role(commissioner=200, contracts_officer=200)

    def staff(outcomes, kwargs=None):
        return h.Row({"anonymous": h.LOGIN, **outcomes}, default=403, kwargs=kwargs)

    return {
        # Performance returns: lists for staff and for providers (their own).
        "contracts:returns": staff({**contract_readers, "provider": 200, "other-provider": 200}),
        "contracts:return": h.Row(
            {"anonymous": h.LOGIN, **contract_readers, "provider": 200}, default=404, kwargs=pk_of("own_due")
        ),
        "contracts:return-submit": h.Row(
            {"anonymous": h.LOGIN, **dict.fromkeys(contract_readers, 403), "provider": 200},
            default=404,
            kwargs=pk_of("own_due"),
        ),
        "contracts:return-review": staff(managers, pk_of("own_submitted")),
        "contracts:kpis": staff(contract_readers, reference),
        "contracts:kpi-add": staff(managers, reference),
        "contracts:return-ask": staff(managers, reference),
        "contracts:kpi-edit": staff(managers, pk_of("kpi")),
        # Quality visits, action plans, providers' quality records (quality staff; providers their own).
        "contracts:visits": staff({**managers, "provider": 200, "other-provider": 200}),
        "contracts:visits-due": staff(managers),
        "contracts:visit-add": staff(managers),
        "contracts:visit": h.Row(
            {"anonymous": h.LOGIN, **managers, "provider": 200}, default=404, kwargs=pk_of("completed_visit")
        ),
        "contracts:visit-edit": staff(managers, pk_of("planned_visit")),
        "contracts:visit-record": staff(managers, pk_of("planned_visit")),
        "contracts:visit-cancel": staff(managers, pk_of("planned_visit")),
        "contracts:action-add": staff(managers, pk_of("completed_visit")),
        "contracts:actions": staff({**managers, "provider": 200, "other-provider": 200}),
        "contracts:action": h.Row(
            {"anonymous": h.LOGIN, **managers, "provider": 200}, default=404, kwargs=pk_of("visit_action")
        ),
        "contracts:action-respond": h.Row(
            {"anonymous": h.LOGIN, **dict.fromkeys(managers, 403), "provider": 200},
            default=404,
            kwargs=pk_of("visit_action"),
        ),
        "contracts:action-review": staff(managers, pk_of("visit_action")),
        "contracts:quality": staff(managers, own_slug),
        "contracts:quality-edit": staff(managers, own_slug),
        "contracts:insurance-edit": staff(managers, lambda fx: {**own_slug(fx), "kind": "public-liability"}),
        # Providers of concern and the governance meeting (quality staff only).
        "contracts:concerns": staff(managers),
        "contracts:concern-add": staff(managers),
        "contracts:concern": staff(managers, pk_of("concern")),
        "contracts:concern-close": staff(managers, pk_of("concern")),
        "contracts:concern-action-add": staff(managers, pk_of("concern")),
        "contracts:meetings": staff(managers),
        "contracts:meeting-add": staff(managers),
        "contracts:meeting": staff(managers, pk_of("meeting")),
        "contracts:meeting-item": staff(managers, meeting_item),
    }
