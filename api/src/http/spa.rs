//! The SPA at `/`, from `WEB_DIST`, with history fallback to `index.html`;
//! or, when it has not been built, a page saying how to build it.

use std::path::Path;

use poem::endpoint::StaticFilesEndpoint;
use poem::http::StatusCode;
use poem::{EndpointExt, IntoEndpoint, Response, handler};

pub const BUILD_HINT: &str = "The web UI is not built. Build it with `just web` \
     (or `cd web && trunk build --release`), or point WEB_DIST at a built copy, \
     then restart the server. The API, /docs and /.well-known work without it.";

pub fn spa(dist: &Path) -> poem::endpoint::BoxEndpoint<'static, Response> {
    if dist.join("index.html").is_file() {
        StaticFilesEndpoint::new(dist)
            .index_file("index.html")
            .fallback_to_index()
            .map_to_response()
            .boxed()
    } else {
        not_built.into_endpoint().map_to_response().boxed()
    }
}

#[handler]
fn not_built() -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>auth-server</title></head>\
         <body><main><h1>auth-server</h1><p>{BUILD_HINT}</p><p><a href=\"/docs\">API documentation</a></p></main></body></html>"
    );
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .content_type("text/html; charset=utf-8")
        .body(page)
}
