"""Issue 11 for the scorecard and funding: GOV.UK components come from templates/components/ (the
summary list, tag, warning text and table), never hand-written in these apps' templates or Python; every
status shows in its model's one colour map; the scorecard's RAG tags come from one map too."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from funding.models import ProviderAllocation, ProviderReturn, Round
from scorecard.models import RAG_COLOURS, ScorecardQuarter

ROOT = Path(settings.BASE_DIR)
HAND_WRITTEN = re.compile(r'class="[^"]*\bgovuk-(summary-list|tag|warning-text|table)\b(?![_-])')
PLACES = [
    *(ROOT / "templates" / "scorecard").rglob("*.html"),
    *(ROOT / "templates" / "funding").rglob("*.html"),
    *(ROOT / "scorecard").rglob("*.py"),
    *(ROOT / "funding").rglob("*.py"),
]


@pytest.mark.parametrize("path", PLACES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_hand_written_govuk_components(path):
    found = HAND_WRITTEN.findall(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT)
    assert not found, f"{where} writes GOV.UK {sorted(set(found))} by hand: use the component"


def test_every_status_has_its_one_colour_map():
    from portal.components import TAG_COLOURS

    for model in (ProviderAllocation, ProviderReturn, Round, ScorecardQuarter):
        field = model._meta.get_field("status")
        assert set(model.STATUS_COLOURS) == {value for value, _ in field.choices}, model
        assert set(model.STATUS_COLOURS.values()) <= TAG_COLOURS
    assert set(RAG_COLOURS.values()) <= TAG_COLOURS


def test_the_same_status_is_the_same_colour_for_everyone(client_for, own_provider, other_provider):
    """An offered allocation is blue for the finance officer, the commissioner and its provider."""
    from tests.funding.factories import matrix_objects

    offered = matrix_objects({"own_provider": own_provider, "other_provider": other_provider})["offered"]
    tag = '<strong class="govuk-tag govuk-tag--blue">Offered</strong>'
    for role in ["finance-officer", "commissioner", "other-provider"]:
        page = client_for(role).get(f"/funding/allocations/{offered.pk}/").content.decode()
        assert tag in page, role
