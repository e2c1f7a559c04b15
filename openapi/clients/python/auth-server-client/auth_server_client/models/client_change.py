from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientChange")


@_attrs_define
class ClientChange:
    """
    Attributes:
        name (str | Unset):
        grant_types (list[str] | Unset):
        redirect_uris (list[str] | Unset):
        post_logout_redirect_uris (list[str] | Unset):
        allowed_origins (list[str] | Unset):
        scope (str | Unset):
        skip_consent (bool | Unset):
    """

    name: str | Unset = UNSET
    grant_types: list[str] | Unset = UNSET
    redirect_uris: list[str] | Unset = UNSET
    post_logout_redirect_uris: list[str] | Unset = UNSET
    allowed_origins: list[str] | Unset = UNSET
    scope: str | Unset = UNSET
    skip_consent: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        grant_types: list[str] | Unset = UNSET
        if not isinstance(self.grant_types, Unset):
            grant_types = self.grant_types

        redirect_uris: list[str] | Unset = UNSET
        if not isinstance(self.redirect_uris, Unset):
            redirect_uris = self.redirect_uris

        post_logout_redirect_uris: list[str] | Unset = UNSET
        if not isinstance(self.post_logout_redirect_uris, Unset):
            post_logout_redirect_uris = self.post_logout_redirect_uris

        allowed_origins: list[str] | Unset = UNSET
        if not isinstance(self.allowed_origins, Unset):
            allowed_origins = self.allowed_origins

        scope = self.scope

        skip_consent = self.skip_consent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if grant_types is not UNSET:
            field_dict["grant_types"] = grant_types
        if redirect_uris is not UNSET:
            field_dict["redirect_uris"] = redirect_uris
        if post_logout_redirect_uris is not UNSET:
            field_dict["post_logout_redirect_uris"] = post_logout_redirect_uris
        if allowed_origins is not UNSET:
            field_dict["allowed_origins"] = allowed_origins
        if scope is not UNSET:
            field_dict["scope"] = scope
        if skip_consent is not UNSET:
            field_dict["skip_consent"] = skip_consent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        grant_types = cast(list[str], d.pop("grant_types", UNSET))

        redirect_uris = cast(list[str], d.pop("redirect_uris", UNSET))

        post_logout_redirect_uris = cast(list[str], d.pop("post_logout_redirect_uris", UNSET))

        allowed_origins = cast(list[str], d.pop("allowed_origins", UNSET))

        scope = d.pop("scope", UNSET)

        skip_consent = d.pop("skip_consent", UNSET)

        client_change = cls(
            name=name,
            grant_types=grant_types,
            redirect_uris=redirect_uris,
            post_logout_redirect_uris=post_logout_redirect_uris,
            allowed_origins=allowed_origins,
            scope=scope,
            skip_consent=skip_consent,
        )

        client_change.additional_properties = d
        return client_change

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
