from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    response_type: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    max_age: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    request: str | Unset = UNSET,
    request_uri: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["response_type"] = response_type

    params["client_id"] = client_id

    params["redirect_uri"] = redirect_uri

    params["scope"] = scope

    params["state"] = state

    params["nonce"] = nonce

    params["code_challenge"] = code_challenge

    params["code_challenge_method"] = code_challenge_method

    params["prompt"] = prompt

    params["max_age"] = max_age

    params["response_mode"] = response_mode

    params["request"] = request

    params["request_uri"] = request_uri

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/oauth2/authorize",
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
    response_type: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    max_age: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    request: str | Unset = UNSET,
    request_uri: str | Unset = UNSET,
) -> Response[Any | ErrorBody]:
    """Authorization endpoint

     RFC 6749 §4.1.1 with PKCE (S256 only; required for public clients)
    and OpenID Connect (`nonce`, `prompt` = none/login/consent,
    `max_age`). Answers with a redirect: to the SPA's `/login` or
    `/consent` with an interaction, or to the registered redirect URI
    with `code`, `state` and `iss` (RFC 9207), or an error.

    Args:
        response_type (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        scope (str | Unset):
        state (str | Unset):
        nonce (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (str | Unset):
        prompt (str | Unset):
        max_age (str | Unset):
        response_mode (str | Unset):
        request (str | Unset):
        request_uri (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        nonce=nonce,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        prompt=prompt,
        max_age=max_age,
        response_mode=response_mode,
        request=request,
        request_uri=request_uri,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    response_type: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    max_age: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    request: str | Unset = UNSET,
    request_uri: str | Unset = UNSET,
) -> Any | ErrorBody | None:
    """Authorization endpoint

     RFC 6749 §4.1.1 with PKCE (S256 only; required for public clients)
    and OpenID Connect (`nonce`, `prompt` = none/login/consent,
    `max_age`). Answers with a redirect: to the SPA's `/login` or
    `/consent` with an interaction, or to the registered redirect URI
    with `code`, `state` and `iss` (RFC 9207), or an error.

    Args:
        response_type (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        scope (str | Unset):
        state (str | Unset):
        nonce (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (str | Unset):
        prompt (str | Unset):
        max_age (str | Unset):
        response_mode (str | Unset):
        request (str | Unset):
        request_uri (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return sync_detailed(
        client=client,
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        nonce=nonce,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        prompt=prompt,
        max_age=max_age,
        response_mode=response_mode,
        request=request,
        request_uri=request_uri,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    response_type: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    max_age: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    request: str | Unset = UNSET,
    request_uri: str | Unset = UNSET,
) -> Response[Any | ErrorBody]:
    """Authorization endpoint

     RFC 6749 §4.1.1 with PKCE (S256 only; required for public clients)
    and OpenID Connect (`nonce`, `prompt` = none/login/consent,
    `max_age`). Answers with a redirect: to the SPA's `/login` or
    `/consent` with an interaction, or to the registered redirect URI
    with `code`, `state` and `iss` (RFC 9207), or an error.

    Args:
        response_type (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        scope (str | Unset):
        state (str | Unset):
        nonce (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (str | Unset):
        prompt (str | Unset):
        max_age (str | Unset):
        response_mode (str | Unset):
        request (str | Unset):
        request_uri (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        nonce=nonce,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        prompt=prompt,
        max_age=max_age,
        response_mode=response_mode,
        request=request,
        request_uri=request_uri,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    response_type: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    max_age: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    request: str | Unset = UNSET,
    request_uri: str | Unset = UNSET,
) -> Any | ErrorBody | None:
    """Authorization endpoint

     RFC 6749 §4.1.1 with PKCE (S256 only; required for public clients)
    and OpenID Connect (`nonce`, `prompt` = none/login/consent,
    `max_age`). Answers with a redirect: to the SPA's `/login` or
    `/consent` with an interaction, or to the registered redirect URI
    with `code`, `state` and `iss` (RFC 9207), or an error.

    Args:
        response_type (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        scope (str | Unset):
        state (str | Unset):
        nonce (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (str | Unset):
        prompt (str | Unset):
        max_age (str | Unset):
        response_mode (str | Unset):
        request (str | Unset):
        request_uri (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            response_type=response_type,
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=scope,
            state=state,
            nonce=nonce,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            prompt=prompt,
            max_age=max_age,
            response_mode=response_mode,
            request=request,
            request_uri=request_uri,
        )
    ).parsed
