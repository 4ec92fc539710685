"""A provider's standing where commissioners place work or money (issue 12, parts 6 and 7): a provider of
concern (an open concern, opened by an officer or by the daily eligibility check) or one whose new
placements are suspended is flagged beside its name, never hidden. Lists join `provider__quality` so the
flag costs no query per row."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from portal import components

from .models import ProviderQuality, Standing

FLAG_COLOURS = {Standing.OF_CONCERN: "orange", Standing.SUSPENDED: "red"}


def quality_of(provider) -> ProviderQuality | None:
    try:
        return provider.quality
    except ProviderQuality.DoesNotExist:
        return None


def standing_flag(provider) -> SafeString:
    """The provider's standing as a tag, or nothing when it has no concerns."""
    record = quality_of(provider)
    if record is None or record.standing == Standing.GOOD:
        return mark_safe("")  # noqa: S308 - an empty string
    return format_html(
        " {}", components.tag(record.get_standing_display(), FLAG_COLOURS[Standing(record.standing)])
    )


def name_with_flag(provider, name: SafeString | str | None = None) -> SafeString:
    return format_html("{}{}", name if name is not None else provider.name, standing_flag(provider))


def standing_warning(provider) -> str:
    """A sentence for a page about placing work or money with the provider, or ''."""
    record = quality_of(provider)
    if record is None or record.standing == Standing.GOOD:
        return ""
    return f"{provider.name}: {record.get_standing_display().lower()}. {record.standing_reason}".strip()
