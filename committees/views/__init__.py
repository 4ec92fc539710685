"""The committees' pages, one module per audience: `public` (everyone), `reports` (report authors and
publishing), `meetings` and `minutes` (democratic services: agendas; the record of a meeting and its
actions), `registers` (democratic services: committees, people, memberships, the work programme).
URL patterns are in committees/urls.py."""
