from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.introspection_body_policies import IntrospectionBodyPolicies


T = TypeVar("T", bound="IntrospectionBody")


@_attrs_define
class IntrospectionBody:
    """RFC 7662 §2.2.

    Attributes:
        active (bool):
        scope (str | Unset):
        client_id (str | Unset):
        username (str | Unset):
        token_type (str | Unset):
        exp (int | Unset):
        iat (int | Unset):
        sub (str | Unset):
        aud (str | Unset):
        iss (str | Unset):
        jti (str | Unset):
        roles (list[str] | Unset):
        policies (IntrospectionBodyPolicies | Unset): The level chosen per scope, e.g. `{"profile": "basic"}`.
    """

    active: bool
    scope: str | Unset = UNSET
    client_id: str | Unset = UNSET
    username: str | Unset = UNSET
    token_type: str | Unset = UNSET
    exp: int | Unset = UNSET
    iat: int | Unset = UNSET
    sub: str | Unset = UNSET
    aud: str | Unset = UNSET
    iss: str | Unset = UNSET
    jti: str | Unset = UNSET
    roles: list[str] | Unset = UNSET
    policies: IntrospectionBodyPolicies | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        scope = self.scope

        client_id = self.client_id

        username = self.username

        token_type = self.token_type

        exp = self.exp

        iat = self.iat

        sub = self.sub

        aud = self.aud

        iss = self.iss

        jti = self.jti

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = self.roles

        policies: dict[str, Any] | Unset = UNSET
        if not isinstance(self.policies, Unset):
            policies = self.policies.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if username is not UNSET:
            field_dict["username"] = username
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if exp is not UNSET:
            field_dict["exp"] = exp
        if iat is not UNSET:
            field_dict["iat"] = iat
        if sub is not UNSET:
            field_dict["sub"] = sub
        if aud is not UNSET:
            field_dict["aud"] = aud
        if iss is not UNSET:
            field_dict["iss"] = iss
        if jti is not UNSET:
            field_dict["jti"] = jti
        if roles is not UNSET:
            field_dict["roles"] = roles
        if policies is not UNSET:
            field_dict["policies"] = policies

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.introspection_body_policies import IntrospectionBodyPolicies

        d = dict(src_dict)
        active = d.pop("active")

        scope = d.pop("scope", UNSET)

        client_id = d.pop("client_id", UNSET)

        username = d.pop("username", UNSET)

        token_type = d.pop("token_type", UNSET)

        exp = d.pop("exp", UNSET)

        iat = d.pop("iat", UNSET)

        sub = d.pop("sub", UNSET)

        aud = d.pop("aud", UNSET)

        iss = d.pop("iss", UNSET)

        jti = d.pop("jti", UNSET)

        roles = cast(list[str], d.pop("roles", UNSET))

        _policies = d.pop("policies", UNSET)
        policies: IntrospectionBodyPolicies | Unset
        if isinstance(_policies, Unset):
            policies = UNSET
        else:
            policies = IntrospectionBodyPolicies.from_dict(_policies)

        introspection_body = cls(
            active=active,
            scope=scope,
            client_id=client_id,
            username=username,
            token_type=token_type,
            exp=exp,
            iat=iat,
            sub=sub,
            aud=aud,
            iss=iss,
            jti=jti,
            roles=roles,
            policies=policies,
        )

        introspection_body.additional_properties = d
        return introspection_body

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
