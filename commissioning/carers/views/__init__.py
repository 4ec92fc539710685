"""The carers hub's pages, one module per audience or area: `public` (the online referral form),
`caseload` (hub staff and assessors' lists, entering a referral), `referrals` (a referral and its pathway
steps), `carers` (a carer's record, its changes, access log and subject access exports) and `statistics`
(commissioners: numbers only).

Personal data is fetched only through `visible_to(user)` (the `get_<thing>_for_user` helpers in `fetch`),
so any other role gets 404 for a carer's or referral's URL, and every view of a record is logged.
"""
