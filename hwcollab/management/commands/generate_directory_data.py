"""python manage.py generate_directory_data [--trainings N] [--employers M] [--seed S]

Synthetic listings spread over real New York ZIP codes, for benchmarks. Idempotent for a given seed:
rows are keyed by external id, so running it again changes nothing.
"""

import csv
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Locale

from career_pages.models import CareerPage
from directory.trainings.importing import COLUMNS, TrainingWriter, get_or_create_training_index
from directory.trainings.synthetic import synthetic_training_rows


def default_career_slugs():
    """Up to three live careers' slugs, in the default language: translations share their slugs."""
    return list(
        CareerPage.objects.live()
        .filter(locale=Locale.get_default())
        .order_by("path")
        .values_list("slug", flat=True)[:3]
    )


class Command(BaseCommand):
    help = "Generate synthetic trainings (and, with the employers work, employers) over real New York ZIP codes."

    def add_arguments(self, parser):
        parser.add_argument("--trainings", type=int, default=0, help="How many trainings to create.")
        parser.add_argument("--employers", type=int, default=0, help="How many (published) employers to create.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (same seed, same data).")
        parser.add_argument(
            "--trainings-csv",
            metavar="FILE",
            help="Write the trainings to FILE in the import_trainings CSV format instead of saving them.",
        )

    def handle(self, *args, **options):
        if options["trainings"] < 0 or options["employers"] < 0:
            raise CommandError("--trainings and --employers must be 0 or more.")
        if not options["trainings"] and not options["employers"]:
            raise CommandError("Nothing to generate: pass --trainings N and/or --employers M.")
        if options["trainings"]:
            if options["trainings_csv"]:
                self.write_trainings_csv(options["trainings"], options["seed"], options["trainings_csv"])
            else:
                self.generate_trainings(options["trainings"], options["seed"])
        if options["employers"]:
            self.generate_employers(options["employers"], options["seed"])

    def generate_employers(self, count, seed):
        from directory.employers.importing import EmployerImporter
        from directory.employers.synthetic import synthetic_employer_rows

        started = time.monotonic()
        importer = EmployerImporter(publish=True)
        summary = importer.run(enumerate(synthetic_employer_rows(count, seed=seed), start=2))
        self.stdout.write(
            f"Employers: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{len(summary.errors)} errors (seed {seed}) in {time.monotonic() - started:.1f} s."
        )

    def write_trainings_csv(self, count, seed, path):
        career_slugs = default_career_slugs()
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for external_id, values, provider, languages, careers in synthetic_training_rows(
                count, seed=seed, career_slugs=career_slugs
            ):
                row = {name: values.get(name) for name in COLUMNS if name in values}
                row.update(
                    external_id=external_id,
                    format=values["delivery_format"],
                    description=strip_tags(values["description"]),
                    provider=provider[0],
                    provider_website=provider[1],
                    languages=";".join(languages),
                    careers=";".join(careers),
                    cost="" if values["cost"] is None else values["cost"],
                    funding=";".join(values["funding"]),
                    support_services=";".join(values["support_services"]),
                    outcomes_are_demo="yes" if values["outcomes_are_demo"] else "",
                )
                # Empty cells, not "None", for the figures not reported.
                row = {name: "" if value is None else value for name, value in row.items()}
                writer.writerow(row)
        self.stdout.write(f"Wrote {count} trainings to {path}.")

    @transaction.atomic
    def generate_trainings(self, count, seed):
        started = time.monotonic()
        try:
            writer = TrainingWriter(get_or_create_training_index())
        except LookupError as error:
            raise CommandError(str(error)) from None
        career_slugs = default_career_slugs()
        for row in synthetic_training_rows(count, seed=seed, career_slugs=career_slugs):
            writer.add(*row)
        writer.flush()
        counts = writer.counts
        self.stdout.write(
            f"Trainings: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged "
            f"(seed {seed}) in {time.monotonic() - started:.1f} s."
        )
