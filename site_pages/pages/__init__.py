"""Article pages, their StreamField blocks and the snippets they point to."""
