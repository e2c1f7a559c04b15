//! Roles: names users are given, carried in the `roles` claim and checked
//! (as stored now) by the admin API.

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use super::scopes::ADMIN_ROLE;
use crate::storage::{RoleRecord, Store};

const MAX_DESCRIPTION: usize = 500;

/// The rule for role names: 1 to 64 of `a-z 0-9 - _ : .`.
pub fn validate_role_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_:.".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request(
            "role name must be 1 to 64 of a-z 0-9 - _ : .",
        ))
    }
}

fn validate_description(description: &str) -> Result<(), ApiError> {
    if description.chars().count() > MAX_DESCRIPTION || description.contains('\0') {
        return Err(ApiError::invalid_request(
            "description must be at most 500 characters, without NUL",
        ));
    }
    Ok(())
}

pub async fn create_role(
    store: &Store,
    ctx: &Context,
    name: &str,
    description: &str,
) -> Result<RoleRecord, ApiError> {
    validate_role_name(name)?;
    validate_description(description)?;
    store.insert_role(name, description, ctx.now).await?;
    ctx.record(Entry::new(Event::RoleCreated).with("role", name))
        .await;
    Ok(RoleRecord {
        name: name.to_string(),
        description: description.to_string(),
        created_at: ctx.now,
    })
}

pub async fn change_role(
    store: &Store,
    ctx: &Context,
    name: &str,
    description: &str,
) -> Result<RoleRecord, ApiError> {
    validate_description(description)?;
    if !store.update_role(name, description).await? {
        return Err(ApiError::not_found("no such role"));
    }
    ctx.record(Entry::new(Event::RoleChanged).with("role", name))
        .await;
    store
        .find_role(name)
        .await?
        .ok_or_else(|| ApiError::not_found("no such role"))
}

/// Deletes a role; users lose it. `admin` cannot be deleted.
pub async fn delete_role(store: &Store, ctx: &Context, name: &str) -> Result<(), ApiError> {
    if name == ADMIN_ROLE {
        return Err(ApiError::invalid_request(
            "the admin role cannot be deleted",
        ));
    }
    if !store.delete_role(name).await? {
        return Err(ApiError::not_found("no such role"));
    }
    ctx.record(Entry::new(Event::RoleDeleted).with("role", name))
        .await;
    Ok(())
}
