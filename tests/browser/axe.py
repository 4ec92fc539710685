"""Accessibility checks with axe-core (axe-playwright-python bundles axe-core 4.12.1).

`assert_accessible(page)` fails on any violation of WCAG 2.0, 2.1 and 2.2 at levels A and AA, the
standard the Public Sector Bodies Accessibility Regulations ask of a council service. Best-practice rules
and "needs review" (incomplete) results are not checked.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # Only violations are read: axe then records one node for each passing rule, not all (faster).
    "resultTypes": ["violations"],
}

_axe = Axe()


def describe_violations(violations: list[dict]) -> str:
    """Every violation, with its rule, impact, help and each failing node's target and HTML."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation['help']}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"    html:   {node['html']}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n            ")
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


# GOV.UK Frontend's conditional reveal sets `aria-expanded` on the controlling radio or checkbox. ARIA 1.2
# does not list it for those roles, so axe reports it; the Design System keeps it on purpose, because screen
# readers announce it (alphagov/govuk-frontend#979, listed as a known issue in #1280; #2823 declined to
# remove it). Only that exact node is forgiven: any other attribute on it, or aria-expanded anywhere else,
# still fails.
KNOWN_GOVUK_CONDITIONAL_REVEAL = ("govuk-radios__input", "govuk-checkboxes__input")


def _is_known_conditional_reveal(violation: dict, node: dict) -> bool:
    if violation["id"] != "aria-allowed-attr":
        return False
    html = node.get("html", "")
    summary_lines = [
        line.strip()
        for line in (node.get("failureSummary") or "").splitlines()
        if line.strip() and not line.strip().startswith("Fix ")
    ]
    return (
        any(f'class="{name}"' in html for name in KNOWN_GOVUK_CONDITIONAL_REVEAL)
        and bool(summary_lines)
        and all(line.startswith("ARIA attribute is not allowed: aria-expanded=") for line in summary_lines)
    )


def without_known_issues(violations: list[dict]) -> list[dict]:
    remaining = []
    for violation in violations:
        nodes = [node for node in violation["nodes"] if not _is_known_conditional_reveal(violation, node)]
        if nodes:
            remaining.append({**violation, "nodes": nodes})
    return remaining


def assert_accessible(page) -> None:
    """Run axe on the page as it is now; fail listing every WCAG 2.2 A/AA violation (except GOV.UK
    Frontend's documented conditional-reveal attribute, above)."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = without_known_issues(results.response["violations"])
    if violations:
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {page.url} "
            f"({page.title()!r}):\n{describe_violations(violations)}",
            pytrace=False,
        )
