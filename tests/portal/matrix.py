"""The permission matrix's rows for the portal's own account pages (two-step sign-in, docs/adr/023).

Every signed-in client of the matrix has a verified session (tests/signin.py), so the second step's
pages send it on; turning two-step sign-in off is refused to the roles that must use it.
"""

MFA_REQUIRED = ("finance-officer", "carers-hub-worker", "social-care-assessor", "provider", "other-provider")


def rows(h) -> dict:
    return {
        "mfa-verify": h.signed_in(h.REDIRECT),
        "mfa-recovery": h.signed_in(h.REDIRECT),
        "mfa-locked": h.everyone(200),
        "account": h.signed_in(200),
        "mfa-set-up": h.signed_in(200),
        "mfa-recovery-codes": h.signed_in(h.REDIRECT),  # shown once, after they are made
        "mfa-recovery-codes-new": h.signed_in(200),
        "mfa-turn-off": h.signed_in(200, **dict.fromkeys(MFA_REQUIRED, 403)),
    }
