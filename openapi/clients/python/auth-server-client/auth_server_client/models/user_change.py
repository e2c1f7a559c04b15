from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserChange")


@_attrs_define
class UserChange:
    """Fields to change; those not sent stay as they are.

    Attributes:
        email (str | Unset): A new address is unverified unless `email_verified` is sent too.
        email_verified (bool | Unset):
        first_name (str | Unset):
        last_name (str | Unset):
        password (str | Unset):
        roles (list[str] | Unset): Replaces the user's roles.
        disabled (bool | Unset): A disabled user cannot sign in; their tokens stop working.
    """

    email: str | Unset = UNSET
    email_verified: bool | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    password: str | Unset = UNSET
    roles: list[str] | Unset = UNSET
    disabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        email_verified = self.email_verified

        first_name = self.first_name

        last_name = self.last_name

        password = self.password

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = self.roles

        disabled = self.disabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if password is not UNSET:
            field_dict["password"] = password
        if roles is not UNSET:
            field_dict["roles"] = roles
        if disabled is not UNSET:
            field_dict["disabled"] = disabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        password = d.pop("password", UNSET)

        roles = cast(list[str], d.pop("roles", UNSET))

        disabled = d.pop("disabled", UNSET)

        user_change = cls(
            email=email,
            email_verified=email_verified,
            first_name=first_name,
            last_name=last_name,
            password=password,
            roles=roles,
            disabled=disabled,
        )

        user_change.additional_properties = d
        return user_change

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
