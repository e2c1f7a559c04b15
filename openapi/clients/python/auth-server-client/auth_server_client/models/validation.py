from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.token_claims import TokenClaims


T = TypeVar("T", bound="Validation")


@_attrs_define
class Validation:
    """`{"valid": true, "claims": …}`, or `{"valid": false}` without claims.

    Attributes:
        valid (bool):
        claims (TokenClaims | Unset): The claims of a valid access token (RFC 9068 §2.2).
    """

    valid: bool
    claims: TokenClaims | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        claims: dict[str, Any] | Unset = UNSET
        if not isinstance(self.claims, Unset):
            claims = self.claims.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
            }
        )
        if claims is not UNSET:
            field_dict["claims"] = claims

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.token_claims import TokenClaims

        d = dict(src_dict)
        valid = d.pop("valid")

        _claims = d.pop("claims", UNSET)
        claims: TokenClaims | Unset
        if isinstance(_claims, Unset):
            claims = UNSET
        else:
            claims = TokenClaims.from_dict(_claims)

        validation = cls(
            valid=valid,
            claims=claims,
        )

        validation.additional_properties = d
        return validation

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
