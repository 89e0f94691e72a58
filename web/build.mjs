// Bundles the two pages' scripts and copies the static files into dist/ (served under /assets/).
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";

mkdirSync("dist", { recursive: true });
await build({
  entryPoints: { home: "src/home.js", room: "src/room/main.js" },
  bundle: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  minify: true,
  sourcemap: true,
  outdir: "dist",
  logLevel: "warning",
});
cpSync("static", "dist", { recursive: true });
