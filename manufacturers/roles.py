"""Which role a signed-in user holds, asked by name rather than by the user's class.

The catalogue's querysets (manufacturers, products) need to know whether a user is a
registrar; the register's User model answers the same question through this function, so no
app below the register relies on the register's User class.
"""

REGISTRARS_GROUP = "registrars"


def is_registrar(user):
    """Registrars are staff of the ministries who review applications and keep entries: active
    superusers and active members of the registrars' group. The answer is kept on the user
    object, so a request asks the database once."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_registrar_role"):
        user._registrar_role = user.groups.filter(name=REGISTRARS_GROUP).exists()
    return user._registrar_role
