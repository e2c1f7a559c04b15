//! Noticing that a caller has hung up, so that queued password checks of
//! abandoned requests cost nothing.
//!
//! poem 3 does not cancel a request whose client goes away: when a
//! connection ends it shuts it down gracefully, which polls the requests
//! still in flight to their end. Forty logins abandoned by an impatient
//! client therefore kept the hashing pool busy for half a second and
//! delayed the next real login by as much. The acceptor here wraps each
//! connection so that an end of stream (hyper reads a busy connection for
//! exactly that once a request's body is in) raises the connection's
//! signal; the middleware gives the signal to the request, and the password
//! hasher drops the queued work of a request whose caller has gone
//! ([`crate::password::until_caller_leaves`]).
//!
//! Only waiting for a password hash is cut short. Everything else a request
//! does runs to its end, so no state change is left half made.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use poem::http::StatusCode;
use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_util::sync::CancellationToken;

use crate::password::until_caller_leaves;

/// The hang-up signal of each open connection, by peer address (unique
/// among open connections).
#[derive(Clone, Default)]
pub struct Hangups(Arc<Mutex<HashMap<SocketAddr, CancellationToken>>>);

impl Hangups {
    fn map(&self) -> MutexGuard<'_, HashMap<SocketAddr, CancellationToken>> {
        // A panic while holding this lock cannot leave the map half
        // changed (each use is one insert, remove or lookup).
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn signal_of(&self, peer: &SocketAddr) -> Option<CancellationToken> {
        self.map().get(peer).cloned()
    }
}

/// An acceptor whose connections raise their hang-up signal.
pub struct HangupAcceptor<A> {
    inner: A,
    hangups: Hangups,
}

impl<A> HangupAcceptor<A> {
    pub fn new(inner: A, hangups: Hangups) -> Self {
        Self { inner, hangups }
    }
}

impl<A: Acceptor> Acceptor for HangupAcceptor<A> {
    type Io = Watched<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(
        &mut self,
    ) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, poem::http::uri::Scheme)> {
        let (io, local, remote, scheme) = self.inner.accept().await?;
        let peer = remote.as_socket_addr().copied();
        let gone = CancellationToken::new();
        if let Some(p) = peer {
            self.hangups.map().insert(p, gone.clone());
        }
        let io = Watched {
            inner: io,
            gone,
            peer,
            hangups: self.hangups.clone(),
        };
        Ok((io, local, remote, scheme))
    }
}

/// A connection that raises its signal at end of stream or a read error,
/// and when it is dropped.
pub struct Watched<T> {
    inner: T,
    gone: CancellationToken,
    peer: Option<SocketAddr>,
    hangups: Hangups,
}

impl<T> Drop for Watched<T> {
    fn drop(&mut self) {
        self.gone.cancel();
        if let Some(p) = &self.peer {
            self.hangups.map().remove(p);
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let room = buf.remaining() > 0;
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        match &polled {
            // Zero bytes into a buffer with room: the peer closed.
            Poll::Ready(Ok(())) if room && buf.filled().len() == before => self.gone.cancel(),
            Poll::Ready(Err(_)) => self.gone.cancel(),
            _ => {}
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Middleware: runs the request with its connection's hang-up signal. A
/// request whose caller left is answered (to no one) with nginx's 499
/// "client closed request", so metrics and the access log do not count it
/// as a server error.
pub async fn watch<E: Endpoint>(ep: Arc<E>, req: Request, hangups: Hangups) -> Result<Response> {
    let signal = req
        .remote_addr()
        .as_socket_addr()
        .and_then(|p| hangups.signal_of(p));
    let Some(gone) = signal else {
        return ep.call(req).await.map(IntoResponse::into_response);
    };
    let mut resp = until_caller_leaves(gone.clone(), ep.call(req))
        .await?
        .into_response();
    if gone.is_cancelled()
        && let Ok(status) = StatusCode::from_u16(CLIENT_CLOSED_REQUEST)
    {
        resp.set_status(status);
    }
    Ok(resp)
}

/// nginx's status for a request whose client closed the connection.
const CLIENT_CLOSED_REQUEST: u16 = 499;
