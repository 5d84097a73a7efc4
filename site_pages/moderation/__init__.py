"""Keeping the conversation clean: the spam pipeline, the blocklist, moderation."""
