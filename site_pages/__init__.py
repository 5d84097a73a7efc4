"""Mazungumzo: multilingual articles with one shared conversation, as a Wagtail plugin."""
