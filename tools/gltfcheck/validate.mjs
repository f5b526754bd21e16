// validate.mjs runs the Khronos glTF validator on one GLB file and prints a JSON
// summary of its report: counts of errors, warnings, infos and hints, and each
// message. It exits 1 when the validator reports any error, 2 on bad usage or an
// unreadable file, and 0 otherwise.
//
// Usage: node tools/gltfcheck/validate.mjs file.glb
// Install once with `npm install` in tools/gltfcheck.
import { readFile } from 'node:fs/promises';
import validator from 'gltf-validator';

const path = process.argv[2];
if (!path || process.argv.length > 3) {
  console.error('usage: node validate.mjs file.glb');
  process.exit(2);
}

let bytes;
try {
  bytes = new Uint8Array(await readFile(path));
} catch (err) {
  console.error(`gltfcheck: ${err.message}`);
  process.exit(2);
}

let report;
try {
  report = await validator.validateBytes(bytes, { maxIssues: 200, writeTimestamp: false });
} catch (err) {
  console.log(JSON.stringify({ file: path, numErrors: 1, messages: [{ severity: 'error', message: String(err) }] }, null, 2));
  process.exit(1);
}
const issues = report.issues;
const summary = {
  file: path,
  validatorVersion: report.validatorVersion,
  numErrors: issues.numErrors,
  numWarnings: issues.numWarnings,
  numInfos: issues.numInfos,
  numHints: issues.numHints,
  messages: issues.messages.map((m) => ({
    code: m.code,
    severity: ['error', 'warning', 'info', 'hint'][m.severity] ?? m.severity,
    pointer: String(m.pointer ?? m.offset ?? ''),
    message: m.message,
  })),
  info: report.info,
};
console.log(JSON.stringify(summary, null, 2));
process.exit(issues.numErrors > 0 ? 1 : 0);
