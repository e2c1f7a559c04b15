from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScopeInfo")


@_attrs_define
class ScopeInfo:
    """A requested scope as the consent screen shows it.

    Attributes:
        name (str): e.g. `profile`.
        description (str): What granting it allows, for the user.
        required (bool): Cannot be unticked (`openid`).
        levels (list[str]): The policy levels the user may choose from, e.g. `["basic", "full"]`;
            empty for a scope without levels.
        default_level (str | Unset): The level preselected; null for a scope without levels.
    """

    name: str
    description: str
    required: bool
    levels: list[str]
    default_level: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        required = self.required

        levels = self.levels

        default_level = self.default_level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "required": required,
                "levels": levels,
            }
        )
        if default_level is not UNSET:
            field_dict["default_level"] = default_level

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        required = d.pop("required")

        levels = cast(list[str], d.pop("levels"))

        default_level = d.pop("default_level", UNSET)

        scope_info = cls(
            name=name,
            description=description,
            required=required,
            levels=levels,
            default_level=default_level,
        )

        scope_info.additional_properties = d
        return scope_info

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
