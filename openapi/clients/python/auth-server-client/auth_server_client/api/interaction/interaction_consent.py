from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_input import ConsentInput
from ...models.error_body import ErrorBody
from ...models.next_step import NextStep
from ...models.redirect_to import RedirectTo
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: ConsentInput,
    x_csrf_token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_csrf_token, Unset):
        headers["X-CSRF-Token"] = x_csrf_token

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": f"/api/interaction/{id}/consent",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | NextStep | RedirectTo | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> NextStep | RedirectTo:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_interaction_answer_type_0 = RedirectTo.from_dict(data)

                return componentsschemas_interaction_answer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_interaction_answer_type_1 = NextStep.from_dict(data)

            return componentsschemas_interaction_answer_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | NextStep | RedirectTo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentInput,
    x_csrf_token: str | Unset = UNSET,
) -> Response[ErrorBody | NextStep | RedirectTo]:
    """Consent

     The scopes the user left ticked and a level per levelled scope;
    remembered for the next request of the same client.

    Args:
        id (str):
        x_csrf_token (str | Unset):
        body (ConsentInput): `POST /api/interaction/{id}/consent`: the scopes the user leaves
            ticked
            and the level chosen per levelled scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NextStep | RedirectTo]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_csrf_token=x_csrf_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentInput,
    x_csrf_token: str | Unset = UNSET,
) -> ErrorBody | NextStep | RedirectTo | None:
    """Consent

     The scopes the user left ticked and a level per levelled scope;
    remembered for the next request of the same client.

    Args:
        id (str):
        x_csrf_token (str | Unset):
        body (ConsentInput): `POST /api/interaction/{id}/consent`: the scopes the user leaves
            ticked
            and the level chosen per levelled scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NextStep | RedirectTo
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        x_csrf_token=x_csrf_token,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentInput,
    x_csrf_token: str | Unset = UNSET,
) -> Response[ErrorBody | NextStep | RedirectTo]:
    """Consent

     The scopes the user left ticked and a level per levelled scope;
    remembered for the next request of the same client.

    Args:
        id (str):
        x_csrf_token (str | Unset):
        body (ConsentInput): `POST /api/interaction/{id}/consent`: the scopes the user leaves
            ticked
            and the level chosen per levelled scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NextStep | RedirectTo]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_csrf_token=x_csrf_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConsentInput,
    x_csrf_token: str | Unset = UNSET,
) -> ErrorBody | NextStep | RedirectTo | None:
    """Consent

     The scopes the user left ticked and a level per levelled scope;
    remembered for the next request of the same client.

    Args:
        id (str):
        x_csrf_token (str | Unset):
        body (ConsentInput): `POST /api/interaction/{id}/consent`: the scopes the user leaves
            ticked
            and the level chosen per levelled scope.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NextStep | RedirectTo
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            x_csrf_token=x_csrf_token,
        )
    ).parsed
