from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

REGISTRARS_GROUP = "registrars"


class User(AbstractUser):
    """A person signing in: registrar, manufacturer representative or administrator."""

    language = models.CharField(
        _("language of notifications"), max_length=5, choices=[("ru", "Русский"),
                                                               ("en", "English")],
        default="ru",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def is_registrar(self):
        """Registrars are staff of the ministries who review applications and keep entries."""
        if not self.is_active:
            return False
        return self.is_superuser or self.groups.filter(name=REGISTRARS_GROUP).exists()
