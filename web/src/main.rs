//! The SPA's entry point (built for wasm32 by trunk).

fn main() {
    console_error_panic_hook::set_once();
    web::mount();
}
