"""A version number for the inputs of the market pages' provider figures (the provider register and the CQC
ratings recorded for providers), bumped by triggers on every statement that changes them, so the figures can
be kept between requests and are computed again as soon as either table changes (supply.providers_by_area).

The version is one row, updated (not inserted) by each writing statement: the row lock orders writers, so
the committed version always changes when a change commits (a sequence value alone could commit out of
order). The versions come from a sequence, which a rollback does not take back, so a version is never
reused for different rows. The table is not a Django model, so a test database flush (TRUNCATE of the
models' tables) does not empty it: the truncate itself bumps the version.
"""

from django.db import migrations

SQL = """
CREATE SEQUENCE market_source_version_seq;
CREATE TABLE market_source_version (source varchar(40) PRIMARY KEY, version bigint NOT NULL);
INSERT INTO market_source_version (source, version) VALUES ('providers', nextval('market_source_version_seq'));

CREATE FUNCTION market_providers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE market_source_version SET version = nextval('market_source_version_seq') WHERE source = 'providers';
    RETURN NULL;
END $$;

CREATE TRIGGER market_providers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON providers_provider
    FOR EACH STATEMENT EXECUTE FUNCTION market_providers_changed();
CREATE TRIGGER market_providers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON contracts_providerquality FOR EACH STATEMENT EXECUTE FUNCTION market_providers_changed();
"""

REVERSE = """
DROP TRIGGER market_providers_changed ON providers_provider;
DROP TRIGGER market_providers_changed ON contracts_providerquality;
DROP FUNCTION market_providers_changed();
DROP TABLE market_source_version;
DROP SEQUENCE market_source_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0002_carers_referral_days"),
        ("providers", "0004_alter_historicalprovider_history_change_reason_and_more"),
        ("contracts", "0001_initial"),
    ]

    operations = [migrations.RunSQL(SQL, REVERSE)]
