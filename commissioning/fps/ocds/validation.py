"""Checking an OCDS export against the standard's own schemas (tests, and anyone checking an export):
the OCDS 1.1.5 release package schema with the lots and techniques extensions applied, all vendored."""

from __future__ import annotations

import json
import re
from functools import cache

from django.conf import settings

SCHEMA_DIR = settings.BASE_DIR / "schemas" / "ocds-1.1.5"
EXTENSIONS_DIR = settings.BASE_DIR / "schemas" / "ocds-extensions"

RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def merge_patch(target, patch):
    """JSON Merge Patch (RFC 7386), as the OCDS extension tooling applies an extension to the schema."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def extended_release_schema() -> dict:
    """The OCDS 1.1.5 release schema with the lots and techniques extensions applied (vendored copies in
    schemas/ocds-extensions/, unmodified)."""
    schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    for name in ("lots", "techniques"):
        patch = json.loads((EXTENSIONS_DIR / name / "release-schema.json").read_text(encoding="utf-8"))
        schema = merge_patch(schema, patch)
    return schema


@cache
def validator():
    """A Draft 4 validator (the schemas' own `$schema`) for a release package, resolving the release schema
    (with the lots and techniques extensions applied) from the vendored copies by its `id` (no network),
    with formats checked: "date-time" as RFC 3339 and "uri" as an absolute URI (jsonschema checks neither
    without optional packages)."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads((SCHEMA_DIR / "release-package-schema.json").read_text(encoding="utf-8"))
    release_schema = extended_release_schema()
    registry = Registry().with_resource(release_schema["id"], DRAFT4.create_resource(release_schema))
    checker = FormatChecker(formats=list(Draft4Validator.FORMAT_CHECKER.checkers))
    checker.checks("date-time")(
        lambda value: not isinstance(value, str) or bool(RFC3339_DATE_TIME.match(value))
    )
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(URI.match(value)))
    return Draft4Validator(package_schema, registry=registry, format_checker=checker)


def validation_errors(data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]
