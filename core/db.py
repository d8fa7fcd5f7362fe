"""Database pieces that lists at scale need on PostgreSQL and that must leave SQLite alone.

- `AddPostgresIndex`, a migration operation: an index only PostgreSQL builds (partial,
  expression, trigram GIN), and which makemigrations never sees, because it is not in the
  model's `Meta.indexes`. SQLite (development, tests, `scripts/start`) gets nothing: its lists are
  small, and it lacks the operator classes anyway.
- `AnyOf`: "column in (subquery)" that PostgreSQL can serve from an index inside an OR.
- `copy_into`: rows streamed into a table with COPY (seed_scale's data, the search index's
  rebuild), an order of magnitude faster than INSERTs.
"""
from contextlib import contextmanager

from django.contrib.postgres.indexes import OpClass
from django.db import connection
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, Expression, F, OrderBy, Subquery
from django.db.models.functions import Collate
from django.db.models.indexes import IndexExpression


class AddPostgresIndex(Operation):
    """Create `index` on `model_name` on PostgreSQL only (after the `extensions` it needs);
    elsewhere do nothing. Model state is not touched."""

    reversible = True

    def __init__(self, model_name, index, extensions=()):
        self.model_name = model_name
        self.index = index
        self.extensions = tuple(extensions)

    def state_forwards(self, app_label, state):
        pass  # not part of the model's state: makemigrations must not try to drop it

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for extension in self.extensions:
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {schema_editor.quote_name(extension)}")
        # An operator class on an expression (trigram GIN on UPPER(name)) is written the way
        # django.contrib.postgres does once installed; this project does not install it.
        wrappers = IndexExpression.wrapper_classes
        IndexExpression.register_wrappers(OrderBy, OpClass, Collate)
        try:
            schema_editor.add_index(to_state.apps.get_model(app_label, self.model_name), self.index)
        finally:
            IndexExpression.register_wrappers(*wrappers)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.remove_index(from_state.apps.get_model(app_label, self.model_name), self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_{self.index.name.lower()}"


class AnyOf(Expression):
    """`column IN (subquery)`. On PostgreSQL written `column = ANY(ARRAY(subquery))`: the
    subquery then runs once, first, and its ids are an index condition, so an OR of it with
    other indexed conditions is a BitmapOr instead of a filter over every row."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column, queryset):
        super().__init__()
        self.column = F(column) if isinstance(column, str) else column
        self.subquery = Subquery(queryset)

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, expressions):
        self.column, self.subquery = expressions

    def _parts(self, compiler):
        column, column_params = compiler.compile(self.column)
        subquery, subquery_params = compiler.compile(self.subquery)
        return column, subquery, [*column_params, *subquery_params]

    def as_sql(self, compiler, connection):
        column, subquery, params = self._parts(compiler)
        return f"{column} IN {subquery}", params

    def as_postgresql(self, compiler, connection):
        column, subquery, params = self._parts(compiler)
        return f"{column} = ANY(ARRAY{subquery})", params


@contextmanager
def copy_into(table, columns):
    """`with copy_into(table, columns) as write: write(values)` streams rows into `table` with
    COPY … FROM STDIN (PostgreSQL with psycopg 3 only). A JSON column takes its value as JSON
    text. An exception inside the block ends the COPY in error: no row of it is written."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
            yield copy.write_row
