from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.token_body import TokenBody
from ...models.token_form import TokenForm
from ...types import Response


def _get_kwargs(
    *,
    body: TokenForm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/token",
    }

    _kwargs["data"] = body.to_dict()

    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | TokenBody | None:
    if response.status_code == 200:
        response_200 = TokenBody.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | TokenBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TokenForm,
) -> Response[ErrorBody | TokenBody]:
    """Token endpoint

     Issues tokens for the `password`, `client_credentials` and
    `refresh_token` grants. Clients authenticate with HTTP Basic
    (`client_secret_basic`), with `client_id`/`client_secret` in the body
    (`client_secret_post`), or, if public, with `client_id` alone.

    Args:
        body (TokenForm): RFC 6749 §4.3.2, §4.4.2 and §6 parameters (unknown ones are ignored,
            §3.2; a repeated one is an error, §3.2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TokenBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TokenForm,
) -> ErrorBody | TokenBody | None:
    """Token endpoint

     Issues tokens for the `password`, `client_credentials` and
    `refresh_token` grants. Clients authenticate with HTTP Basic
    (`client_secret_basic`), with `client_id`/`client_secret` in the body
    (`client_secret_post`), or, if public, with `client_id` alone.

    Args:
        body (TokenForm): RFC 6749 §4.3.2, §4.4.2 and §6 parameters (unknown ones are ignored,
            §3.2; a repeated one is an error, §3.2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TokenBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TokenForm,
) -> Response[ErrorBody | TokenBody]:
    """Token endpoint

     Issues tokens for the `password`, `client_credentials` and
    `refresh_token` grants. Clients authenticate with HTTP Basic
    (`client_secret_basic`), with `client_id`/`client_secret` in the body
    (`client_secret_post`), or, if public, with `client_id` alone.

    Args:
        body (TokenForm): RFC 6749 §4.3.2, §4.4.2 and §6 parameters (unknown ones are ignored,
            §3.2; a repeated one is an error, §3.2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TokenBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TokenForm,
) -> ErrorBody | TokenBody | None:
    """Token endpoint

     Issues tokens for the `password`, `client_credentials` and
    `refresh_token` grants. Clients authenticate with HTTP Basic
    (`client_secret_basic`), with `client_id`/`client_secret` in the body
    (`client_secret_post`), or, if public, with `client_id` alone.

    Args:
        body (TokenForm): RFC 6749 §4.3.2, §4.4.2 and §6 parameters (unknown ones are ignored,
            §3.2; a repeated one is an error, §3.2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TokenBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
