"""The pages' pieces for monitoring providers (issue 12, parts 4-7): forms, tables, the KPI chart and the
lookups the performance, quality and concerns views share. The contracts register's own pieces are beside
this package (ADR 034)."""
