from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_input_policies import ConsentInputPolicies


T = TypeVar("T", bound="ConsentInput")


@_attrs_define
class ConsentInput:
    """`POST /api/interaction/{id}/consent`: the scopes the user leaves ticked
    and the level chosen per levelled scope.

        Attributes:
            scopes (list[str]): e.g. `["openid", "profile"]`; `openid` is always granted.
            policies (ConsentInputPolicies | Unset): e.g. `{"profile": "full"}`; a levelled scope without an entry gets
                its default level.
    """

    scopes: list[str]
    policies: ConsentInputPolicies | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scopes = self.scopes

        policies: dict[str, Any] | Unset = UNSET
        if not isinstance(self.policies, Unset):
            policies = self.policies.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scopes": scopes,
            }
        )
        if policies is not UNSET:
            field_dict["policies"] = policies

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_input_policies import ConsentInputPolicies

        d = dict(src_dict)
        scopes = cast(list[str], d.pop("scopes"))

        _policies = d.pop("policies", UNSET)
        policies: ConsentInputPolicies | Unset
        if isinstance(_policies, Unset):
            policies = UNSET
        else:
            policies = ConsentInputPolicies.from_dict(_policies)

        consent_input = cls(
            scopes=scopes,
            policies=policies,
        )

        consent_input.additional_properties = d
        return consent_input

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
