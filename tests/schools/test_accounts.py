from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from sideline.schools.roles import Role
from tests.conftest import PASSWORD, World


def test_login_with_email_and_logout(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "principal@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/s/lakeside/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/s/lakeside/").status_code == 302


def test_wrong_password_is_explained(world: World) -> None:
    response = Client().post("/accounts/login/", {"username": "principal@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_password_reset_sends_a_working_link(world: World) -> None:
    client = Client()
    client.post("/accounts/password/reset/", {"email": "teacher@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-much-better-pass-9", "new_password2": "a-much-better-pass-9"}
    )
    assert response.status_code == 302
    assert Client().login(username="teacher@example.org", password="a-much-better-pass-9")
    world.users[Role.TEACHER].refresh_from_db()
