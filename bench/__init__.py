"""`make bench`: the load benchmark (docs/benchmarks.md)."""
