"""The carers referrals per day summary (market.CarersReferralDay), kept by triggers on carers_referral.

Statement-level triggers with transition tables: a bulk insert of a million referrals updates the summary
with one grouped statement, not a million. A day is the referral's received_at in the portal's time zone
(settings.TIME_ZONE), so quarters summed from days start at local midnight, as the carers statistics'
do. The summary is filled from the referrals already there when this migration runs.
"""

from django.conf import settings
from django.db import migrations, models


def _day(column: str) -> str:
    # The time zone comes from the settings, not from a request.
    return f"(({column}) AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _add(rows: str, sign: str) -> str:
    # Only this module's constants go into the statement.
    return f"""
        INSERT INTO market_carersreferralday (day, referrals)
        SELECT {_day("received_at")}, {sign}count(*) FROM {rows} GROUP BY 1
        ON CONFLICT (day) DO UPDATE
            SET referrals = market_carersreferralday.referrals + EXCLUDED.referrals;
    """  # noqa: S608


# Referrals an UPDATE moved to another time (their old and new received_at).
MOVED = (
    "(SELECT {}.received_at FROM old_rows o JOIN new_rows n USING (id)"
    " WHERE o.received_at IS DISTINCT FROM n.received_at) AS moved"
)
MOVED_FROM, MOVED_TO = MOVED.format("o"), MOVED.format("n")

TRIGGERS = f"""
CREATE FUNCTION market_referral_days_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_add("new_rows", "")}
    RETURN NULL;
END $$;

CREATE FUNCTION market_referral_days_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_add("old_rows", "-")}
    RETURN NULL;
END $$;

CREATE FUNCTION market_referral_days_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_add(MOVED_FROM, "-")}
    {_add(MOVED_TO, "")}
    RETURN NULL;
END $$;

CREATE FUNCTION market_referral_days_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM market_carersreferralday;
    RETURN NULL;
END $$;

CREATE TRIGGER market_referral_days_insert AFTER INSERT ON carers_referral
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION market_referral_days_insert();
CREATE TRIGGER market_referral_days_delete AFTER DELETE ON carers_referral
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION market_referral_days_delete();
CREATE TRIGGER market_referral_days_update AFTER UPDATE ON carers_referral
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION market_referral_days_update();
CREATE TRIGGER market_referral_days_truncate AFTER TRUNCATE ON carers_referral
    FOR EACH STATEMENT EXECUTE FUNCTION market_referral_days_truncate();

INSERT INTO market_carersreferralday (day, referrals)
SELECT {_day("received_at")}, count(*) FROM carers_referral GROUP BY 1;
"""  # noqa: S608

DROP_TRIGGERS = """
DROP TRIGGER market_referral_days_insert ON carers_referral;
DROP TRIGGER market_referral_days_delete ON carers_referral;
DROP TRIGGER market_referral_days_update ON carers_referral;
DROP TRIGGER market_referral_days_truncate ON carers_referral;
DROP FUNCTION market_referral_days_insert();
DROP FUNCTION market_referral_days_delete();
DROP FUNCTION market_referral_days_update();
DROP FUNCTION market_referral_days_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0001_initial"),
        ("carers", "0008_cared_for_links_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="CarersReferralDay",
            fields=[
                ("day", models.DateField(primary_key=True, serialize=False)),
                ("referrals", models.IntegerField()),
            ],
            options={"ordering": ["day"]},
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
