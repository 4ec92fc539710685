"""Roles and named permissions: the one place that says who may do what.

A role is a Django group. Each permission a view checks is named here once, as a constant, and granted to
roles in ROLE_PERMISSIONS. `sync_roles()` makes the groups in the database match this table: the data
migration portal/0002 runs it, and so does every `migrate` (post_migrate), so a permission that a later
app adds to its model's Meta is granted as soon as its migration has run. See docs/adr/003-roles.md.

Object-level rules (a provider user sees only its own organisation; carers' personal data) are not
permissions: they live in each app's querysets (`visible_to(user)`).
"""

from __future__ import annotations

from django.db.models import TextChoices


class Role(TextChoices):
    PROVIDER_USER = "provider-user", "Provider user"
    COMMISSIONER = "commissioner", "Commissioner"
    DEMOCRATIC_SERVICES = "democratic-services", "Democratic services"
    REPORT_AUTHOR = "report-author", "Report author"
    PERFORMANCE_ANALYST = "performance-analyst", "Performance analyst"
    FINANCE_OFFICER = "finance-officer", "Finance officer"
    CARERS_HUB_WORKER = "carers-hub-worker", "Carers hub worker"
    SOCIAL_CARE_ASSESSOR = "social-care-assessor", "Social care assessor"
    CONTRACTS_OFFICER = "contracts-officer", "Contracts and quality officer"
    DELEGATED_OFFICER = "delegated-officer", "Delegated officer"


# Roles that must sign in with a second factor (docs/adr/023-multi-factor-sign-in.md): carers' special
# category data (hub workers, assessors), money (finance officers), and user administration: every
# provider user may invite colleagues to act for their organisation (providers:invite). Django admin
# staff must too (portal/mfa.py). Everyone else may choose to, from their account page.
MFA_REQUIRED_ROLES: frozenset[str] = frozenset(
    {Role.CARERS_HUB_WORKER, Role.SOCIAL_CARE_ASSESSOR, Role.FINANCE_OFFICER, Role.PROVIDER_USER}
)

# Named permissions ("app_label.codename"). Views and templates use these constants, never strings.
VIEW_PROVIDER_REGISTER = "providers.view_provider"
CHANGE_ANY_PROVIDER = "providers.change_provider"
DEACTIVATE_PROVIDER = "providers.deactivate_provider"
EXPORT_PROVIDER_REGISTER = "providers.export_provider"
# Committees (committees/): democratic services run committee business; report authors draft reports.
MANAGE_COMMITTEES = "committees.manage_committees"
PUBLISH_REPORT = "committees.publish_report"
DRAFT_REPORT = "committees.add_report"
VIEW_EXEMPT_REPORTS = "committees.view_exempt_report"
# A member's registered interest matching an FPS applicant, contracted provider or funding recipient: a
# warning for commissioners and democratic services only (never providers, never the public).
VIEW_INTEREST_WARNINGS = "committees.view_interest_warnings"
# Funding (funding/): commissioners read; only finance officers change money.
VIEW_FUNDING = "funding.view_fundingstream"
MANAGE_FUNDING_MONEY = "funding.manage_funding_money"
EXPORT_FUNDING = "funding.export_funding"
# Carers hub (commissioning/carers/): personal data only for the hub and assessors; statistics for
# commissioners. The hub manager's access log permission is granted to the hub worker role (ADR 010).
VIEW_CARERS_REFERRALS = "carers.view_referral"
CHANGE_CARERS_REFERRALS = "carers.change_referral"
ASSESS_CARERS_REFERRALS = "carers.assess_referral"
VIEW_CARERS_ACCESS_LOG = "carers.view_carers_access_log"
EXPORT_CARER_DATA = "carers.export_carer_data"
EXPORT_CARERS_RETURNS = "carers.export_carers_returns"  # the national returns: no names (ADR 052)
VIEW_CARERS_STATISTICS = "carers.view_carers_statistics"
# Scorecard (scorecard/): analysts import, edit and publish; commissioners and democratic services read
# published quarters only.
MANAGE_SCORECARD = "scorecard.manage_scorecard"
VIEW_PUBLISHED_SCORECARD = "scorecard.view_published_scorecard"
# Flexible purchasing system (commissioning/fps/): commissioners run it and evaluate applications; the
# delegated officer (the Executive Director's delegate) reads them and decides admissions, never on an
# application they evaluated unless FPS_EVALUATOR_MAY_DECIDE (ADR 045). Providers' rights are over their own
# organisation (querysets, not permissions).
MANAGE_FPS = "fps.manage_fps"
VIEW_FPS_APPLICATIONS = "fps.view_application"
EVALUATE_FPS_APPLICATION = "fps.evaluate_application"
DECIDE_FPS_APPLICATION = "fps.decide_application"
MANAGE_FPS_PACKAGES = "fps.manage_package"
# Contracts, provider performance and quality (commissioning/contracts/): commissioners and the Contracts and
# Quality Assurance team's officers manage them (ADR 034); finance officers read contracts. Providers' rights
# are over their own organisation's contracts, returns and action plans (querysets, not permissions).
VIEW_CONTRACTS = "contracts.view_contract"
MANAGE_CONTRACTS = "contracts.manage_contracts"
VIEW_QUALITY = "contracts.view_quality"
MANAGE_QUALITY = "contracts.manage_quality"
# Market position statement (commissioning/market/): public pages; commissioners change them.
MANAGE_MARKET = "market.manage_market"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.PROVIDER_USER: set(),  # a provider's rights are over its own organisation: see providers' querysets
    Role.COMMISSIONER: {
        VIEW_PROVIDER_REGISTER,
        CHANGE_ANY_PROVIDER,
        DEACTIVATE_PROVIDER,
        EXPORT_PROVIDER_REGISTER,
        VIEW_FUNDING,
        EXPORT_FUNDING,
        VIEW_CARERS_STATISTICS,
        VIEW_PUBLISHED_SCORECARD,
        MANAGE_FPS,
        VIEW_FPS_APPLICATIONS,
        EVALUATE_FPS_APPLICATION,
        MANAGE_FPS_PACKAGES,
        VIEW_CONTRACTS,
        MANAGE_CONTRACTS,
        VIEW_QUALITY,
        MANAGE_QUALITY,
        MANAGE_MARKET,
        VIEW_INTEREST_WARNINGS,
    },
    Role.DEMOCRATIC_SERVICES: {
        MANAGE_COMMITTEES,
        VIEW_INTEREST_WARNINGS,
        PUBLISH_REPORT,
        DRAFT_REPORT,
        VIEW_EXEMPT_REPORTS,
        VIEW_PUBLISHED_SCORECARD,
    },
    Role.REPORT_AUTHOR: {DRAFT_REPORT, VIEW_EXEMPT_REPORTS},
    Role.PERFORMANCE_ANALYST: {MANAGE_SCORECARD, VIEW_PUBLISHED_SCORECARD, EXPORT_CARERS_RETURNS},
    Role.FINANCE_OFFICER: {
        VIEW_PROVIDER_REGISTER,
        EXPORT_PROVIDER_REGISTER,
        VIEW_FUNDING,
        MANAGE_FUNDING_MONEY,
        EXPORT_FUNDING,
        VIEW_CONTRACTS,
    },
    Role.CARERS_HUB_WORKER: {
        VIEW_CARERS_REFERRALS,
        CHANGE_CARERS_REFERRALS,
        VIEW_CARERS_ACCESS_LOG,
        EXPORT_CARER_DATA,
        VIEW_CARERS_STATISTICS,
    },
    Role.SOCIAL_CARE_ASSESSOR: {ASSESS_CARERS_REFERRALS},
    Role.CONTRACTS_OFFICER: {VIEW_CONTRACTS, MANAGE_CONTRACTS, VIEW_QUALITY, MANAGE_QUALITY},
    Role.DELEGATED_OFFICER: {VIEW_FPS_APPLICATIONS, DECIDE_FPS_APPLICATION},
}


def sync_roles(apps=None, *, verbosity: int = 0) -> None:
    """Create each role's group and give it exactly the permissions in ROLE_PERMISSIONS.

    `apps` is the migration state's registry when called from a migration, else the live one.
    A permission named here whose model does not exist yet is skipped (it is granted by the `migrate`
    that creates it); tests/portal/test_permissions.py checks that every one exists once all have run.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # In a migration's state registry the configs are stubs without models_module, which
        # create_permissions would take as "no models"; the documented work-around sets it for the call.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=verbosity)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in={p.split(".")[0] for p in wanted}
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=Role(role).label)
        group.permissions.set([found[p] for p in perms if p in found])
