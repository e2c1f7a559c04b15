//! With feature `openapi`: every type writes the same JSON through serde
//! (what the SPA sends and reads) as through poem-openapi (what the server
//! sends and reads), and each side parses the other's output. A serde
//! attribute out of step with its `oai` twin fails here.

use std::collections::BTreeMap;

use poem_openapi::types::{ParseFromJSON, ToJSON};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::*;

/// `null` and an absent key mean the same to both parsers.
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        v => v,
    }
}

fn same<T>(name: &str, v: T)
where
    T: Serialize + DeserializeOwned + ToJSON + ParseFromJSON + PartialEq + Clone,
{
    let by_serde = serde_json::to_value(&v).unwrap();
    let by_poem = v.to_json().unwrap();
    assert_eq!(
        without_nulls(by_serde.clone()),
        without_nulls(by_poem.clone()),
        "{name}: serde and poem-openapi write different JSON"
    );
    let parsed_by_poem = T::parse_from_json(Some(by_serde)).map_err(|e| e.into_message());
    assert!(
        parsed_by_poem.as_ref().is_ok_and(|p| *p == v),
        "{name}: poem-openapi does not read serde's JSON back: {:?}",
        parsed_by_poem.err()
    );
    let parsed_by_serde: T = serde_json::from_value(by_poem).unwrap();
    assert!(
        parsed_by_serde == v,
        "{name}: serde does not read poem's JSON back"
    );
}

/// A body only the client writes (with `write_only` fields the server
/// never echoes): the server must read exactly what serde writes.
fn sent<T>(name: &str, v: T)
where
    T: Serialize + ParseFromJSON + PartialEq,
{
    let by_serde = serde_json::to_value(&v).unwrap();
    let parsed_by_poem = T::parse_from_json(Some(by_serde)).map_err(|e| e.into_message());
    assert!(
        parsed_by_poem.as_ref().is_ok_and(|p| *p == v),
        "{name}: poem-openapi does not read serde's JSON back: {:?}",
        parsed_by_poem.err()
    );
}

fn s(v: &str) -> String {
    v.to_string()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn serde_and_openapi_agree_on_every_type() {
    let client = ClientView {
        client_id: s("c1"),
        name: s("Demo"),
        client_type: s("public"),
        grant_types: strings(&["authorization_code"]),
        redirect_uris: strings(&["https://rp/cb"]),
        post_logout_redirect_uris: vec![],
        allowed_origins: strings(&["https://rp"]),
        scope: s("openid"),
        skip_consent: true,
        created_at: 1,
        updated_at: 2,
    };
    same(
        "Profile",
        Profile {
            username: s("alice"),
            roles: strings(&["user"]),
            ..Default::default()
        },
    );
    same(
        "ProfileChange",
        ProfileChange {
            email: Some(s("a@b")),
            ..Default::default()
        },
    );
    same("ProfileChange (empty)", ProfileChange::default());
    same(
        "ConnectedApp",
        ConnectedApp {
            client_id: s("c"),
            client_name: s("C"),
            scopes: strings(&["openid", "profile"]),
            policies: BTreeMap::from([(s("profile"), s("full"))]),
            granted_at: 5,
        },
    );
    same(
        "EnrollmentBody",
        EnrollmentBody {
            secret: s("ABC"),
            otpauth_uri: s("otpauth://x"),
            qr_png: s("data:"),
        },
    );
    same(
        "AuthenticatorStatus",
        AuthenticatorStatus {
            enabled: true,
            enabled_at: Some(3),
            pending: false,
        },
    );
    same("AuthenticatorStatus (none)", AuthenticatorStatus::default());
    sent(
        "CodeBody",
        CodeBody {
            otp: Some(s("123456")),
        },
    );
    sent(
        "RemovalBody",
        RemovalBody {
            password: Some(s("pw")),
            otp: None,
        },
    );
    same("Confirmed", Confirmed { enabled: true });
    same("ErrorBody", ErrorBody::new("invalid_request", "bad"));
    same(
        "TokenBody",
        TokenBody {
            access_token: s("a"),
            token_type: s("Bearer"),
            expires_in: 900,
            refresh_token: None,
            scope: s("openid"),
            id_token: Some(s("i")),
        },
    );
    same("ClientView", client.clone());
    same(
        "NewClient",
        NewClient {
            name: s("n"),
            client_type: s("confidential"),
            grant_types: strings(&["client_credentials"]),
            scope: Some(s("openid")),
            ..Default::default()
        },
    );
    same(
        "CreatedClient",
        CreatedClient {
            client: client.clone(),
            client_secret: Some(s("sec")),
        },
    );
    same(
        "CreatedClient (public)",
        CreatedClient {
            client,
            client_secret: None,
        },
    );
    same(
        "ClientChange",
        ClientChange {
            skip_consent: Some(false),
            redirect_uris: Some(vec![]),
            ..Default::default()
        },
    );
    same(
        "NewSecret",
        NewSecret {
            client_secret: s("x"),
        },
    );
    same(
        "AdminUser",
        AdminUser {
            id: s("u1"),
            disabled: true,
            ..Default::default()
        },
    );
    sent(
        "NewUser",
        NewUser {
            username: s("bob"),
            password: s("pw"),
            roles: strings(&["user"]),
            ..Default::default()
        },
    );
    sent(
        "UserChange",
        UserChange {
            disabled: Some(true),
            roles: Some(vec![]),
            ..Default::default()
        },
    );
    same(
        "ServiceKeyView",
        ServiceKeyView {
            id: s("k"),
            revoked_at: Some(9),
            ..Default::default()
        },
    );
    same(
        "NewServiceKey",
        NewServiceKey {
            name: s("k"),
            scope: None,
        },
    );
    same(
        "CreatedKey",
        CreatedKey {
            id: s("k"),
            name: s("n"),
            scope: s("openid"),
            key: s("sk_x"),
        },
    );
    same(
        "Role",
        Role {
            name: s("admin"),
            ..Default::default()
        },
    );
    same(
        "NewRole",
        NewRole {
            name: s("ops"),
            description: s("Ops"),
        },
    );
    same(
        "RoleChange",
        RoleChange {
            description: s("d"),
        },
    );
    let entry = AuditEntry {
        id: s("e1"),
        at: 10,
        event: s("login.failed"),
        actor: s("anonymous"),
        ip: Some(s("127.0.0.1")),
        detail: json!({"reason": "bad password"}),
        ..Default::default()
    };
    same("AuditEntry", entry.clone());
    same(
        "AuditPage",
        AuditPage {
            entries: vec![entry],
            next_cursor: Some(s("e1")),
        },
    );
    let scopes = vec![
        ScopeInfo {
            name: s("openid"),
            description: s("Sign you in"),
            required: true,
            levels: vec![],
            default_level: None,
        },
        ScopeInfo {
            name: s("profile"),
            description: s("Your name"),
            required: false,
            levels: strings(&["basic", "full"]),
            default_level: Some(s("basic")),
        },
    ];
    same(
        "Interaction",
        Interaction {
            id: s("i1"),
            client: InteractionClient {
                client_id: s("c"),
                name: s("Demo"),
            },
            scopes,
            next: Step::Consent,
            csrf_token: s("t"),
            username: Some(s("alice")),
        },
    );
    sent(
        "LoginInput",
        LoginInput {
            username: s("alice"),
            password: s("pw"),
        },
    );
    sent("OtpInput", OtpInput { otp: s("123456") });
    same(
        "ConsentInput",
        ConsentInput {
            scopes: strings(&["openid", "profile"]),
            policies: BTreeMap::from([(s("profile"), s("full"))]),
        },
    );
    same(
        "InteractionAnswer::Redirect",
        InteractionAnswer::Redirect(RedirectTo {
            redirect_to: s("https://rp/cb?code=1"),
        }),
    );
    same(
        "InteractionAnswer::Next",
        InteractionAnswer::Next(NextStep { next: Step::Otp }),
    );
}

#[test]
fn the_contract_json_of_the_interaction_api() {
    let scope = ScopeInfo {
        name: s("email"),
        description: s("d"),
        required: false,
        levels: vec![],
        default_level: None,
    };
    // `levels` is `[]` and `default_level` null for a scope without levels.
    assert_eq!(
        scope.to_json().unwrap(),
        json!({"name": "email", "description": "d", "required": false, "levels": [], "default_level": null})
    );
    assert_eq!(Step::Otp.to_json().unwrap(), json!("otp"));
    let consent: ConsentInput = ParseFromJSON::parse_from_json(Some(json!({"scopes": ["openid"]})))
        .map_err(|e| e.into_message())
        .unwrap();
    assert!(consent.policies.is_empty());
}
