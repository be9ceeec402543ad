#!/usr/bin/env node
// Entry point of the npm CLI: the compiled sources live in dist/lib, built by
// `npm run build` (run by `npm ci` through the prepare script).
import { main } from "../dist/lib/cli/main.js";

process.exitCode = await main(process.argv);
