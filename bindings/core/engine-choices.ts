/** The engines a caller may ask for: auto (WebAssembly where it loads), WebAssembly, or the same kernels in plain JS. */
export const ENGINE_CHOICES = ["auto", "wasm", "js"] as const;
