import pytest

from scorecard import demo
from scorecard.models import ScorecardQuarter


@pytest.fixture
def demo_scorecard(db):
    """The Quarter 3 2021/22 scorecard loaded through the import, and published (scorecard/demo.py)."""
    demo.load()
    return ScorecardQuarter.objects.get(year__start_year=2021, quarter=3)


@pytest.fixture
def analyst_client(client_for):
    return client_for("performance-analyst")
