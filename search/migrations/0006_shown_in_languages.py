"""An entry's title and summary in the site's other languages (search.documents.Document.titles,
.summaries), shown to their readers. Nullable columns without a default: both engines add them
in place (SQLite would otherwise rebuild the table and lose migration 0003's FTS triggers).
Entries written before stay null and show the site language's text until the next
`manage.py search_rebuild`."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facet_tags")]

    operations = [
        migrations.AddField(model_name="searchentry", name="summaries", field=models.JSONField(blank=True, null=True)),
        migrations.AddField(model_name="searchentry", name="titles", field=models.JSONField(blank=True, null=True)),
    ]
