"""What the search keeps in the database.

`SynonymGroup` is the synonym and abbreviation table regulators keep (with its history); every
backend reads it. `SearchEntry` and `SearchTag` are the database backend's index (one row per
public document and one per facet value); PostgreSQL adds a stored tsvector with its GIN index
and a trigram index, SQLite an FTS5 table, in migrations that run on that engine only
(search/backends/database.py reads them)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SynonymGroup(models.Model):
    """Words that mean the same to someone searching, e.g. 环评, 环境影响评价. The first word is
    the group's name in the workspace; a query for any word finds every word of the group."""

    words = models.TextField(_("同义词"), help_text=_("每行一个词，或用逗号分隔；第一个词作为名称。"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("修改人"),
    )
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("同义词组")
        verbose_name_plural = _("同义词表")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.word_list())

    def word_list(self):
        from .text import split_words  # the one rule for how the field is read
        return split_words(self.words)


class SearchEntry(models.Model):
    """One public document in the database backend (search.documents.Document)."""

    kind = models.CharField(max_length=10)
    ref = models.BigIntegerField()
    url = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    # The title as a query is normalised (search.text.normalise): "title equals / starts with
    # the query" boosts and the suggestions as one types compare against it.
    title_key = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    # The title and summary in the site's other languages, {"en": "…"}, where their labels read
    # differently (search.documents.Document.titles, .summaries); null where it reads the same in
    # each. Null rather than a default: SQLite adds a nullable column in place, where a default
    # would rebuild the table and drop migration 0003's FTS triggers with it.
    titles = models.JSONField(null=True, blank=True)
    summaries = models.JSONField(null=True, blank=True)
    # Index tokens (search.text), space-separated: the title's weight (title, keywords, the
    # names' pinyin) and the rest (summary, body).
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    codes = models.CharField(max_length=300, blank=True)   # upper-case, space-separated
    pinyin = models.TextField(blank=True)   # the names in pinyin (ASCII), for trigram near-misses
    date = models.DateTimeField(null=True)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    rank = models.FloatField(default=0)
    badges = models.JSONField(default=dict)
    facets = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="search_entry_kind_ref")]
        # The date and price sorts put NULLs last on every engine; their PostgreSQL indexes
        # (NULLS LAST, which SQLite's CREATE INDEX cannot say) are in migration 0003, with the
        # full-text and trigram ones.
        indexes = [
            models.Index(fields=["kind", "-rank", "ref"], name="search_entry_kind_rank"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.ref} {self.title}"


class SearchTag(models.Model):
    """One facet value of an entry (an agency offers many items, is in three region levels)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=12)
    value = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "facet", "value"], name="search_tag_unique")]
        indexes = [models.Index(fields=["facet", "value", "entry"], name="search_tag_lookup")]

    def __str__(self):
        return f"{self.facet}={self.value}"
