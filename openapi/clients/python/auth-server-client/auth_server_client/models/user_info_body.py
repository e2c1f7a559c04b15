from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserInfoBody")


@_attrs_define
class UserInfoBody:
    """The claims the token's scopes release.

    Attributes:
        sub (str): The user's stable id.
        preferred_username (str | Unset):
        name (str | Unset):
        given_name (str | Unset):
        family_name (str | Unset):
        updated_at (int | Unset):
        email (str | Unset):
        email_verified (bool | Unset):
        roles (list[str] | Unset):
    """

    sub: str
    preferred_username: str | Unset = UNSET
    name: str | Unset = UNSET
    given_name: str | Unset = UNSET
    family_name: str | Unset = UNSET
    updated_at: int | Unset = UNSET
    email: str | Unset = UNSET
    email_verified: bool | Unset = UNSET
    roles: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sub = self.sub

        preferred_username = self.preferred_username

        name = self.name

        given_name = self.given_name

        family_name = self.family_name

        updated_at = self.updated_at

        email = self.email

        email_verified = self.email_verified

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = self.roles

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sub": sub,
            }
        )
        if preferred_username is not UNSET:
            field_dict["preferred_username"] = preferred_username
        if name is not UNSET:
            field_dict["name"] = name
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if email is not UNSET:
            field_dict["email"] = email
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if roles is not UNSET:
            field_dict["roles"] = roles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sub = d.pop("sub")

        preferred_username = d.pop("preferred_username", UNSET)

        name = d.pop("name", UNSET)

        given_name = d.pop("given_name", UNSET)

        family_name = d.pop("family_name", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        email = d.pop("email", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        roles = cast(list[str], d.pop("roles", UNSET))

        user_info_body = cls(
            sub=sub,
            preferred_username=preferred_username,
            name=name,
            given_name=given_name,
            family_name=family_name,
            updated_at=updated_at,
            email=email,
            email_verified=email_verified,
            roles=roles,
        )

        user_info_body.additional_properties = d
        return user_info_body

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
