from django import template

from commissioning.market import formatting

register = template.Library()


@register.filter
def figure_value(figure) -> str:
    return formatting.figure_value(figure)


@register.filter
def shown_date(value, precision="day") -> str:
    return formatting.shown_date(value, precision)


@register.filter
def people(value) -> str:
    """A count of people as the statement prints it: 380,790; a negative with a minus sign."""
    if value is None or value == "":
        return ""
    return f"−{-value:,}" if value < 0 else f"{value:,}"


@register.filter
def signed_percent(value) -> str:
    if value is None or value == "":
        return ""
    return f"−{-value}%" if value < 0 else f"{value}%"


@register.filter
def get_band(bands: dict, band):
    """A population row's cell for an age band (dict lookup by key in templates)."""
    return bands.get(band)
