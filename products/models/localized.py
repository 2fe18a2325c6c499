from django.utils.translation import get_language


def localized(obj, field):
    """The English value of `field` when the page is in English and it is filled, else Russian."""
    if get_language() == "en":
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_ru")
