//! Bringing users, clients and sessions in from the systems this server
//! replaces. Beside `cli`, above `domain`: an import reads the other
//! system's database and writes through the domain's functions, with a
//! [`crate::domain::Context`] whose actor is the command line, so every
//! row it writes is checked and audited as one made here would be.

pub mod django;
