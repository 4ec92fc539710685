"""This app's rows for tests/test_permission_matrix.py: `rows(h)` returns {url name: Row}; `h` carries the
matrix's helpers (h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT).

Commissioners and contracts and quality officers manage contracts; finance officers read them; a provider's
users see their own organisation's contracts and provider page (404 for anyone else's); the public register is
for everyone (ADR 034)."""


def own_contract(fx):
    """A live contract with the matrix's own provider as its supplier, on the public register."""
    from commissioning.contracts.models import Contract
    from tests.commissioning.contracts.factories import contract_with_party

    contract = Contract.objects.filter(parties__provider=fx["own_provider"]).first()
    contract = contract or contract_with_party(provider=fx["own_provider"])
    return {"reference": contract.reference}


def own_party(fx):
    """The own provider's party to its contract (one to end, so the page is not a refusal)."""
    from commissioning.contracts.models import ContractParty

    reference = own_contract(fx)["reference"]
    party = ContractParty.objects.get(contract__reference=reference, provider=fx["own_provider"])
    return {"reference": reference, "pk": party.pk}


def own_slug(fx):
    return {"slug": fx["own_provider"].slug}


def rows(h) -> dict:
    readers = h.by_role(commissioner=200, contracts_officer=200, finance_officer=200)
    managers = h.by_role(commissioner=200, contracts_officer=200)

    def read(kwargs=None):
        return h.Row({"anonymous": h.LOGIN, **readers}, default=403, kwargs=kwargs)

    def manage(kwargs=None, ok=200):
        outcomes = dict.fromkeys(managers, ok)
        return h.Row({"anonymous": h.LOGIN, **outcomes}, default=403, kwargs=kwargs)

    def own_or_404(kwargs):
        return h.Row({"anonymous": h.LOGIN, **readers, "provider": 200}, default=404, kwargs=kwargs)

    return {
        # The staff register.
        "contracts:list": read(),
        "contracts:create": manage(),
        "contracts:detail": own_or_404(own_contract),
        "contracts:edit": manage(own_contract),
        "contracts:party-add": manage(own_contract),
        "contracts:party-end": manage(own_party),
        "contracts:decide": manage(own_contract),
        # Without a decision in the session, back to its form.
        "contracts:decide-confirm": manage(own_contract, ok=h.REDIRECT),
        "contracts:work-programme-add": manage(own_contract),
        # The public register.
        "contracts:public": h.everyone(200),
        "contracts:public-csv": h.everyone(200),
        "contracts:public-entry": h.Row({}, default=200, kwargs=own_contract),
        # A provider's page.
        "contracts:provider": own_or_404(own_slug),
    }
