from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """One entry. `detail` holds what the event concerns (grant type, scopes,
    policies, changed fields, a reason); never a secret.

        Attributes:
            id (str): Sorts by time; also the cursor.
            at (int): Seconds since the epoch.
            event (str): e.g. `login.failed`, `token.issued`, `user.changed`.
            actor (str): Who acted: `user:<id>`, `client:<id>`, `service_key:<id>`, `cli`,
                `anonymous` or `system`.
            detail (Any):
            user_id (str | Unset):
            client_id (str | Unset):
            ip (str | Unset):
            user_agent (str | Unset):
    """

    id: str
    at: int
    event: str
    actor: str
    detail: Any
    user_id: str | Unset = UNSET
    client_id: str | Unset = UNSET
    ip: str | Unset = UNSET
    user_agent: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        at = self.at

        event = self.event

        actor = self.actor

        detail = self.detail

        user_id = self.user_id

        client_id = self.client_id

        ip = self.ip

        user_agent = self.user_agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "at": at,
                "event": event,
                "actor": actor,
                "detail": detail,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if ip is not UNSET:
            field_dict["ip"] = ip
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        at = d.pop("at")

        event = d.pop("event")

        actor = d.pop("actor")

        detail = d.pop("detail")

        user_id = d.pop("user_id", UNSET)

        client_id = d.pop("client_id", UNSET)

        ip = d.pop("ip", UNSET)

        user_agent = d.pop("user_agent", UNSET)

        audit_entry = cls(
            id=id,
            at=at,
            event=event,
            actor=actor,
            detail=detail,
            user_id=user_id,
            client_id=client_id,
            ip=ip,
            user_agent=user_agent,
        )

        audit_entry.additional_properties = d
        return audit_entry

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
