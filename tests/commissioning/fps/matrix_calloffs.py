"""Permission-matrix rows for the FPS calloffs URLs (see matrix.py).

The fixture provider ("provider") is admitted to lot 1, where the packages are; the other provider
("other-provider") to lot 2 only, so every lot 1 package is a 404 to it. Commissioners manage packages;
every other staff role gets 403 on the commissioners' pages and 404 on a package (it is not theirs to see).
"""

import datetime
from decimal import Decimal

from django.utils import timezone


def _lots(fx):
    from tests.commissioning.fps.factories import AdmissionFactory, LotFactory, PurchasingSystemFactory

    system = PurchasingSystemFactory()
    lot_1 = LotFactory(system=system, number=1, title="Building Based Services")
    lot_2 = LotFactory(system=system, number=2, title="Community Support")
    AdmissionFactory(lot=lot_1, provider=fx["own_provider"])
    AdmissionFactory(lot=lot_2, provider=fx["other_provider"])
    return system, lot_1


def _package(fx, **kwargs):
    from tests.commissioning.fps.factories import PackageFactory

    _system, lot = _lots(fx)
    return PackageFactory(lot=lot, **kwargs)


def open_package(fx):
    return {"reference": _package(fx).reference}


def draft_package(fx):
    from commissioning.fps.models import Package

    return {"reference": _package(fx, status=Package.Status.DRAFT, published_at=None).reference}


def _closed_with_scored_bid(fx):
    from tests.commissioning.fps.factories import BidFactory

    package = _package(fx, bid_deadline=timezone.now() - datetime.timedelta(hours=1))
    bid = BidFactory(
        package=package,
        provider=fx["own_provider"],
        weekly_price=Decimal("450.00"),
        quality_score=70,
        social_value_score=50,
    )
    return package, bid


def closed_package(fx):
    package, _bid = _closed_with_scored_bid(fx)
    return {"reference": package.reference}


def closed_bid(fx):
    _package_, bid = _closed_with_scored_bid(fx)
    return {"pk": bid.pk}


def awarded_package(fx):
    from commissioning.fps.models import Package

    package, bid = _closed_with_scored_bid(fx)
    package.status = Package.Status.AWARDED
    package.awarded_bid = bid
    package.awarded_at = timezone.now()
    package.save()
    return {"reference": package.reference}


def system_slug(fx):
    system, _lot = _lots(fx)
    return {"slug": system.slug}


def rows(h) -> dict:
    def commissioner_only(kwargs, outcome=200, method="get"):
        return h.Row(
            {"anonymous": h.LOGIN, "commissioner": outcome}, default=403, method=method, kwargs=kwargs
        )

    return {
        "fps:packages": h.signed_in(403, commissioner=200, provider=200, **{"other-provider": 200}),
        "fps:package-create": h.signed_in(403, commissioner=200),
        "fps:package": h.Row(
            {"anonymous": h.LOGIN, "commissioner": 200, "provider": 200}, default=404, kwargs=open_package
        ),
        "fps:package-edit": commissioner_only(draft_package),
        "fps:package-publish": commissioner_only(draft_package, h.REDIRECT, method="post"),
        "fps:package-cancel": commissioner_only(open_package),
        "fps:bid": h.Row(
            {"anonymous": h.LOGIN, "provider": 200, "other-provider": 404}, default=403, kwargs=open_package
        ),
        "fps:package-bids": commissioner_only(closed_package),
        "fps:bid-score": commissioner_only(closed_bid),
        "fps:package-award": commissioner_only(closed_package),
        "fps:package-placement": commissioner_only(awarded_package),
        "fps:ocds": h.Row({}, default=200, kwargs=system_slug),
    }
