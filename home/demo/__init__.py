"""Demo content built from the seed articles; the loader is idempotent."""
