"""The Mazungumzo demo project: home page, base templates, URLs and demo content."""
