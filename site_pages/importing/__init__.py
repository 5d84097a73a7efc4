"""Bringing a WordPress site (posts, languages, comment threads) into Mazungumzo.

A floor above the pages and the conversation: it imports from them, never the reverse.
"""
