"""What happens to comments, announced to the apps above the conversation.

The conversation sends these; notifications, translation, the moderators' digest and the
caches listen from their own apps, so the conversation imports none of them. Every signal
is sent inside the transaction that made the change: work a receiver queues stands or
falls with the comment. Receivers that talk to the outside world (a cache, a proxy)
should wait for `transaction.on_commit`.

Each is sent with `sender=ArticleComment` (or `Conversation`) and keyword arguments.
`conversation_changed` may come several times for one change (a comment and each of its
translations): receivers that do expensive work should coalesce, e.g. per transaction.
"""

from django.dispatch import Signal

# A comment readers can now see: published at once, confirmed by email, or approved.
# kwargs: comment, notify (False for seed data and imports: send no mail about it)
comment_published = Signal()

# A visible comment's text changed (the author edited it). kwargs: comment
comment_edited = Signal()

# A comment readers could see no longer shows: unpublished, removed, or marked spam.
# kwargs: comment
comment_hidden = Signal()

# A new comment kept back for a moderator (held or suspected spam); not sent for seed
# data and imports (`notify = False`). kwargs: comment
comment_held = Signal()

# Anything a reader of the conversation sees may have changed: any of the above, any save
# or deletion of a comment that is or was visible, a comment translation saved or
# deleted, the conversation being closed or reopened (an article's "close comments").
# kwargs: conversation (a Conversation; None means every conversation, e.g. when the
# site's conversation settings changed)
conversation_changed = Signal()
