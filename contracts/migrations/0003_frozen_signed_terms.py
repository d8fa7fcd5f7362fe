"""More of a signed contract is frozen by the database: besides its text, hash and signing time,
its number, parties, price, template version, filled-in fields and milestone plan; and the text
and hash of every round (what a signature points to) never change once offered."""
from django.db import migrations

FROZEN = ("number", "owner_id", "agency_id", "bid_id", "job_id", "price_fen", "template_version_id", "values",
          "milestone_plan")

PG = """
CREATE OR REPLACE FUNCTION contracts_signed_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_at IS NOT NULL AND (NEW.text IS DISTINCT FROM OLD.text
            OR NEW.text_hash IS DISTINCT FROM OLD.text_hash
            OR NEW.signed_at IS DISTINCT FROM OLD.signed_at
            %(frozen)s) THEN
        RAISE EXCEPTION 'signed contract %% is frozen', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION contracts_round_frozen() RETURNS trigger AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text OR NEW.text_hash IS DISTINCT FROM OLD.text_hash THEN
        RAISE EXCEPTION 'an offered round is frozen' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER contracts_round_frozen BEFORE UPDATE ON contracts_contractround
    FOR EACH ROW EXECUTE FUNCTION contracts_round_frozen();
""" % {"frozen": "".join(f'OR NEW."{c}" IS DISTINCT FROM OLD."{c}" ' for c in FROZEN)}

PG_BACK = """
DROP TRIGGER IF EXISTS contracts_round_frozen ON contracts_contractround;
DROP FUNCTION IF EXISTS contracts_round_frozen();
"""

SQLITE = [
    "DROP TRIGGER IF EXISTS contracts_signed_frozen",
    """CREATE TRIGGER contracts_signed_frozen BEFORE UPDATE ON contracts_contract
    WHEN OLD.signed_at IS NOT NULL AND (NEW.text IS NOT OLD.text OR NEW.text_hash IS NOT OLD.text_hash
        OR NEW.signed_at IS NOT OLD.signed_at %s)
    BEGIN SELECT RAISE(ABORT, 'signed contract is frozen'); END""" % "".join(
        f'OR NEW."{c}" IS NOT OLD."{c}" ' for c in FROZEN),
    """CREATE TRIGGER contracts_round_frozen BEFORE UPDATE ON contracts_contractround
    WHEN NEW.text IS NOT OLD.text OR NEW.text_hash IS NOT OLD.text_hash
    BEGIN SELECT RAISE(ABORT, 'an offered round is frozen'); END""",
]


def forwards(apps, schema_editor):
    statements = [PG] if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACK, params=None)
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS contracts_round_frozen", params=None)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_signed_contract_frozen")]

    operations = [migrations.RunPython(forwards, backwards)]
