"""One conversation per article, shared by all its language versions (django-comments-xtd)."""
