"""QuerySet pieces shared by the apps' list pages."""

from __future__ import annotations

from django.db.models.query import ModelIterable, QuerySet

# Below this offset a plain LIMIT/OFFSET is as fast: the two-step fetch only pays off on deep pages.
DEFERRED_JOIN_FROM_OFFSET = 500


class DeepPageQuerySet(QuerySet):
    """Slices deep into an ordered list fetch their page in two steps (a "deferred join").

    `qs[47450:47475]` on a plain QuerySet makes PostgreSQL sort every matching row, whole, to skip the
    first 47,450: the time grows with the offset. Here it becomes
    `WHERE id IN (SELECT id ... ORDER BY ... OFFSET 47450 LIMIT 25) ORDER BY ...`: the inner query reads
    only the ordering columns from an index, the outer one fetches 25 rows. The result is the same rows
    in the same order. django-tables2's pagination slices the QuerySet, so list pages get this for free.
    Only for model-instance querysets with a total ordering that ends in a unique column (e.g. name, pk).
    """

    def __getitem__(self, key):
        if (
            isinstance(key, slice)
            and (key.start or 0) >= getattr(self.query, "deferred_join_from", DEFERRED_JOIN_FROM_OFFSET)
            and key.stop is not None
            and key.step is None
            and self._iterable_class is ModelIterable
            and self.query.order_by
            and not self.query.is_sliced
        ):
            page_ids = self.values("pk")[key.start : key.stop]
            return self.filter(pk__in=page_ids)
        return super().__getitem__(key)

    def deferred_join_from(self, offset: int) -> DeepPageQuerySet:
        """Fetch pages in two steps from `offset` on (0: every page). For a list whose order is computed
        over many wide rows (a join's column first), where even the first page sorts them all. The setting
        lives on the query, so it survives later filters and ordering."""
        clone = self.all()
        clone.query.deferred_join_from = offset
        return clone
