from django import template
from django.utils.html import format_html

from commissioning.carers.statistics import SUPPRESS_BELOW

register = template.Library()


@register.filter
def suppress(value):
    """Numbers from 1 to 4 are shown as "fewer than 5" so nobody can be recognised from them."""
    if value and 0 < value < SUPPRESS_BELOW:
        return format_html('<span title="Fewer than {}">&lt;{}</span>', SUPPRESS_BELOW, SUPPRESS_BELOW)
    return f"{value:,}"
