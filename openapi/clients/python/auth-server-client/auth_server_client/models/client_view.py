from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClientView")


@_attrs_define
class ClientView:
    """A registered client (never its secret).

    Attributes:
        client_id (str):
        name (str):
        type_ (str): `confidential` or `public`.
        grant_types (list[str]):
        redirect_uris (list[str]):
        post_logout_redirect_uris (list[str]):
        allowed_origins (list[str]):
        scope (str):
        skip_consent (bool):
        created_at (int):
        updated_at (int):
    """

    client_id: str
    name: str
    type_: str
    grant_types: list[str]
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    allowed_origins: list[str]
    scope: str
    skip_consent: bool
    created_at: int
    updated_at: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        name = self.name

        type_ = self.type_

        grant_types = self.grant_types

        redirect_uris = self.redirect_uris

        post_logout_redirect_uris = self.post_logout_redirect_uris

        allowed_origins = self.allowed_origins

        scope = self.scope

        skip_consent = self.skip_consent

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "name": name,
                "type": type_,
                "grant_types": grant_types,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout_redirect_uris,
                "allowed_origins": allowed_origins,
                "scope": scope,
                "skip_consent": skip_consent,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        name = d.pop("name")

        type_ = d.pop("type")

        grant_types = cast(list[str], d.pop("grant_types"))

        redirect_uris = cast(list[str], d.pop("redirect_uris"))

        post_logout_redirect_uris = cast(list[str], d.pop("post_logout_redirect_uris"))

        allowed_origins = cast(list[str], d.pop("allowed_origins"))

        scope = d.pop("scope")

        skip_consent = d.pop("skip_consent")

        created_at = d.pop("created_at")

        updated_at = d.pop("updated_at")

        client_view = cls(
            client_id=client_id,
            name=name,
            type_=type_,
            grant_types=grant_types,
            redirect_uris=redirect_uris,
            post_logout_redirect_uris=post_logout_redirect_uris,
            allowed_origins=allowed_origins,
            scope=scope,
            skip_consent=skip_consent,
            created_at=created_at,
            updated_at=updated_at,
        )

        client_view.additional_properties = d
        return client_view

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
