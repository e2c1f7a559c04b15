//! A form-encoded request body that the OpenAPI document names apart from
//! the JSON body of the same fields.
//!
//! The integrator, account and interaction endpoints take the same fields
//! either form-encoded or as JSON. With poem-openapi's own `Form<T>` both
//! media types point at one schema, and client generators that pick the
//! encoding from the type of the body they are given (openapi-python-client
//! tests `isinstance(body, T)` for each media type) cannot tell them apart:
//! they send a form body labelled as JSON. Here the form's schema is a copy
//! of `T`'s under the name `<T>Form` (`PasswordLogin` → `PasswordLoginForm`),
//! so a generated client has one type per encoding. On the wire nothing
//! changes: the body is parsed exactly as `Form<T>` parses it.

use poem::{Request, RequestBody};
use poem_openapi::payload::{Form, ParsePayload, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::de::DeserializeOwned;

/// `application/x-www-form-urlencoded` fields of `T`, documented as the
/// schema `<T>Form`.
#[derive(Debug)]
pub struct FormBody<T>(pub T);

/// The form schema's name, from the name of `T`'s schema (`None` for an
/// inline schema, which has no name to clash).
fn form_name(schema: &MetaSchemaRef) -> Option<String> {
    match schema {
        MetaSchemaRef::Reference(name) => Some(format!("{name}Form")),
        MetaSchemaRef::Inline(_) => None,
    }
}

impl<T: Type> Payload for FormBody<T> {
    const CONTENT_TYPE: &'static str = <Form<T> as Payload>::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        <Form<T> as Payload>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        let schema = T::schema_ref();
        match form_name(&schema) {
            Some(name) => MetaSchemaRef::Reference(name),
            None => schema,
        }
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
        let schema = T::schema_ref();
        let (Some(name), MetaSchemaRef::Reference(json_name)) = (form_name(&schema), schema) else {
            return;
        };
        let Some(fields) = registry.schemas.get(&json_name).cloned() else {
            return;
        };
        registry.create_schema::<Self, _>(name.clone(), move |_| {
            poem_openapi::registry::MetaSchema {
                title: Some(name),
                ..fields
            }
        });
    }
}

impl<T: Type + DeserializeOwned> ParsePayload for FormBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(req: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let Form(fields) = Form::<T>::from_request(req, body).await?;
        Ok(Self(fields))
    }
}
