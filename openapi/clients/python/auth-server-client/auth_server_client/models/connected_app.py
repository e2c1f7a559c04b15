from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.connected_app_policies import ConnectedAppPolicies


T = TypeVar("T", bound="ConnectedApp")


@_attrs_define
class ConnectedApp:
    """An app the user granted access to.

    Attributes:
        client_id (str):
        client_name (str):
        scopes (list[str]): The scopes granted.
        policies (ConnectedAppPolicies): The level chosen per levelled scope, e.g. `{"profile": "full"}`.
        granted_at (int): When the grant was first given (seconds since the epoch).
    """

    client_id: str
    client_name: str
    scopes: list[str]
    policies: ConnectedAppPolicies
    granted_at: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        client_name = self.client_name

        scopes = self.scopes

        policies = self.policies.to_dict()

        granted_at = self.granted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "client_name": client_name,
                "scopes": scopes,
                "policies": policies,
                "granted_at": granted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connected_app_policies import ConnectedAppPolicies

        d = dict(src_dict)
        client_id = d.pop("client_id")

        client_name = d.pop("client_name")

        scopes = cast(list[str], d.pop("scopes"))

        policies = ConnectedAppPolicies.from_dict(d.pop("policies"))

        granted_at = d.pop("granted_at")

        connected_app = cls(
            client_id=client_id,
            client_name=client_name,
            scopes=scopes,
            policies=policies,
            granted_at=granted_at,
        )

        connected_app.additional_properties = d
        return connected_app

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
