from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "manchette.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from manchette.accounts.checks import deleted_account_comments
        from manchette.accounts.roles import ensure_roles

        checks.register(deleted_account_comments)

        # After every app's migrate, so permissions created by later apps are there.
        post_migrate.connect(ensure_roles, dispatch_uid="accounts-ensure-roles")
