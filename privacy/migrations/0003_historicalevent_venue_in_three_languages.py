# The history of events follows events 0003: "venue" becomes "venue_fr" (the history kept), and Arabic
# and English venues.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_historicalindicator_historicalobservation"),
    ]

    operations = [
        migrations.RenameField(model_name="historicalevent", old_name="venue", new_name="venue_fr"),
        migrations.AlterField(
            model_name="historicalevent",
            name="venue_fr",
            field=models.CharField(
                blank=True,
                help_text="e.g. MESS, conference room",
                max_length=200,
                verbose_name="venue (French)",
            ),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="venue_ar",
            field=models.CharField(blank=True, max_length=200, verbose_name="venue (Arabic)"),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="venue_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="venue (English)"),
        ),
    ]
