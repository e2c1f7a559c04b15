from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnrollmentBody")


@_attrs_define
class EnrollmentBody:
    """What to add to an authenticator app; shown once.

    Attributes:
        secret (str): The secret in base32, to type into the app.
        otpauth_uri (str): `otpauth://totp/{issuer}:{username}?secret=…&issuer=…`
        qr_png (str): The URI as a QR code: `data:image/png;base64,…`.
    """

    secret: str
    otpauth_uri: str
    qr_png: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret = self.secret

        otpauth_uri = self.otpauth_uri

        qr_png = self.qr_png

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret": secret,
                "otpauth_uri": otpauth_uri,
                "qr_png": qr_png,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        secret = d.pop("secret")

        otpauth_uri = d.pop("otpauth_uri")

        qr_png = d.pop("qr_png")

        enrollment_body = cls(
            secret=secret,
            otpauth_uri=otpauth_uri,
            qr_png=qr_png,
        )

        enrollment_body.additional_properties = d
        return enrollment_body

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
