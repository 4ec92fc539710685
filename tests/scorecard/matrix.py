"""The scorecard's rows for tests/test_permission_matrix.py: `rows(h)` returns {url name: Row}; `h` carries
the matrix's helpers (h.Row, h.everyone, h.signed_in, h.by_role, h.LOGIN, h.REDIRECT).

Published quarters are public (issue 19): everyone, signed in or not, reads them, their measures and their
downloads. Only analysts change anything."""


def scorecard(kind: str):
    def kwargs(fx):
        from tests.scorecard.factories import matrix_kwargs

        return matrix_kwargs(kind)

    return kwargs


def rows(h) -> dict:
    analyst_only = lambda ok=200, kind=None, method="get": h.Row(  # noqa: E731
        {"anonymous": h.LOGIN, **h.by_role(performance_analyst=ok)},
        default=403,
        method=method,
        kwargs=scorecard(kind) if kind else None,
    )
    return {
        # Reading: public.
        "scorecard:index": h.everyone(200),
        "scorecard:quarter": h.Row({}, default=200, kwargs=scorecard("quarter")),
        "scorecard:export": h.Row({}, default=200, kwargs=scorecard("export")),
        "scorecard:measure": h.Row({}, default=200, kwargs=scorecard("measure")),
        # Analysts.
        "scorecard:import": analyst_only(),
        "scorecard:measure-new": analyst_only(),
        "scorecard:import-preview": analyst_only(kind="import-preview"),
        "scorecard:publish": analyst_only(h.REDIRECT, kind="quarter", method="post"),
        "scorecard:new-version": analyst_only(kind="quarter"),
        "scorecard:measure-edit": analyst_only(kind="measure-edit"),
        "scorecard:measure-definition": analyst_only(kind="measure"),
        "scorecard:measure-retire": analyst_only(kind="measure"),
        "scorecard:measure-restore": analyst_only(kind="measure"),
    }
