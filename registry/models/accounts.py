from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from manufacturers import roles
from manufacturers.models import Country


class User(AbstractUser):
    """A person signing in: registrar, manufacturer representative or administrator."""

    language = models.CharField(
        _("language of notifications"), max_length=5, choices=[("ru", "Русский"),
                                                               ("en", "English")],
        default="ru",
    )
    # Who was given which rights, and when: a history of every account, its groups and
    # permissions included (the password hash and the moment of the last sign-in are left out).
    history = HistoricalRecords(excluded_fields=["password", "last_login"],
                                m2m_fields=["groups", "user_permissions"])

    state = models.CharField(
        _("state"), max_length=2, choices=Country.choices, blank=True,
        help_text=_("For a registrar: the state whose ministry they decide for. A registrar "
                    "decides on the matters of that state's manufacturers only."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_registrar(self):
        return roles.is_registrar(self)


# The registrars' group and any other: which permissions a group carried, and when.
register(Group, app="registry", m2m_fields=["permissions"])
