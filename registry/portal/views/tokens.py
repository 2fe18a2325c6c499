"""A user's API tokens: the list, a new one (shown once) and revocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import tokens
from ...models import ApiToken
from ..forms import TokenForm


@login_required
def token_list(request):
    form = TokenForm(request.POST or None, user=request.user)
    issued = None
    if form.is_valid():
        try:
            issued, secret = tokens.issue(request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            issued.secret = secret  # shown on this page only: the register keeps a digest
            form = TokenForm(user=request.user)
    return render(request, "portal/tokens.html", {
        "form": form, "issued": issued,
        "tokens": ApiToken.objects.filter(user=request.user).prefetch_related("manufacturers"),
    })


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke(token, request.user)
    messages.success(request, _("The token %(token)s has been revoked.") % {"token": token})
    return redirect("portal:tokens")
