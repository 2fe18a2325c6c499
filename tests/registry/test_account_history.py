"""Who was given which rights, when: accounts, their groups, groups and API tokens have a
history (the password hash is not kept in it)."""

import pytest
from django.contrib.auth.models import Group, Permission

from manufacturers.roles import REGISTRARS_GROUP
from registry import tokens
from registry.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_joining_the_registrars_is_recorded(rep_a):
    rep_a.groups.add(Group.objects.get(name=REGISTRARS_GROUP))
    newest = rep_a.history.order_by("-history_id").first()
    assert [g.group.name for g in newest.groups.all()] == [REGISTRARS_GROUP]
    assert rep_a.history.count() >= 2


def test_a_new_password_leaves_a_row_without_the_hash(rep_a):
    rep_a.set_password("a new and long passphrase")
    rep_a.save()
    assert "password" not in {f.name for f in User.history.model._meta.fields}
    assert rep_a.history.count() >= 2


def test_a_group_s_permissions_are_recorded():
    group = Group.objects.create(name="auditors")
    group.permissions.add(Permission.objects.get(codename="view_decision"))
    newest = Group.history.filter(id=group.pk).order_by("-history_id").first()
    assert [p.permission.codename for p in newest.permissions.all()] == ["view_decision"]


def test_issuing_and_revoking_a_token_is_recorded(rep_a, maker_a):
    token, _secret = tokens.issue(rep_a, name="ERP", scope="manufacturers",
                                  manufacturers=[maker_a])
    tokens.revoke(token, rep_a)
    rows = list(ApiToken.history.filter(id=token.pk).order_by("history_id"))
    assert rows[0].history_type == "+"
    assert rows[-1].revoked_at is not None
    assert [m.manufacturer for m in rows[-1].manufacturers.all()] == [maker_a]
