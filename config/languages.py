"""The page's language from `?lang=` in its address, and the same page's address in each language.

`?lang=be|ru|en` names the language of one response, so an address shared or indexed keeps its
language; the choice is also remembered in Django's language cookie for the reader's next pages.
Without `?lang=`, Django's own order holds: cookie, then Accept-Language, then Russian.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.encoding import escape_uri_path, iri_to_uri

PARAMETER = "lang"


def _parameters(request):
    """The raw `name=value` pairs of the address: parsing request.GET here would raise, before
    any view could refuse it cleanly, on an address with too many parameters."""
    return [part for part in request.META.get("QUERY_STRING", "").split("&") if part]


def language_in_address(request):
    named = [value for name, _sep, value in (part.partition("=") for part in _parameters(request))
             if name == PARAMETER]
    code = named[-1] if named else ""  # the last one, as request.GET would read it
    return code if code in dict(settings.LANGUAGES) else None


class AddressLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware that lets `?lang=` in the address win over the cookie and the headers."""

    def process_request(self, request):
        code = language_in_address(request)
        if code is None:
            return super().process_request(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        return None

    def process_response(self, request, response):
        response = super().process_response(request, response)
        code = language_in_address(request)
        if code is not None and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, code,
                max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def address_in(request, code):
    """The current address with `lang` set to `code`, other parameters kept."""
    others = [part for part in _parameters(request) if part.partition("=")[0] != PARAMETER]
    query = "&".join([*others, f"{PARAMETER}={code}"])
    return f"{escape_uri_path(request.path)}?{iri_to_uri(query)}"


def language_links(request):
    """Context: each language's address of this page (the switcher and the hreflang links)."""
    links = [
        {"code": code, "name": translation.get_language_info(code)["name_local"],
         "url": address_in(request, code),
         "absolute_url": request.build_absolute_uri(address_in(request, code))}
        for code, _name in settings.LANGUAGES
    ]
    default = request.build_absolute_uri(address_in(request, settings.LANGUAGE_CODE))
    return {"language_links": links, "default_language_url": default}
