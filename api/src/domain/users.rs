//! Users: validation of what people type, password authentication, and the
//! changes users and admins make.

use super::error::ApiError;
use crate::password::Password;
use crate::state::AppState;
use crate::storage::{NewUser, StoreResult, UserRecord, UserUpdate};

pub const MAX_NAME: usize = 150;
const MAX_EMAIL: usize = 254;
const MAX_PASSWORD: usize = 1024;

/// Django's rule: up to 150 of letters, digits and `@.+-_`.
pub fn validate_username(username: &str) -> Result<(), ApiError> {
    let ok = !username.is_empty()
        && username.chars().count() <= MAX_NAME
        && username
            .chars()
            .all(|c| c.is_alphanumeric() || "@.+-_".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request(
            "username must be 1 to 150 letters, digits or @.+-_",
        ))
    }
}

/// A plausible address: one `@`, something either side, no spaces. Whether
/// it receives mail is for the mail step to find out. Empty is allowed.
pub fn validate_email(email: &str) -> Result<(), ApiError> {
    if email.is_empty() {
        return Ok(());
    }
    let mut parts = email.split('@');
    let ok = email.len() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!((parts.next(), parts.next(), parts.next()),
                    (Some(l), Some(d), None) if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request("email is not a valid address"))
    }
}

pub fn validate_person_name(field: &str, value: &str) -> Result<(), ApiError> {
    if value.chars().count() > MAX_NAME || value.chars().any(char::is_control) {
        return Err(ApiError::invalid_request(format!(
            "{field} must be at most 150 characters without control characters"
        )));
    }
    Ok(())
}

pub fn validate_password(password: &str) -> Result<(), ApiError> {
    if password.is_empty() || password.len() > MAX_PASSWORD {
        return Err(ApiError::invalid_request(
            "password must be 1 to 1024 bytes",
        ));
    }
    Ok(())
}

/// Checks a username and password. An unknown user, a wrong password and a
/// disabled account all answer `None` after the same argon2 work, so neither
/// the answer nor its timing tells which.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: &Password,
) -> StoreResult<Option<UserRecord>> {
    let user = if username.is_empty() || username.len() > 4 * MAX_NAME {
        None
    } else {
        state.store.find_user_by_username(username).await?
    };
    let ok = state
        .hasher
        .verify(password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await;
    Ok(user.filter(|u| ok && !u.disabled))
}

pub struct CreateUser {
    pub username: String,
    pub email: String,
    pub password: Password,
    pub first_name: String,
    pub last_name: String,
    pub roles: Vec<String>,
}

/// Creates a user; a taken username is a conflict, an unknown role a 400.
pub async fn create_user(state: &AppState, input: CreateUser) -> Result<UserRecord, ApiError> {
    validate_username(&input.username)?;
    validate_email(&input.email)?;
    validate_password(input.password.expose())?;
    validate_person_name("first_name", &input.first_name)?;
    validate_person_name("last_name", &input.last_name)?;
    let roles = normalise_roles(state, input.roles).await?;
    let hash = state.hasher.hash(&input.password).await?;
    let id = uuid::Uuid::new_v4().to_string();
    state
        .store
        .insert_user(
            &NewUser {
                id: id.clone(),
                username: input.username,
                email: input.email,
                email_verified: false,
                first_name: input.first_name,
                last_name: input.last_name,
                password_hash: hash,
                roles,
            },
            state.now(),
        )
        .await?;
    state.store.find_user(&id).await?.ok_or(ApiError::Internal)
}

/// Dedupes, sorts and checks that every role exists.
pub async fn normalise_roles(
    state: &AppState,
    mut roles: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    roles.sort();
    roles.dedup();
    let unknown = state.store.unknown_roles(&roles).await?;
    if let Some(first) = unknown.first() {
        return Err(ApiError::invalid_request(format!(
            "unknown role: {first:?}"
        )));
    }
    Ok(roles)
}

/// A change to a user's own profile or, by an admin, to any user.
#[derive(Default)]
pub struct ChangeUser {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password: Option<Password>,
    pub disabled: Option<bool>,
    pub roles: Option<Vec<String>>,
}

/// Applies the fields that are set; answers the user as now stored.
pub async fn change_user(
    state: &AppState,
    id: &str,
    change: ChangeUser,
) -> Result<UserRecord, ApiError> {
    if let Some(e) = &change.email {
        validate_email(e)?;
    }
    if let Some(n) = &change.first_name {
        validate_person_name("first_name", n)?;
    }
    if let Some(n) = &change.last_name {
        validate_person_name("last_name", n)?;
    }
    let password_hash = match &change.password {
        Some(p) => {
            validate_password(p.expose())?;
            Some(state.hasher.hash(p).await?)
        }
        None => None,
    };
    let roles = match change.roles {
        Some(r) => Some(normalise_roles(state, r).await?),
        None => None,
    };
    let update = UserUpdate {
        email: change.email,
        first_name: change.first_name,
        last_name: change.last_name,
        password_hash,
        disabled: change.disabled,
        roles,
    };
    if !state.store.update_user(id, &update, state.now()).await? {
        return Err(ApiError::not_found("no such user"));
    }
    state
        .store
        .find_user(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such user"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_djangos_rule() {
        assert!(validate_username("alice").is_ok());
        assert!(validate_username("a.b+c-d_e@f").is_ok());
        assert!(validate_username("").is_err());
        assert!(validate_username("has space").is_err());
        assert!(validate_username(&"x".repeat(151)).is_err());
    }

    #[test]
    fn emails_are_checked_for_shape() {
        assert!(validate_email("alice@example.com").is_ok());
        assert!(validate_email("").is_ok());
        for bad in [
            "alice",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@example.",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
