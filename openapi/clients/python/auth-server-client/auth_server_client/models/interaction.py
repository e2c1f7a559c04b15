from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.step import Step
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.interaction_client import InteractionClient
    from ..models.scope_info import ScopeInfo


T = TypeVar("T", bound="Interaction")


@_attrs_define
class Interaction:
    """`GET /api/interaction/{id}`: a pending authorization request; `next`
    is what the user has to do next.

        Attributes:
            id (str):
            client (InteractionClient): The client asking for authorization.
            scopes (list[ScopeInfo]): The scopes requested, in the order to show them.
            next_ (Step): What the user has to do next in an interaction.
            csrf_token (str): Send back as `X-CSRF-Token` on every POST of this interaction.
            username (str | Unset): The user, once known (after the password step).
    """

    id: str
    client: InteractionClient
    scopes: list[ScopeInfo]
    next_: Step
    csrf_token: str
    username: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        client = self.client.to_dict()

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.to_dict()
            scopes.append(scopes_item)

        next_ = self.next_.value

        csrf_token = self.csrf_token

        username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "client": client,
                "scopes": scopes,
                "next": next_,
                "csrf_token": csrf_token,
            }
        )
        if username is not UNSET:
            field_dict["username"] = username

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.interaction_client import InteractionClient
        from ..models.scope_info import ScopeInfo

        d = dict(src_dict)
        id = d.pop("id")

        client = InteractionClient.from_dict(d.pop("client"))

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = ScopeInfo.from_dict(scopes_item_data)

            scopes.append(scopes_item)

        next_ = Step(d.pop("next"))

        csrf_token = d.pop("csrf_token")

        username = d.pop("username", UNSET)

        interaction = cls(
            id=id,
            client=client,
            scopes=scopes,
            next_=next_,
            csrf_token=csrf_token,
            username=username,
        )

        interaction.additional_properties = d
        return interaction

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
