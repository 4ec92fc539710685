"""The registered case modules. Imported by the harness after Django is set up.

To add a feature: write bench/cases/<feature>.py with generate(scale) and cases(scale), then register it
here. The scale factor sizes it against --scale (providers are the 1.0 reference).
"""

from bench.cases import (
    carers,
    committees,
    contracts,
    contracts_monitoring,
    fps,
    funding,
    market,
    providers,
    scorecard,
)
from bench.registry import register

register(providers, scale_factor=1.0)
register(carers, scale_factor=20.0)  # 1,000,000 referrals at the default --scale 50,000
register(funding, scale_factor=10.0)  # 500,000 allocations, 1,000 rounds, 100 streams at --scale 50,000
register(committees, scale_factor=0.04)  # 2,000 meetings, 20,000 reports, 200,000 minutes at --scale 50,000
register(scorecard, scale_factor=0.004)  # 200 measures over 20 years at the default --scale 50,000
register(fps, scale_factor=0.1)  # 5,000 FPS providers, 20,000 applications, 5,000 packages at --scale 50,000
register(market, scale_factor=0.4)  # 20,000 contracts at the default --scale 50,000
# After market (its bench contracts): 200,000 performance returns, 50,000 quality visits at --scale 50,000.
register(contracts_monitoring, scale_factor=4.0)
register(contracts, scale_factor=0.4)  # the same 20,000 contracts, timed as the contracts register
