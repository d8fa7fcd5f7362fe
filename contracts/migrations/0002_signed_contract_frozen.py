"""A signed contract's text and hash never change, and a signature is never taken back: a
trigger refuses such an UPDATE whatever code (or person at a SQL prompt) sends it. Signatures
and ledger entries are append-only the same way (on SQLite only against UPDATE: the test
database's flush deletes rows one table at a time, where PostgreSQL truncates)."""
from django.db import migrations

PG = """
CREATE OR REPLACE FUNCTION contracts_signed_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_at IS NOT NULL AND (NEW.text IS DISTINCT FROM OLD.text
            OR NEW.text_hash IS DISTINCT FROM OLD.text_hash
            OR NEW.signed_at IS DISTINCT FROM OLD.signed_at) THEN
        RAISE EXCEPTION 'signed contract % is frozen', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER contracts_signed_frozen BEFORE UPDATE ON contracts_contract
    FOR EACH ROW EXECUTE FUNCTION contracts_signed_frozen();
CREATE OR REPLACE FUNCTION contracts_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER contracts_signature_append_only BEFORE UPDATE OR DELETE ON contracts_signature
    FOR EACH ROW EXECUTE FUNCTION contracts_append_only();
CREATE TRIGGER contracts_ledger_append_only BEFORE UPDATE OR DELETE ON contracts_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION contracts_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS contracts_signed_frozen ON contracts_contract;
DROP TRIGGER IF EXISTS contracts_signature_append_only ON contracts_signature;
DROP TRIGGER IF EXISTS contracts_ledger_append_only ON contracts_ledgerentry;
DROP FUNCTION IF EXISTS contracts_signed_frozen();
DROP FUNCTION IF EXISTS contracts_append_only();
"""
SQLITE = [
    """CREATE TRIGGER contracts_signed_frozen BEFORE UPDATE ON contracts_contract
    WHEN OLD.signed_at IS NOT NULL AND (NEW.text IS NOT OLD.text OR NEW.text_hash IS NOT OLD.text_hash
        OR NEW.signed_at IS NOT OLD.signed_at)
    BEGIN SELECT RAISE(ABORT, 'signed contract is frozen'); END""",
    """CREATE TRIGGER contracts_signature_no_update BEFORE UPDATE ON contracts_signature
    BEGIN SELECT RAISE(ABORT, 'contracts_signature is append-only'); END""",
    """CREATE TRIGGER contracts_ledger_no_update BEFORE UPDATE ON contracts_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'contracts_ledgerentry is append-only'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}" for name in (
        "contracts_signed_frozen", "contracts_signature_no_update", "contracts_ledger_no_update")
]


def forwards(apps, schema_editor):
    statements = [PG] if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    statements = [PG_DROP] if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
