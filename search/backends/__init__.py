"""This project's search backends: modelsearch's database backends with the speed-ups that need SQL on the
search index tables (see docs/search.md). Only this package names an index table, FTS5 or a tsvector."""
