"""One way to write a time, GOV.UK's ("10:30am", "5pm", "midday"), from one formatter (`portal/timefmt.py`):
no template or module may format a time any other way. Django's own time formats ("a", "A", "P", "f" in
`date`/`time` filters, `%p` and `%I` in strftime) print "a.m.", "AM" or "10:30 a.m.", as the agenda pack's
front sheet once did; so does a bare `{{ meeting.time }}` (the en-gb TIME_FORMAT)."""

import datetime
import re
from pathlib import Path

from portal import timefmt

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["portal", "committees", "scorecard", "funding", "commissioning", "templates", "bench"]
# A date/time filter or formatter call with its format string.
FILTER_FORMAT = re.compile(r"""\|(?:date|time):\s*["']([^"']*)["']""")
CALL_FORMAT = re.compile(
    r"""(?:date_filter|time_filter|date_format|time_format)\([^()]*,\s*["']([^"']*)["']"""
)
STRFTIME = re.compile(r"""strftime\(\s*f?["']([^"']*)["']""")
# Django format characters that print a time of day in a non-GOV.UK way (escaped "\a" is literal text).
DJANGO_TIME_CHARS = re.compile(r"(?<!\\)[aAPf]")
# A template printing a time field as it is: Django would format it with the locale's TIME_FORMAT.
BARE_TIME = re.compile(r"\{\{\s*[\w.]*\.(?:time|starts_at_time|start_time|end_time)\s*\}\}")


def sources():
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".ics"} and "migrations" not in path.parts:
                yield path


def test_the_formatter_writes_times_the_govuk_way():
    assert timefmt.govuk_time(datetime.time(10, 30)) == "10:30am"
    assert timefmt.govuk_time(datetime.time(17, 0)) == "5pm"
    assert timefmt.govuk_time(datetime.time(12, 0)) == "midday"
    assert timefmt.govuk_time(datetime.time(0, 0)) == "midnight"
    assert timefmt.govuk_time(datetime.time(14, 5)) == "2:05pm"


def test_no_template_or_module_formats_a_time_another_way():
    found = []
    for path in sources():
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(ROOT)
        if path.resolve() == Path(timefmt.__file__).resolve():
            continue
        for pattern in (FILTER_FORMAT, CALL_FORMAT):
            for match in pattern.finditer(text):
                if DJANGO_TIME_CHARS.search(match.group(1)):
                    found.append(f"{where}: {match.group(0)}")
        for match in STRFTIME.finditer(text):
            if "%p" in match.group(1) or "%I" in match.group(1):
                found.append(f"{where}: {match.group(0)}")
        for match in BARE_TIME.finditer(text):
            found.append(f"{where}: {match.group(0)} (use |govuk_time)")
        for line in text.splitlines():
            if re.search(r"\d\s*[ap]\.m\.|\b[ap]\.m\.", line):
                found.append(f"{where}: {line.strip()}")
    assert not found, "Times not written the GOV.UK way (10:30am), through portal.timefmt:\n" + "\n".join(
        found
    )


def test_the_check_finds_each_kind_of_wrong_time(tmp_path):
    """The patterns above match what they are meant to (a check that matched nothing would always pass)."""
    assert DJANGO_TIME_CHARS.search(FILTER_FORMAT.search('{{ m.date|date:"j F Y, g:i a" }}').group(1))
    assert DJANGO_TIME_CHARS.search(FILTER_FORMAT.search("{{ m.time|time:'P' }}").group(1))
    assert not DJANGO_TIME_CHARS.search(FILTER_FORMAT.search('{{ m.date|date:"l" }}').group(1))
    assert DJANGO_TIME_CHARS.search(CALL_FORMAT.search('date_filter(value, "g:i A")').group(1))
    assert "%p" in STRFTIME.search('moment.strftime("%I:%M %p")').group(1)
    assert BARE_TIME.search("<td>{{ meeting.time }}</td>")
    assert not BARE_TIME.search("<td>{{ meeting.time|govuk_time }}</td>")
