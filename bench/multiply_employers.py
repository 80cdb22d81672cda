"""Make a database of COPIES times the synthetic employers of a generated one, quickly (PostgreSQL benchmark data).

    createdb -T hw_employers_100k hw_employers_1m      # a copy of a database filled by generate_directory_data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hw_employers_1m python bench/multiply_employers.py --copies 10
    psql hw_employers_1m -c "VACUUM ANALYZE"

generate_directory_data validates and writes every row in Python (about 1,400 rows a second on a busy 2-CPU
machine: 1,000,000 employers would take most of an hour). This copies the synthetic rows in SQL instead,
COPIES - 1 more times, each copy numbered on after the last (external id, name and slug end in the new number;
ZIP code, care settings, hiring and every other column as in the row copied), then indexes the new rows with
the search layer's bulk path (search.bulk_index, as the import does). Each ZIP code then holds exactly COPIES
times its rows: the same spread over New York as the database copied.

--copy-search-copy skips the indexing pass (about 360 rows a second on the shared machine): the new rows get the
row's search copy (search_title, search_body, search_title_norm: what the employer search matches and ranks on,
docs/employers.md) of the row they copy, in the same INSERT. Site search (the index entries) then knows only the
rows copied; the employer search is not affected.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")

PREFIX = "synthetic-employer-0-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, required=True, help="How many times the synthetic rows in all.")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument(
        "--copy-search-copy",
        action="store_true",
        help="Copy the rows' search copy instead of indexing the new rows (no site search entries for them).",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction

    from directory.employers.models import EmployerSnippet
    from search import bulk_index
    from search.backends.schema import ROW_COPY_BODY, ROW_COPY_TITLE, ROW_COPY_TITLE_NORM

    synthetic = EmployerSnippet.objects.filter(external_id__startswith=PREFIX)
    base = synthetic.count()
    if not base:
        sys.exit("No synthetic employers to copy: run generate_directory_data --employers N first.")
    last_id = EmployerSnippet.objects.order_by("-pk").values_list("pk", flat=True).first()
    table = EmployerSnippet._meta.db_table
    number = f"substring(s.external_id from {len(PREFIX) + 1})::bigint + k * {base}"
    expressions = {
        "external_id": f"'{PREFIX}' || ({number})",
        "name": f"regexp_replace(s.name, '[0-9]+$', ({number})::text)",
        "slug": f"regexp_replace(s.slug, '[0-9]+$', ({number})::text)",
        "website": f"regexp_replace(s.website, 'employer-[0-9]+', 'employer-' || ({number}))",
    }
    columns = [field.column for field in EmployerSnippet._meta.concrete_fields if field.column != "id"]
    if args.copy_search_copy:
        columns += [ROW_COPY_TITLE, ROW_COPY_BODY, ROW_COPY_TITLE_NORM]
    selected = ", ".join(expressions.get(column, f"s.{column}") for column in columns)
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selected} "  # noqa: S608 - model columns only
            f"FROM {table} s CROSS JOIN generate_series(1, %s) AS k WHERE s.external_id LIKE %s ORDER BY k, s.id",
            [args.copies - 1, PREFIX + "%"],
        )
        print(f"Copied {cursor.rowcount} rows in {time.monotonic() - started:.1f} s", flush=True)
    if args.copy_search_copy:
        return
    new_rows = EmployerSnippet.objects.filter(pk__gt=last_id).order_by("pk")
    indexed, after = 0, last_id
    while True:
        batch = list(new_rows.filter(pk__gt=after)[: args.batch])
        if not batch:
            break
        with transaction.atomic():
            bulk_index.add_bulk(EmployerSnippet, batch)
        indexed += len(batch)
        after = batch[-1].pk
        if indexed % (args.batch * 20) == 0:
            print(f"Indexed {indexed} in {time.monotonic() - started:.1f} s", flush=True)
    bulk_index.refresh_title_norms(EmployerSnippet)
    print(f"Indexed {indexed} new rows; {synthetic.count()} synthetic employers in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
