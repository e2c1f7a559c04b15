from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    id_token_hint: str | Unset = UNSET,
    post_logout_redirect_uri: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["id_token_hint"] = id_token_hint

    params["post_logout_redirect_uri"] = post_logout_redirect_uri

    params["client_id"] = client_id

    params["state"] = state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/oauth2/logout",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = ErrorBody.from_dict(response.json())

        return response_410

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    id_token_hint: str | Unset = UNSET,
    post_logout_redirect_uri: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Response[Any | ErrorBody]:
    """End the session (RP-initiated logout)

     OIDC RP-Initiated Logout 1.0: ends the browser's session and
    redirects to `post_logout_redirect_uri` (with `state`) when it is
    registered for the client named by `id_token_hint` or `client_id`;
    an unregistered one is refused (the browser goes to the error page
    and the session stays).

    Args:
        id_token_hint (str | Unset):
        post_logout_redirect_uri (str | Unset):
        client_id (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        id_token_hint=id_token_hint,
        post_logout_redirect_uri=post_logout_redirect_uri,
        client_id=client_id,
        state=state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    id_token_hint: str | Unset = UNSET,
    post_logout_redirect_uri: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Any | ErrorBody | None:
    """End the session (RP-initiated logout)

     OIDC RP-Initiated Logout 1.0: ends the browser's session and
    redirects to `post_logout_redirect_uri` (with `state`) when it is
    registered for the client named by `id_token_hint` or `client_id`;
    an unregistered one is refused (the browser goes to the error page
    and the session stays).

    Args:
        id_token_hint (str | Unset):
        post_logout_redirect_uri (str | Unset):
        client_id (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return sync_detailed(
        client=client,
        id_token_hint=id_token_hint,
        post_logout_redirect_uri=post_logout_redirect_uri,
        client_id=client_id,
        state=state,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    id_token_hint: str | Unset = UNSET,
    post_logout_redirect_uri: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Response[Any | ErrorBody]:
    """End the session (RP-initiated logout)

     OIDC RP-Initiated Logout 1.0: ends the browser's session and
    redirects to `post_logout_redirect_uri` (with `state`) when it is
    registered for the client named by `id_token_hint` or `client_id`;
    an unregistered one is refused (the browser goes to the error page
    and the session stays).

    Args:
        id_token_hint (str | Unset):
        post_logout_redirect_uri (str | Unset):
        client_id (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        id_token_hint=id_token_hint,
        post_logout_redirect_uri=post_logout_redirect_uri,
        client_id=client_id,
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    id_token_hint: str | Unset = UNSET,
    post_logout_redirect_uri: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Any | ErrorBody | None:
    """End the session (RP-initiated logout)

     OIDC RP-Initiated Logout 1.0: ends the browser's session and
    redirects to `post_logout_redirect_uri` (with `state`) when it is
    registered for the client named by `id_token_hint` or `client_id`;
    an unregistered one is refused (the browser goes to the error page
    and the session stays).

    Args:
        id_token_hint (str | Unset):
        post_logout_redirect_uri (str | Unset):
        client_id (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            id_token_hint=id_token_hint,
            post_logout_redirect_uri=post_logout_redirect_uri,
            client_id=client_id,
            state=state,
        )
    ).parsed
