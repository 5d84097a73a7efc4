"""Settings for the Mazungumzo project: base, development, test and production."""
