"""The service catalogue by tier (Levels of Need), kept in fixtures/demo/carers/service-catalogue.json so a
person can read and correct it; the app's data migration and the demo loader bring the table up to date."""

from __future__ import annotations

import json

from django.conf import settings

CATALOGUE_FILE = settings.BASE_DIR / "fixtures" / "demo" / "carers" / "service-catalogue.json"


def catalogue_rows() -> list[dict]:
    """Each service with its tier and position, in the document's order."""
    data = json.loads(CATALOGUE_FILE.read_text())
    rows = []
    for tier in data["tiers"]:
        for service in tier["services"]:
            rows.append(
                {
                    "code": service["code"],
                    "tier": tier["tier"],
                    "name": service["name"],
                    "records_amount": bool(service.get("records_amount", False)),
                    "position": len(rows) + 1,
                }
            )
    return rows


def sync_catalogue(model) -> int:
    """Create each service missing (by code); `model` is CatalogueService (or its migration state). A
    service already in the table keeps what the hub's staff changed on the catalogue's pages (its name,
    description, level of need, retirement): the file seeds the catalogue, the pages keep it (ADR 052)."""
    for row in catalogue_rows():
        model.objects.get_or_create(code=row["code"], defaults=row)
    return len(catalogue_rows())
