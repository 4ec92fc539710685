"""The benchmark harness behind `make bench`: fills a separate database at scale and times registered pages.

See bench/README.md.
"""
