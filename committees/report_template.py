"""The council's report template: the sections a new report starts with, as the reports in the agenda pack
of 28 March 2022 have them (fixtures/demo/committees/README.md gives the source lines).

A report for decision (AH/39/2021-22, Day Opportunities Flexible Purchasing System; AH/40, the Carers
Strategy; AH/44, Live Well for Longer; AH/46, Better Care Fund; AH/47, Care at Home) runs: 1. Purpose of
Report, 2. Executive Summary, 3. Recommendations, 4. Reasons for Recommendations, 5. Other Options
Considered, 6. Background, 7. Consultation and Engagement, 8. Implications with ten sub-headings (8.1
Legal to 8.10 Climate Change). A briefing or a report to note (AH/41, the Performance Scorecard; AH/43,
Covid-19 funding streams) runs: 1. Purpose of Report, 2. Executive Summary, 3. Background, 4. Briefing
Information, 5. Implications (Legal, Finance, Human Resources). "Access to Information" closes every
report: it is printed from the report's own fields (contact officer, appendices, background papers).

The council's later template calls the first two "Report Summary" and the implications "Implications and
Comments"; the pack, the source of truth here, uses the headings below.
"""

from __future__ import annotations

# (number, heading, level): level 1 a numbered section, level 2 a sub-heading within the one above it.
IMPLICATIONS_FOR_DECISION = [
    "Legal",
    "Finance",
    "Policy",
    "Equality",
    "Human Resources",
    "Risk Management",
    "Rural Communities",
    "Children and Young People/Cared for Children",
    "Public Health",
    "Climate Change",
]

FOR_DECISION = [
    ("1", "Purpose of Report"),
    ("2", "Executive Summary"),
    ("3", "Recommendations"),
    ("4", "Reasons for Recommendations"),
    ("5", "Other Options Considered"),
    ("6", "Background"),
    ("7", "Consultation and Engagement"),
    ("8", "Implications"),
]

BRIEFING = [
    ("1", "Purpose of Report"),
    ("2", "Executive Summary"),
    ("3", "Background"),
    ("4", "Briefing Information"),
    ("5", "Implications"),
]
IMPLICATIONS_BRIEFING = ["Legal", "Finance", "Human Resources"]


def standard_sections(report_type: str) -> list[tuple[str, str, int]]:
    """The sections a new report of this type starts with: (number, heading, level)."""
    from .models import Report

    decision = report_type == Report.ReportType.FOR_DECISION
    sections, implications = (
        (FOR_DECISION, IMPLICATIONS_FOR_DECISION)
        if decision
        else (
            BRIEFING,
            IMPLICATIONS_BRIEFING,
        )
    )
    out = [(number, heading, 1) for number, heading in sections]
    last = sections[-1][0]
    out.extend((f"{last}.{i}", heading, 2) for i, heading in enumerate(implications, start=1))
    return out
