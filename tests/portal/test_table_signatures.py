"""portal/tables.py keeps django-tables2's signature answers: the same answers as asking each time."""

from __future__ import annotations

import functools

import pytest
from django_tables2 import utils as tables2_utils

from portal import tables


class Column:
    def render(self, value, record):
        return value

    def render_all(self, **kwargs):
        return kwargs

    def render_star(self, *args, record):
        return record

    @classmethod
    def made(cls, bound_column):
        return bound_column

    @staticmethod
    def plain(table):
        return table

    def __call__(self, record, value):
        return record


def function(record, table=None, **kwargs):
    return record


CALLABLES = [
    Column().render,
    Column().render_all,
    Column().render_star,
    Column.made,
    Column().plain,
    Column(),
    function,
    lambda value: value,
    functools.partial(function, table=1),
]


@pytest.mark.parametrize("fn", CALLABLES)
def test_cached_answers_equal_the_uncached_ones(fn):
    assert tables2_utils.signature is tables.cached_signature
    expected = tables._uncached_signature(fn)
    assert tables.cached_signature(fn) == expected
    assert tables.cached_signature(fn) == expected  # from the cache, where it is kept


def test_bound_methods_of_two_objects_share_one_answer():
    first, second = Column(), Column()
    tables.cached_signature(first.render)
    assert tables.cached_signature(second.render) == (("value", "record"), None)
    assert (Column.render, True) in tables._signatures
