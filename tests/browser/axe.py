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


def assert_accessible(page) -> None:
    """Run axe on the page as it is now; fail listing every WCAG 2.2 A/AA violation."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if violations:
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {page.url} "
            f"({page.title()!r}):\n{describe_violations(violations)}",
            pytrace=False,
        )
