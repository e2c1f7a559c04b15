# The auth-server binary and the SPA on a slim Debian. Build: docker build -t auth-server .
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p auth-server

# The SPA: with rustup online the standard wasm32 target does; web/build.sh
# installs trunk and the wasm-bindgen-cli that Cargo.lock names.
FROM rust:1.95-bookworm AS web
WORKDIR /src
COPY . .
RUN rustup target add wasm32-unknown-unknown && web/build.sh

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/auth-server /usr/local/bin/auth-server
WORKDIR /app
# WEB_DIST defaults to web/dist (relative to /app).
COPY --from=web /src/web/dist /app/web/dist
ENV BIND_ADDR=0.0.0.0:8000
EXPOSE 8000
ENTRYPOINT ["auth-server"]
CMD ["serve"]
