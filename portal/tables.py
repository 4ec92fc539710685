"""django-tables2 pieces shared by the apps' list pages."""


def stable_order(field: str):
    """An `order_<column>` method that breaks ties on the primary key.

    Sorting by a column many rows share (a town, a status, a date) without a tie-breaker lets PostgreSQL
    return those rows in any order, so rows repeat or go missing between pages. Use as
    `order_town = stable_order("town")` in a Table.
    """

    def order(self, queryset, is_descending):
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}{field}", f"{prefix}pk"), True

    return order
