from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthorizeForm")


@_attrs_define
class AuthorizeForm:
    """The parameters of an authorization request sent as a form.

    Attributes:
        response_type (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        scope (str | Unset):
        state (str | Unset):
        nonce (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (str | Unset):
        prompt (str | Unset):
        max_age (str | Unset):
        response_mode (str | Unset):
        request (str | Unset):
        request_uri (str | Unset):
    """

    response_type: str | Unset = UNSET
    client_id: str | Unset = UNSET
    redirect_uri: str | Unset = UNSET
    scope: str | Unset = UNSET
    state: str | Unset = UNSET
    nonce: str | Unset = UNSET
    code_challenge: str | Unset = UNSET
    code_challenge_method: str | Unset = UNSET
    prompt: str | Unset = UNSET
    max_age: str | Unset = UNSET
    response_mode: str | Unset = UNSET
    request: str | Unset = UNSET
    request_uri: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response_type = self.response_type

        client_id = self.client_id

        redirect_uri = self.redirect_uri

        scope = self.scope

        state = self.state

        nonce = self.nonce

        code_challenge = self.code_challenge

        code_challenge_method = self.code_challenge_method

        prompt = self.prompt

        max_age = self.max_age

        response_mode = self.response_mode

        request = self.request

        request_uri = self.request_uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if response_type is not UNSET:
            field_dict["response_type"] = response_type
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if redirect_uri is not UNSET:
            field_dict["redirect_uri"] = redirect_uri
        if scope is not UNSET:
            field_dict["scope"] = scope
        if state is not UNSET:
            field_dict["state"] = state
        if nonce is not UNSET:
            field_dict["nonce"] = nonce
        if code_challenge is not UNSET:
            field_dict["code_challenge"] = code_challenge
        if code_challenge_method is not UNSET:
            field_dict["code_challenge_method"] = code_challenge_method
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if max_age is not UNSET:
            field_dict["max_age"] = max_age
        if response_mode is not UNSET:
            field_dict["response_mode"] = response_mode
        if request is not UNSET:
            field_dict["request"] = request
        if request_uri is not UNSET:
            field_dict["request_uri"] = request_uri

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        response_type = d.pop("response_type", UNSET)

        client_id = d.pop("client_id", UNSET)

        redirect_uri = d.pop("redirect_uri", UNSET)

        scope = d.pop("scope", UNSET)

        state = d.pop("state", UNSET)

        nonce = d.pop("nonce", UNSET)

        code_challenge = d.pop("code_challenge", UNSET)

        code_challenge_method = d.pop("code_challenge_method", UNSET)

        prompt = d.pop("prompt", UNSET)

        max_age = d.pop("max_age", UNSET)

        response_mode = d.pop("response_mode", UNSET)

        request = d.pop("request", UNSET)

        request_uri = d.pop("request_uri", UNSET)

        authorize_form = cls(
            response_type=response_type,
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=scope,
            state=state,
            nonce=nonce,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            prompt=prompt,
            max_age=max_age,
            response_mode=response_mode,
            request=request,
            request_uri=request_uri,
        )

        authorize_form.additional_properties = d
        return authorize_form

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
