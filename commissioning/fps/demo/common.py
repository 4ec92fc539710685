"""Shared helpers of the FPS demo loader: the fixture files, UK times, saving with history."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

REASON = "Demo data loaded"
DEMO = "demo"  # an application's "window" in applications.json: the invented open window
# The paths the brief plans for these views, used only while a view is missing.
PLANNED_PATHS = {"fps:application": "/fps/applications/{}/", "fps:package": "/fps/packages/{}/"}
RELATIVE = re.compile(r"^today(?P<days>[+-]\d+)?(?: (?P<time>\d{1,2}:\d{2}))?$")


def folder():
    return settings.BASE_DIR / "fixtures" / "demo" / "fps"


def read(name: str) -> dict:
    return json.loads((folder() / name).read_text(encoding="utf-8"))


# Times: UK time in the files, aware datetimes in the database -----------------------------------------------


def uk(day: date, at: str = "00:00") -> datetime:
    hours, minutes = (int(part) for part in at.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hours, minutes)))


def moment(value: str, today: date) -> datetime:
    """'2022-05-16T14:02' or 'today-6 14:20', in UK time."""
    match = RELATIVE.match(value)
    if match:
        day = today + timedelta(days=int(match["days"] or 0))
        return uk(day, match["time"] or "09:00")
    return timezone.make_aware(datetime.fromisoformat(value))


def day(value: str, today: date) -> date:
    """'2022-07-01' or 'today+21'."""
    match = RELATIVE.match(value)
    if match:
        return today + timedelta(days=int(match["days"] or 0))
    return date.fromisoformat(value)


# Saving with history ----------------------------------------------------------------------------------------


def save(obj, *, user=None, reason: str = REASON, when: datetime | None = None, clean: bool = True):
    """Save with the history user, reason and date (the day the event happened, not the day of loading)."""
    if clean:
        # Who did it may be unknown (a demo provider without a user): nullable but not blank fields.
        unknown = [f.name for f in obj._meta.concrete_fields if f.null and getattr(obj, f.attname) is None]
        obj.full_clean(exclude=unknown)
    obj._history_user = user
    obj._change_reason = reason
    if when is not None:
        obj._history_date = when
    obj.save()
    for attribute in ("_history_user", "_change_reason", "_history_date"):
        obj.__dict__.pop(attribute, None)
    return obj


def sync(model, lookup: dict, values: dict, *, when: datetime | None = None):
    """Create the record, or change the fields that differ from the file; save nothing when none do."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return save(model(**lookup, **values), when=when)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.full_clean()
        obj._change_reason = "Demo data corrected from fixtures/demo/fps/"
        obj.save()
    return obj


def spoken(value: datetime) -> str:
    """'15 September 2025 at midday', '1 April 2022 at 9am', in UK time (GOV.UK style)."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    else:
        clock = f"{local.hour % 12 or 12}{f':{local.minute:02d}' if local.minute else ''}"
        clock += "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {clock}"


def link(name: str, *args) -> str:
    """A portal path for a notification; the planned path if the view is not there (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return PLANNED_PATHS[name].format(*args)


# A tiny valid PDF, made here so that nothing binary is committed --------------------------------------------


def tiny_pdf(*lines: str) -> bytes:
    """A one-page A4 PDF 1.4 with the lines in Helvetica (Latin-1), with a correct cross-reference table."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    stream_bytes = stream.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream_bytes) + stream_bytes + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
