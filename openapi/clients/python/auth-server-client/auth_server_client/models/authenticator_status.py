from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthenticatorStatus")


@_attrs_define
class AuthenticatorStatus:
    """Whether the caller has an authenticator.

    Attributes:
        enabled (bool): A confirmed authenticator: password logins need its code.
        pending (bool): An enrollment was started and not yet confirmed.
        enabled_at (int | Unset): When it was confirmed (seconds since the epoch).
    """

    enabled: bool
    pending: bool
    enabled_at: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        pending = self.pending

        enabled_at = self.enabled_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "pending": pending,
            }
        )
        if enabled_at is not UNSET:
            field_dict["enabled_at"] = enabled_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        pending = d.pop("pending")

        enabled_at = d.pop("enabled_at", UNSET)

        authenticator_status = cls(
            enabled=enabled,
            pending=pending,
            enabled_at=enabled_at,
        )

        authenticator_status.additional_properties = d
        return authenticator_status

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
