"""This app's rows for tests/test_permission_matrix.py: `rows(h)` returns {url name: Row}; `h` carries the
matrix's helpers (h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT).

Reading is public; only commissioners change anything (403 to every other signed-in role, the sign-in page
for the anonymous)."""


def _market():
    from .factories import MarketFactory

    return MarketFactory(slug="matrix-market", title="Matrix market")


def market(fx):
    return {"slug": _market().slug}


def population(fx):
    from .factories import load_population

    load_population()
    return {}


def population_csv(fx):
    population(fx)
    return {"table": "table-1"}


def table_csv(fx):
    return {"slug": _market().slug, "table": "assessment"}


def section(fx):
    from .factories import SectionFactory

    return {"slug": _market().slug, "pk": SectionFactory(market=_market()).pk}


def figure(fx):
    from .factories import FigureFactory

    return {"slug": _market().slug, "pk": FigureFactory(market=_market()).pk}


def intention(fx):
    from .factories import IntentionFactory

    return {"slug": _market().slug, "pk": IntentionFactory(market=_market()).pk}


def assessment(fx):
    return {"slug": _market().slug, "dimension": "supply"}


def rows(h) -> dict:
    def commissioners(kwargs, outcome=200, method="get"):
        return h.Row(
            {"anonymous": h.LOGIN, "commissioner": outcome}, default=403, method=method, kwargs=kwargs
        )

    return {
        "market:index": h.everyone(200),
        "market:population": h.Row({}, default=200, kwargs=population),
        "market:population-csv": h.Row({}, default=200, kwargs=population_csv),
        "market:pdf": h.everyone(200),
        "market:market": h.Row({}, default=200, kwargs=market),
        "market:table-csv": h.Row({}, default=200, kwargs=table_csv),
        "market:market-add": h.signed_in(403, **h.by_role(commissioner=200)),
        "market:market-edit": commissioners(market),
        "market:history": commissioners(market),
        "market:section-add": commissioners(market),
        "market:section-edit": commissioners(section),
        "market:section-reviewed": commissioners(section, h.REDIRECT, "post"),
        "market:section-move": commissioners(section, h.REDIRECT, "post"),
        "market:section-delete": commissioners(section),
        "market:figure-add": commissioners(market),
        "market:figure-edit": commissioners(figure),
        "market:figure-delete": commissioners(figure),
        "market:intention-add": commissioners(market),
        "market:intention-edit": commissioners(intention),
        "market:intention-delete": commissioners(intention),
        "market:assessment-edit": commissioners(assessment),
    }
