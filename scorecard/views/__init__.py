"""Scorecard pages, by audience: `reading` (everyone, signed in or not: published quarters; analysts'
drafts) and `analyst` (import, publish, figures, RAG, comments and measures' definitions)."""
