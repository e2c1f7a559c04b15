from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AdminUser")


@_attrs_define
class AdminUser:
    """A user as admins see it (never the password hash).

    Attributes:
        id (str):
        username (str):
        email (str):
        email_verified (bool):
        first_name (str):
        last_name (str):
        roles (list[str]):
        disabled (bool):
        created_at (int):
        updated_at (int):
    """

    id: str
    username: str
    email: str
    email_verified: bool
    first_name: str
    last_name: str
    roles: list[str]
    disabled: bool
    created_at: int
    updated_at: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        email = self.email

        email_verified = self.email_verified

        first_name = self.first_name

        last_name = self.last_name

        roles = self.roles

        disabled = self.disabled

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "username": username,
                "email": email,
                "email_verified": email_verified,
                "first_name": first_name,
                "last_name": last_name,
                "roles": roles,
                "disabled": disabled,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        username = d.pop("username")

        email = d.pop("email")

        email_verified = d.pop("email_verified")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        roles = cast(list[str], d.pop("roles"))

        disabled = d.pop("disabled")

        created_at = d.pop("created_at")

        updated_at = d.pop("updated_at")

        admin_user = cls(
            id=id,
            username=username,
            email=email,
            email_verified=email_verified,
            first_name=first_name,
            last_name=last_name,
            roles=roles,
            disabled=disabled,
            created_at=created_at,
            updated_at=updated_at,
        )

        admin_user.additional_properties = d
        return admin_user

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
