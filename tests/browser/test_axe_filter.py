"""The one forgiven axe finding is GOV.UK Frontend's conditional-reveal aria-expanded, nothing else."""

from tests.browser.axe import without_known_issues

RADIO = '<input class="govuk-radios__input" id="q_1" name="q" type="radio" value="no" aria-expanded="false">'
SUMMARY = 'Fix all of the following:\n  ARIA attribute is not allowed: aria-expanded="false"'


def violation(html, summary=SUMMARY, rule="aria-allowed-attr"):
    return {"id": rule, "nodes": [{"html": html, "failureSummary": summary, "target": ["#q_1"]}]}


def test_the_conditional_reveal_radio_is_forgiven():
    assert without_known_issues([violation(RADIO)]) == []


def test_anything_else_still_fails():
    other_attr = 'Fix all of the following:\n  ARIA attribute is not allowed: aria-checked="true"'
    button = '<button class="govuk-button" aria-expanded="banana">Go</button>'
    for case in (
        violation(RADIO, summary=other_attr),
        violation(button),
        violation(RADIO, rule="label"),
    ):
        assert without_known_issues([case]) == [case]
