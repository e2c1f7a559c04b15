"""Smoke test of the generated Python client against a running server (run
by api/tests/api/generated_clients.rs): a service-key password login, a
profile read and update, validate-token, a refresh, and the admin client
list. Prints one JSON summary line; exits non-zero on any surprise.

    AUTH_SERVER_URL=http://127.0.0.1:8000 AUTH_SERVER_SERVICE_KEY=sk_... \\
    AUTH_SERVER_USERNAME=admin AUTH_SERVER_PASSWORD=adminpass python smoke.py
"""

import json
import os
import sys
from pathlib import Path
from typing import TypeVar

# The generated package, beside this file (or installed with pip).
sys.path.insert(0, str(Path(__file__).resolve().parent / "auth-server-client"))

from auth_server_client import AuthenticatedClient  # noqa: E402
from auth_server_client.api.account import profile_get, profile_patch  # noqa: E402
from auth_server_client.api.admin import admin_clients_list  # noqa: E402
from auth_server_client.api.integrator import (  # noqa: E402
    token_password,
    token_refresh,
    validate_token,
)
from auth_server_client.models import (  # noqa: E402
    ErrorBody,
    PasswordLogin,
    Profile,
    ProfileChange,
    RefreshRequestBody,
    TokenBody,
    TokenToValidate,
    Validation,
)
from auth_server_client.types import UNSET, Response  # noqa: E402

T = TypeVar("T")


def env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        sys.exit(f"{name} is not set")
    return value


def ok(response: Response[T | ErrorBody], kind: type[T]) -> T:
    """The typed success body, or exit with the typed error body."""
    parsed = response.parsed
    if isinstance(parsed, kind):
        return parsed
    if isinstance(parsed, ErrorBody):
        sys.exit(f"{response.status_code} {parsed.error}: {parsed.error_description}")
    sys.exit(f"unexpected answer {response.status_code}: {response.content!r}")


def main() -> None:
    base_url = env("AUTH_SERVER_URL")
    username = env("AUTH_SERVER_USERNAME")
    first_name = os.environ.get("AUTH_SERVER_FIRST_NAME", "Python")
    # The integrator's calls carry X-Service-Key instead of a bearer token.
    integrator = AuthenticatedClient(
        base_url=base_url,
        token=env("AUTH_SERVER_SERVICE_KEY"),
        prefix="",
        auth_header_name="X-Service-Key",
    )

    # A wrong password: the error body is typed too.
    refused = token_password.sync_detailed(
        client=integrator,
        body=PasswordLogin(username=username, password="not-the-password"),
    ).parsed
    refused_code = refused.error if isinstance(refused, ErrorBody) else None

    tokens = ok(
        token_password.sync_detailed(
            client=integrator,
            body=PasswordLogin(username=username, password=env("AUTH_SERVER_PASSWORD")),
        ),
        TokenBody,
    )

    user = AuthenticatedClient(base_url=base_url, token=tokens.access_token)
    before = ok(profile_get.sync_detailed(client=user), Profile)
    after = ok(
        profile_patch.sync_detailed(client=user, body=ProfileChange(first_name=first_name)),
        Profile,
    )

    validation = ok(
        validate_token.sync_detailed(
            client=integrator, body=TokenToValidate(token=tokens.access_token)
        ),
        Validation,
    )
    claims = validation.claims if validation.claims is not UNSET else None

    if not isinstance(tokens.refresh_token, str):
        sys.exit("the password login issued no refresh token")
    refreshed = ok(
        token_refresh.sync_detailed(
            client=integrator, body=RefreshRequestBody(refresh_token=tokens.refresh_token)
        ),
        TokenBody,
    )

    admin = AuthenticatedClient(base_url=base_url, token=refreshed.access_token)
    answer = admin_clients_list.sync_detailed(client=admin)
    clients = answer.parsed
    if not isinstance(clients, list):
        sys.exit(f"admin client list: {answer.status_code} {answer.content!r}")

    print(
        json.dumps(
            {
                "client": "python",
                "refused": refused_code,
                "scope": tokens.scope,
                "username": before.username,
                "first_name_before": before.first_name,
                "first_name": after.first_name,
                "valid": validation.valid,
                "subject": claims.sub if claims else None,
                "roles": claims.roles if claims else [],
                "rotated": isinstance(refreshed.refresh_token, str)
                and refreshed.refresh_token != tokens.refresh_token,
                "clients": [c.client_id for c in clients],
            }
        )
    )


if __name__ == "__main__":
    main()
