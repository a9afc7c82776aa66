# The venue's name in French, Arabic and English, like the title: "venue" becomes "venue_fr".

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_places_registrations_contest"),
    ]

    operations = [
        migrations.RenameField(model_name="event", old_name="venue", new_name="venue_fr"),
        migrations.AlterField(
            model_name="event",
            name="venue_fr",
            field=models.CharField(
                blank=True,
                help_text="e.g. MESS, conference room",
                max_length=200,
                verbose_name="venue (French)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="venue_ar",
            field=models.CharField(blank=True, max_length=200, verbose_name="venue (Arabic)"),
        ),
        migrations.AddField(
            model_name="event",
            name="venue_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="venue (English)"),
        ),
    ]
