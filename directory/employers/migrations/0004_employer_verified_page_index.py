"""An index in the order of the "recently verified" sort (last verified, newest first, then name and id).

Near a ZIP code that sort read every row within the radius (152,000 at a million employers) to sort them for one
page; walking this index in order, a page stops once it has its rows (the radius is then a filter).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_fill_careerjobtitle"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employersnippet",
            index=models.Index(
                models.OrderBy(models.F("last_verified"), descending=True, nulls_last=True),
                models.F("name"),
                models.F("id"),
                name="employer_verified_page_idx",
            ),
        ),
    ]
