"""Funding pages, by audience and area:

- `streams`: funding staff read the streams, rounds, summary, BCF and a provider's ledger;
- `money`: finance officers offer, change, pay, place refused money and reclaim;
- `setup`: finance officers keep the funders, streams, rounds' figures and BCF schemes;
- `provider`: a provider's own users read their allocations, accept or refuse offers and make returns;
- `exports`: the appendix and BCF tables (CSV, PDF) and the 360Giving open data (public).
"""
