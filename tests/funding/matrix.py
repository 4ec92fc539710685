"""Funding's rows for tests/test_permission_matrix.py: `rows(h)` returns {url name: Row}; `h` carries the
matrix's helpers (h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT).

Commissioners and finance officers read; only finance officers change money and what it hangs on; a
provider's users see their own allocations, accept or refuse offers and make returns (a 404 for anyone
else's); the 360Giving open data is public."""


def pk_of(name):
    def kwargs(fx):
        from tests.funding.factories import matrix_objects

        return {"pk": matrix_objects(fx)[name].pk}

    return kwargs


def stream_slug(fx):
    from tests.funding.factories import stream_slug

    return stream_slug(fx)


def own_slug(fx):
    return {"slug": fx["own_provider"].slug}


def rows(h) -> dict:
    readers = h.by_role(commissioner=200, finance_officer=200)

    def read(kwargs=None):
        return h.Row({"anonymous": h.LOGIN, **readers}, default=403, kwargs=kwargs)

    def finance(kwargs=None, ok=200):
        return h.Row({"anonymous": h.LOGIN, **h.by_role(finance_officer=ok)}, default=403, kwargs=kwargs)

    return {
        # Reading.
        "funding:streams": read(),
        "funding:summary": read(),
        "funding:bcf": read(),
        "funding:funders": read(),
        "funding:appendix-csv": read(),
        "funding:appendix-pdf": read(),
        "funding:bcf-csv": read(),
        "funding:bcf-pdf": read(),
        "funding:provider-ledger": read(own_slug),
        "funding:stream": read(stream_slug),
        "funding:round": read(pk_of("round")),
        "funding:bases": read(pk_of("round")),
        # Open data: no sign-in.
        "funding:grants-json": h.everyone(200),
        # A provider's own.
        "funding:mine": h.signed_in(404, provider=200, **{"other-provider": 200}),
        "funding:allocation": h.Row(
            {"anonymous": h.LOGIN, "provider": 200, **readers}, default=404, kwargs=pk_of("paid")
        ),
        "funding:return-submit": h.Row(
            {"anonymous": h.LOGIN, "provider": 200, **h.by_role(commissioner=403, finance_officer=403)},
            default=404,
            kwargs=pk_of("paid"),
        ),
        "funding:allocation-respond": h.Row(
            {"anonymous": h.LOGIN, "other-provider": 200, **h.by_role(commissioner=403, finance_officer=403)},
            default=404,
            kwargs=pk_of("offered"),
        ),
        # Finance officers: money.
        "funding:allocation-add": finance(pk_of("round")),
        "funding:calculator": finance(pk_of("round")),
        "funding:allocation-status": finance(pk_of("offered")),
        "funding:allocation-amount": finance(pk_of("offered")),
        "funding:refused-money": finance(pk_of("refused")),
        "funding:return-reclaim": finance(pk_of("return")),
        "funding:round-add": finance(stream_slug),
        "funding:round-edit": finance(pk_of("round")),
        "funding:round-retain": finance(pk_of("round")),
        # Finance officers: what the money hangs on (removals ask first, or say why not).
        "funding:funder-add": finance(),
        "funding:funder-edit": finance(pk_of("funder")),
        "funding:funder-delete": finance(pk_of("funder")),
        "funding:stream-add": finance(),
        "funding:stream-edit": finance(stream_slug),
        "funding:stream-delete": finance(stream_slug),
        "funding:round-delete": finance(pk_of("round")),
        "funding:basis-add": finance(pk_of("round")),
        "funding:basis-edit": finance(pk_of("basis")),
        "funding:basis-delete": finance(pk_of("basis")),
        "funding:bcf-scheme-add": finance(pk_of("agreement")),
        "funding:bcf-scheme-edit": finance(pk_of("scheme")),
        "funding:bcf-scheme-delete": finance(pk_of("scheme")),
        "funding:agreement-add": finance(),
        "funding:agreement-edit": finance(pk_of("agreement")),
        "funding:agreement-delete": finance(pk_of("agreement")),
        "funding:service-in-scope-add": finance(pk_of("agreement")),
        "funding:service-in-scope-edit": finance(pk_of("service")),
        "funding:service-in-scope-delete": finance(pk_of("service")),
    }
