// Render one ZPL file to PNG with zpl-renderer-js (Zebrash compiled to WASM), under node.
// Usage: node render.cjs IN.zpl OUT.png [WIDTH_MM HEIGHT_MM DPMM]
// The package targets browsers but inlines its WASM and brings Go's wasm_exec shim, so node can
// load its CommonJS build directly; only the label size must be given (its default is 4x8 in).
"use strict";
const fs = require("node:fs");
const { ready } = require("zpl-renderer-js");

async function main() {
  const [input, output, width = "101.6", height = "152.4", dpmm = "8"] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: node render.cjs IN.zpl OUT.png [WIDTH_MM HEIGHT_MM DPMM]");
    process.exit(64);
  }
  const zpl = fs.readFileSync(input, "utf8");
  const { api } = await ready;
  const png = await api.zplToBase64Async(zpl, Number(width), Number(height), Number(dpmm));
  fs.writeFileSync(output, Buffer.from(png, "base64"));
  process.exit(0);  // the Go runtime keeps the event loop alive otherwise
}

main().catch((err) => {
  console.error(`zpl-renderer-js failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
