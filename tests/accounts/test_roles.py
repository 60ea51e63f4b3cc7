"""The four roles exist after migrate, with the permissions each needs."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from manchette.accounts import roles
from tests.accounts.conftest import make_reader


def perms(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_roles_are_created_by_migrate(db):
    assert {"reader", "moderator", "editor", "admin"} <= set(
        Group.objects.values_list("name", flat=True)
    )


def test_moderators_use_the_desk_and_change_comments(db):
    assert {"moderation.use_desk", "comments.change_comment", "comments.view_report"} <= perms(
        "moderator"
    )
    assert "news.change_article" not in perms("moderator")


def test_editors_moderate_and_edit_articles_sections_and_providers(db):
    editor = perms("editor")
    assert perms("moderator") <= editor
    assert {"news.change_article", "news.change_section", "news.change_provider"} <= editor


def test_admins_have_every_permission(db):
    assert perms("admin") == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }


def test_making_the_roles_again_changes_nothing_and_repairs_drift(db):
    Group.objects.get(name="moderator").permissions.clear()
    roles.ensure_roles()
    roles.ensure_roles()
    assert Group.objects.filter(name="moderator").count() == 1
    assert "comments.change_comment" in perms("moderator")


def test_a_moderator_has_the_desk_permission_and_an_editor_is_staff(db):
    moderator = make_reader(pseudonym="Modo", email="modo@example.org")
    roles.grant(moderator, roles.MODERATOR)
    assert moderator.has_perm("moderation.use_desk")
    assert not moderator.has_perm("news.change_article")
    assert not moderator.is_staff
    editor = make_reader(pseudonym="Edith", email="edith@example.org")
    roles.grant(editor, roles.EDITOR)
    editor = type(editor).objects.get(pk=editor.pk)
    assert editor.is_staff and editor.has_perm("news.change_article")
    assert roles.has_role(editor, roles.EDITOR)
    reader = make_reader(pseudonym="Lou", email="lou@example.org")
    assert not reader.has_perm("comments.change_comment")
