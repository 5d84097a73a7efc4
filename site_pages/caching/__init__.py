"""Caching of what anonymous readers see: whole pages in Django's cache, and a reverse
proxy (Varnish) or CDN in front, both invalidated by the conversation's and Wagtail's events.
"""
