// Loads the SPA's wasm. A file rather than trunk's inline <script>, so the
// Content-Security-Policy can forbid inline scripts. trunk fills in the
// hashed file names as data attributes (Trunk.toml, pattern_script).
const self = document.querySelector("script[data-wasm]");
const { default: init } = await import(self.dataset.js);
await init({ module_or_path: self.dataset.wasm });
