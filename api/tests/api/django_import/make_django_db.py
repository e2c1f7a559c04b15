"""Makes the database of a Django + django-oauth-toolkit application, as
Django itself would: `migrate`, then users, a group, applications and
tokens created through Django's and DOT's models. Prints what the test
needs to know (the secrets and tokens in clear, the stored hashes) as one
JSON object.

Run with DJANGO_SETTINGS_MODULE naming the settings module the test wrote,
and the scenario as the only argument:
- `full`: users with each password hasher, a superuser, an inactive user,
  a username collision, applications of each kind, live and dead tokens;
- `conflict`: a user and an application whose names exist on the server
  already (`alice`, `demo-client`), and one of each that does not.
"""

import json
import sys
from datetime import timedelta

import django

django.setup()

from django.contrib.auth.hashers import PBKDF2PasswordHasher  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from oauth2_provider.models import AccessToken, Application, RefreshToken  # noqa: E402

HASHERS = "django.contrib.auth.hashers."


def full():
    editors = Group.objects.create(name="Content Editors")
    # Django's default hasher (the first of PASSWORD_HASHERS): PBKDF2.
    paula = User.objects.create_user(
        "Paula", "paula@example.com", "paula-pbkdf2-pass", first_name="Paula", last_name="Pbkdf2"
    )
    paula.groups.add(editors)
    with override_settings(PASSWORD_HASHERS=[HASHERS + "Argon2PasswordHasher"]):
        arthur = User.objects.create_user("arthur", "arthur@example.com", "arthur-argon2-pass")
    arthur.is_superuser = True
    arthur.is_staff = True
    arthur.save()
    with override_settings(PASSWORD_HASHERS=[HASHERS + "BCryptSHA256PasswordHasher"]):
        bea = User.objects.create_user("bea", "bea@example.com", "bea-bcrypt-pass")
    bea.groups.add(editors)
    # No password given: Django's unusable password.
    User.objects.create_user("nopass", "nopass@example.com")
    dora = User.objects.create_user("dora", "not an address")
    dora.is_active = False
    dora.save()
    # One username here; two in Django, which compares exactly.
    User.objects.create_user("Carol")
    User.objects.create_user("carol")

    portal_secret = "legacy-portal-secret-in-clear-once"
    portal = Application.objects.create(
        name="Legacy Portal",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_PASSWORD,
        client_secret=portal_secret,
    )
    spa = Application.objects.create(
        name="Legacy SPA",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://spa.example.com/callback https://spa.example.com/silent",
        post_logout_redirect_uris="https://spa.example.com/",
        allowed_origins="https://spa.example.com",
        skip_authorization=True,
    )
    backend_secret = "old-backend-secret-kept-in-clear"
    backend = Application.objects.create(
        name="Old Backend",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=backend_secret,
        hash_client_secret=False,
    )
    Application.objects.create(
        name="Implicit App",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_IMPLICIT,
        redirect_uris="https://implicit.example.com/cb",
    )

    now = timezone.now()
    live_access = AccessToken.objects.create(
        user=paula,
        application=portal,
        token="dot-access-live",
        expires=now - timedelta(minutes=5),
        scope="openid profile email",
    )
    RefreshToken.objects.create(
        user=paula, application=portal, token="dot-refresh-live", access_token=live_access
    )
    RefreshToken.objects.create(
        user=paula, application=portal, token="dot-refresh-revoked", revoked=now
    )
    RefreshToken.objects.create(user=bea, application=portal, token="dot-refresh-orphan")
    return {
        "portal": {"client_id": portal.client_id, "client_secret": portal_secret},
        "spa": {"client_id": spa.client_id},
        "backend": {"client_id": backend.client_id, "client_secret": backend_secret},
        "refresh_tokens": {
            "live": "dot-refresh-live",
            "revoked": "dot-refresh-revoked",
            "orphan": "dot-refresh-orphan",
        },
    }


def conflict():
    # PBKDF2 at few iterations: this scenario is about names, not hashes.
    alice = User(username="alice", email="alice@django.example.com")
    alice.password = PBKDF2PasswordHasher().encode("alice-django-pass", "alicesalt", iterations=1000)
    alice.save()
    erin = User(username="erin", email="erin@example.com")
    erin.password = PBKDF2PasswordHasher().encode("erin-django-pass", "erinsalt", iterations=1000)
    erin.save()
    for client_id in ["demo-client", "django-only-client"]:
        Application.objects.create(
            client_id=client_id,
            name="Django " + client_id,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_PASSWORD,
            client_secret=client_id + "-django-secret",
            hash_client_secret=False,
        )
    return {}


call_command("migrate", verbosity=0)
made = {"full": full, "conflict": conflict}[sys.argv[1]]()
made["hashes"] = {u.username: u.password for u in User.objects.all()}
made["django"] = django.get_version()
print(json.dumps(made))
