"""The home dashboard: panels, each drawn only for the users it concerns.

A panel is a function `panel(user) -> dict | None` returning the context for its template (`template`
key) or None when the user has nothing to see there. Each app lists its panels here, in page order.
"""

from django.utils.module_loading import import_string

PANELS = [
    "commissioning.providers.dashboard.own_organisation_panel",
    "commissioning.providers.dashboard.register_panel",
    "committees.dashboard.committees_panel",
    "committees.dashboard.my_actions_panel",
    "commissioning.carers.dashboard.work_panel",
    "commissioning.carers.dashboard.hub_panel",
    "commissioning.carers.dashboard.assessor_panel",
    "funding.dashboard.deadlines_panel",
    "funding.dashboard.provider_funding_panel",
    "scorecard.dashboard.scorecard_panel",
    "commissioning.fps.dashboard.queue_panel",
    "commissioning.fps.dashboard.provider_panel",
    "commissioning.contracts.dashboard.decisions_panel",
]


def panels_for(user) -> list[dict]:
    panels = []
    for path in PANELS:
        panel = import_string(path)(user)
        if panel is not None:
            panels.append(panel)
    return panels
