from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.token_claims_policies import TokenClaimsPolicies


T = TypeVar("T", bound="TokenClaims")


@_attrs_define
class TokenClaims:
    """The claims of a valid access token (RFC 9068 §2.2).

    Attributes:
        iss (str):
        sub (str):
        aud (str):
        client_id (str):
        scope (str):
        exp (int):
        iat (int):
        jti (str):
        roles (list[str]):
        policies (TokenClaimsPolicies):
        auth_time (int | Unset):
    """

    iss: str
    sub: str
    aud: str
    client_id: str
    scope: str
    exp: int
    iat: int
    jti: str
    roles: list[str]
    policies: TokenClaimsPolicies
    auth_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        iss = self.iss

        sub = self.sub

        aud = self.aud

        client_id = self.client_id

        scope = self.scope

        exp = self.exp

        iat = self.iat

        jti = self.jti

        roles = self.roles

        policies = self.policies.to_dict()

        auth_time = self.auth_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "iss": iss,
                "sub": sub,
                "aud": aud,
                "client_id": client_id,
                "scope": scope,
                "exp": exp,
                "iat": iat,
                "jti": jti,
                "roles": roles,
                "policies": policies,
            }
        )
        if auth_time is not UNSET:
            field_dict["auth_time"] = auth_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.token_claims_policies import TokenClaimsPolicies

        d = dict(src_dict)
        iss = d.pop("iss")

        sub = d.pop("sub")

        aud = d.pop("aud")

        client_id = d.pop("client_id")

        scope = d.pop("scope")

        exp = d.pop("exp")

        iat = d.pop("iat")

        jti = d.pop("jti")

        roles = cast(list[str], d.pop("roles"))

        policies = TokenClaimsPolicies.from_dict(d.pop("policies"))

        auth_time = d.pop("auth_time", UNSET)

        token_claims = cls(
            iss=iss,
            sub=sub,
            aud=aud,
            client_id=client_id,
            scope=scope,
            exp=exp,
            iat=iat,
            jti=jti,
            roles=roles,
            policies=policies,
            auth_time=auth_time,
        )

        token_claims.additional_properties = d
        return token_claims

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
