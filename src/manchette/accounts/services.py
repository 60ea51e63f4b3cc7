"""Writes on accounts: signing up, renaming, deleting with what the reader wrote."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from manchette.accounts import roles
from manchette.accounts.models import User
from manchette.comments.models import Comment, CommentRevision

# What becomes of a deleted account's comments (`MANCHETTE_DELETED_ACCOUNT_COMMENTS`).
KEEP_TEXT = "keep"  # stay as they are, signed "deleted account"
BLANK = "blank"  # tombstones: signed "deleted account", text removed
REMOVE = "remove"  # gone; those with other readers' replies are left as blank tombstones
COMMENT_FATES = (KEEP_TEXT, BLANK, REMOVE)


def reader_create(*, pseudonym: str, email: str, password: str) -> User:
    """A new reader account (the e-mail is the login name), in the reader role."""
    with transaction.atomic():
        user = User(username=email, email=email, pseudonym=pseudonym)
        user.set_password(password)
        user.save()
        roles.grant(user, roles.READER)
    return user


def pseudonym_change(*, user: User, pseudonym: str) -> None:
    user.pseudonym = pseudonym
    user.save(update_fields=["pseudonym"])


def account_delete(*, user: User, fate: str | None = None) -> None:
    """Delete `user`; their comments follow the site's setting, their reports go with them.

    A comment others replied to is never removed outright: the replies would
    lose their context (and the database would remove them with it), so it
    stays as a blank tombstone whatever the setting says.
    """
    fate = fate or settings.MANCHETTE_DELETED_ACCOUNT_COMMENTS
    if fate not in COMMENT_FATES:
        raise ValueError(f"unknown fate for comments: {fate!r} (one of {COMMENT_FATES})")
    with transaction.atomic():
        own = Comment.objects.filter(author=user)
        if fate == REMOVE:
            replied = Comment.objects.filter(parent=OuterRef("pk")).exclude(author=user)
            own.exclude(Exists(replied)).delete()
        if fate in (BLANK, REMOVE):
            CommentRevision.objects.filter(comment__author=user).delete()
            own.update(
                body="",
                status=Comment.Status.DELETED,
                status_reason="",
                decided_by="account-deleted",
                client_hash="",
            )
        # The foreign key sets the author of what is left to null: "deleted account".
        user.delete()
