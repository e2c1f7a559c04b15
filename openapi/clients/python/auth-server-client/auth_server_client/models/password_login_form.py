from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PasswordLoginForm")


@_attrs_define
class PasswordLoginForm:
    """
    Attributes:
        username (str | Unset):
        password (str | Unset):
        otp (str | Unset): For a user with an authenticator app: its current 6-digit code
            (without it the answer is 400 `otp_required`).
        scope (str | Unset): Narrower than the key's scope, if wanted.
    """

    username: str | Unset = UNSET
    password: str | Unset = UNSET
    otp: str | Unset = UNSET
    scope: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        password = self.password

        otp = self.otp

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password
        if otp is not UNSET:
            field_dict["otp"] = otp
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username", UNSET)

        password = d.pop("password", UNSET)

        otp = d.pop("otp", UNSET)

        scope = d.pop("scope", UNSET)

        password_login_form = cls(
            username=username,
            password=password,
            otp=otp,
            scope=scope,
        )

        password_login_form.additional_properties = d
        return password_login_form

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
