from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenForm")


@_attrs_define
class TokenForm:
    """RFC 6749 §4.3.2, §4.4.2 and §6 parameters (unknown ones are ignored,
    §3.2; a repeated one is an error, §3.2).

        Attributes:
            grant_type (str | Unset): `password`, `client_credentials` or `refresh_token`.
            scope (str | Unset): Space-separated scopes; by default what the client or grant allows.
            username (str | Unset): `password` grant.
            password (str | Unset): `password` grant.
            otp (str | Unset): `password` grant, for a user with an authenticator app: its current
                6-digit code (without it the answer is 400 `otp_required`).
            refresh_token (str | Unset): `refresh_token` grant.
            code (str | Unset): `authorization_code` grant: the code from the redirect.
            redirect_uri (str | Unset): `authorization_code` grant: the redirect URI of the authorization
                request, exactly.
            code_verifier (str | Unset): `authorization_code` grant: the PKCE verifier (RFC 7636).
            client_id (str | Unset): `client_secret_post`, or a public client naming itself.
            client_secret (str | Unset): `client_secret_post`.
    """

    grant_type: str | Unset = UNSET
    scope: str | Unset = UNSET
    username: str | Unset = UNSET
    password: str | Unset = UNSET
    otp: str | Unset = UNSET
    refresh_token: str | Unset = UNSET
    code: str | Unset = UNSET
    redirect_uri: str | Unset = UNSET
    code_verifier: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type

        scope = self.scope

        username = self.username

        password = self.password

        otp = self.otp

        refresh_token = self.refresh_token

        code = self.code

        redirect_uri = self.redirect_uri

        code_verifier = self.code_verifier

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if grant_type is not UNSET:
            field_dict["grant_type"] = grant_type
        if scope is not UNSET:
            field_dict["scope"] = scope
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password
        if otp is not UNSET:
            field_dict["otp"] = otp
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if code is not UNSET:
            field_dict["code"] = code
        if redirect_uri is not UNSET:
            field_dict["redirect_uri"] = redirect_uri
        if code_verifier is not UNSET:
            field_dict["code_verifier"] = code_verifier
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = d.pop("grant_type", UNSET)

        scope = d.pop("scope", UNSET)

        username = d.pop("username", UNSET)

        password = d.pop("password", UNSET)

        otp = d.pop("otp", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        code = d.pop("code", UNSET)

        redirect_uri = d.pop("redirect_uri", UNSET)

        code_verifier = d.pop("code_verifier", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        token_form = cls(
            grant_type=grant_type,
            scope=scope,
            username=username,
            password=password,
            otp=otp,
            refresh_token=refresh_token,
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
            client_id=client_id,
            client_secret=client_secret,
        )

        token_form.additional_properties = d
        return token_form

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
