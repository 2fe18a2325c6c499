"""Subscribing to a search, confirming the address, unsubscribing. Each step that changes
something is a POST (mail scanners open links; they do not press buttons), except that the
unsubscribe address also takes the mail client's one-click POST without a form."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .. import public_url
from ..feed.reading import latest_id
from ..feed.searches import describe, followed_query, public_filterset
from ..models import Subscription
from ..security.ratelimit import take
from .forms import SubscribeForm

SCOPE = "subscribe"


def subscribe(request):
    source = request.POST if request.method == "POST" else request.GET
    query = followed_query(QueryDict(source.get("query", "")) if request.method == "POST"
                           else request.GET)
    filterset = public_filterset(query)
    if not filterset.is_valid():
        return HttpResponseBadRequest(_("The search could not be run; follow it again from "
                                        "the search page."), content_type="text/plain")
    form = SubscribeForm(request.POST if request.method == "POST" else None,
                         initial={"query": query.urlencode()})
    context = {"form": form, "search": describe(filterset, query),
               "search_link": reverse("search") + (f"?{query.urlencode()}" if query else "")}
    if request.method != "POST" or not form.is_valid():
        return render(request, "subscriptions/subscribe.html", context,
                      status=400 if form.is_bound else 200)
    email = form.cleaned_data["email"].lower()
    if not (take(request, SCOPE, 3600, settings.SUBSCRIBE_RATE_LIMIT).allowed
            and take(request, SCOPE, 86400, 3, subject=f"email:{email}").allowed):
        context["refused"] = _("Too many subscriptions were asked for from your address or "
                               "for this e-mail. Please try again later.")
        return render(request, "subscriptions/subscribe.html", context, status=429)
    subscription = _pending(email, query.urlencode(), form.cleaned_data["frequency"])
    _send_confirmation(subscription, request)
    # The same answer whether or not the address already follows this search.
    return render(request, "subscriptions/sent.html", {**context, "email": email})


def _pending(email, query, frequency):
    subscription = Subscription.objects.filter(email=email, query=query,
                                               unsubscribed_at__isnull=True).first()
    if subscription is None:
        subscription = Subscription(email=email, query=query)
    subscription.frequency = frequency
    subscription.language = translation.get_language() or settings.LANGUAGE_CODE
    subscription.save()
    return subscription


def _send_confirmation(subscription, request):
    link = public_url.absolute(reverse("subscription-confirm", args=[subscription.token]),
                               request)
    query = QueryDict(subscription.query)
    context = {"link": link, "search": describe(public_filterset(query), query),
               "subscription": subscription}
    subject = " ".join(render_to_string("subscriptions/confirm_subject.txt", context).split())
    body = render_to_string("subscriptions/confirm.txt", context)
    EmailMessage(subject, body, to=[subscription.email]).send()


def confirm(request, token):
    subscription = get_object_or_404(Subscription, token=token, unsubscribed_at__isnull=True)
    if request.method == "POST" and subscription.confirmed_at is None:
        # Digests report what happens from now on.
        subscription.confirmed_at = timezone.now()
        subscription.last_event_id = latest_id()
        subscription.save(update_fields=["confirmed_at", "last_event_id"])
    return render(request, "subscriptions/confirm.html", {
        "subscription": subscription, "search": _described(subscription)})


@csrf_exempt  # the mail client's one-click POST carries no form; the token is the secret
def stop(request, token):
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST" and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return render(request, "subscriptions/stop.html", {
        "subscription": subscription, "search": _described(subscription)})


def _described(subscription):
    query = QueryDict(subscription.query)
    filterset = public_filterset(query)
    return describe(filterset, query) if filterset.is_valid() else subscription.query
