from django.utils.translation import get_language


def localized(obj, field):
    """The value of `field` in the page's language when the object has it filled, else Russian."""
    language = get_language()
    if language and language != "ru":
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, f"{field}_ru")
