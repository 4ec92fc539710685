"""`{% load monitoring %}`: a RAG as a GOV.UK tag with its word, for the performance pages."""

from django import template

from ..monitoring.tables import rag_tag as _rag_tag
from ..monitoring.tables import standing_tag as _standing_tag

register = template.Library()


@register.filter
def rag_tag(value):
    return _rag_tag(value)


@register.filter
def standing_tag(record):
    return _standing_tag(record)
