from django import template

from scorecard import tables

register = template.Library()


@register.filter
def rag_tag(rag: str):
    """A GOV.UK tag whose text says the RAG (colours from scorecard.models.RAG_COLOURS)."""
    return tables.rag_tag(rag)


@register.filter
def rag_label(rag: str) -> str:
    return tables.RAG_LABELS.get(rag or "", "Not rated")
