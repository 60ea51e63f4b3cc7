"""Who may do what: the four roles as Django groups, kept here and nowhere else.

Readers sign up into "reader". Staff are put into the other groups in the
admin. The groups and their permissions are (re)made after every `migrate`,
so a new permission reaches its role by migrating, and a permission an app
does not define yet (the moderation desk, say) is simply skipped until it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

READER = "reader"
MODERATOR = "moderator"
EDITOR = "editor"
ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    # "app_label.codename"; "*" alone means every permission of the site.
    permissions: tuple[str, ...]
    # Staff roles reach /admin/ (the news and wire tools) as well as the desk.
    staff: bool = False


_MODERATION = (
    "moderation.use_desk",
    "comments.view_comment",
    "comments.change_comment",
    "comments.view_report",
    "comments.change_report",
)
_EDITING = (
    "news.view_article",
    "news.change_article",  # closing an article's comments among the rest
    "news.view_section",
    "news.change_section",
    "news.view_provider",
    "news.change_provider",
    "news.view_articleversion",
    "news.view_subjectmapping",
    "news.add_subjectmapping",
    "news.change_subjectmapping",
)

ROLES: tuple[Role, ...] = (
    # Readers' rights (post, report, edit their own) follow from being signed in and in good
    # standing; the group exists so a reader can be told apart from staff and counted.
    Role(READER, ()),
    Role(MODERATOR, _MODERATION),
    Role(EDITOR, _MODERATION + _EDITING, staff=True),
    Role(ADMIN, ("*",), staff=True),
)


def role(name: str) -> Role:
    return next(r for r in ROLES if r.name == name)


def ensure_roles(apps: Any = None, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """Create the groups and set their permissions to exactly what `ROLES` says.

    Idempotent; connected to `post_migrate`, whose migration state `apps` it
    reads, so a partial migrate without the auth tables passes by. Permissions
    not yet defined are left out rather than failing the migration.
    """
    try:
        group_model = (apps or global_apps).get_model("auth", "Group")
        permission_model = (apps or global_apps).get_model("auth", "Permission")
    except LookupError:
        return
    for each in ROLES:
        group, _created = group_model.objects.using(using).get_or_create(name=each.name)
        group.permissions.set(_permissions(permission_model, each.permissions, using))


def _permissions(model: Any, names: tuple[str, ...], using: str) -> list[Any]:
    everything = model.objects.using(using)
    if names == ("*",):
        return list(everything.all())
    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(everything.filter(wanted))


def grant(user: Any, name: str) -> None:
    """Put `user` in the role `name` (and mark staff roles as staff)."""
    given = role(name)
    user.groups.add(Group.objects.get(name=given.name))
    if given.staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def has_role(user: Any, name: str) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=name).exists())
