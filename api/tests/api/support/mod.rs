//! Test doubles of the services the server talks to.

pub mod smtp;
