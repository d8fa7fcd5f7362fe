"""A Wagtail locale for every language the editors write in (WAGTAIL_CONTENT_LANGUAGES): Wagtail
creates the default one; the English tree needs its own before a page can be translated."""
from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_service_pages"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
