// Reads a WARC file with warcio (Webrecorder's WARC library) and prints what a standard reader sees, as JSON:
// record count, types, target URIs, each response's HTTP status and payload SHA-256, and whether every
// WARC-Payload-Digest and WARC-Block-Digest it can check matches the bytes. Exit 0 when the file parses and
// every checked digest matches, 1 otherwise, 2 on bad usage.
//
//   node scripts/warc-check/check.mjs FILE.warc.gz
import { createReadStream, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error("usage: node check.mjs FILE.warc.gz (file not found: " + file + ")");
  process.exit(2);
}

// warcio reports framing problems ("Content-Length Too Small", …) through console.warn: collect them as failures.
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The hex SHA-256 named by a "sha256:<base32|hex>" digest, or null for other algorithms. */
function digestHex(value) {
  if (!value) return null;
  const [algo, text] = [value.slice(0, value.indexOf(":")).toLowerCase(), value.slice(value.indexOf(":") + 1)];
  if (algo !== "sha256") return null;
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  let bits = 0, buffer = 0;
  const bytes = [];
  for (const c of text.replace(/=+$/, "").toUpperCase()) {
    const v = BASE32.indexOf(c);
    if (v < 0) return null;
    buffer = (buffer << 5) | v; bits += 5;
    if (bits >= 8) { bytes.push((buffer >> (bits - 8)) & 0xff); bits -= 8; }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(bytes).toString("hex");
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

function tally(check, stated, actual) {
  const expected = digestHex(stated);
  if (expected === null) { check.unchecked++; return null; }
  check.checked++;
  if (expected === actual) { check.ok++; return true; }
  check.failed++;
  return false;
}

const result = {
  file,
  records: 0,
  types: {},
  targetUris: [],
  responses: [],
  requests: [],
  payloadDigests: { checked: 0, ok: 0, failed: 0, unchecked: 0 },
  blockDigests: { checked: 0, ok: 0, failed: 0, unchecked: 0 },
  pairs: { linked: 0, unlinked: 0 },
  warnings,
  error: null,
  ok: false,
};

try {
  // Pass 1: as a replay tool reads it, with warcio's HTTP parsing (status line, headers, payload).
  const ids = new Map();
  const links = [];
  for await (const record of new WARCParser(createReadStream(file))) {
    const type = record.warcType;
    result.records++;
    result.types[type] = (result.types[type] ?? 0) + 1;
    const uri = record.warcTargetURI;
    if (uri && !result.targetUris.includes(uri)) result.targetUris.push(uri);
    ids.set(record.warcHeader("WARC-Record-ID"), type);
    if (type === "request" || type === "response") {
      const payload = await record.readFully(false);
      const payloadSha256 = sha256(payload);
      const concurrentTo = record.warcHeader("WARC-Concurrent-To");
      if (concurrentTo) links.push([type, concurrentTo]);
      if (type === "response") {
        const ok = tally(result.payloadDigests, record.warcPayloadDigest, payloadSha256);
        result.responses.push({ uri, status: record.httpHeaders?.statusCode ?? null, payloadSha256, payloadLength: payload.length, payloadDigestOk: ok });
      } else {
        result.requests.push({ uri, method: record.httpHeaders?.method ?? null, payloadLength: payload.length });
      }
    } else {
      await record.readFully(false);
    }
  }
  for (const [type, target] of links) {
    const other = ids.get(target);
    if ((type === "request" && other === "response") || (type === "response" && other === "request")) result.pairs.linked++;
    else result.pairs.unlinked++;
  }

  // Pass 2: the raw blocks, to check each WARC-Block-Digest over the exact bytes of the block.
  for await (const record of new WARCParser(createReadStream(file), { parseHttp: false })) {
    const block = await record.readFully(false);
    if (record.warcType !== "warcinfo" || record.warcBlockDigest) tally(result.blockDigests, record.warcBlockDigest, sha256(block));
  }
  result.ok = result.records > 0 && warnings.length === 0 && result.payloadDigests.failed === 0
    && result.blockDigests.failed === 0 && result.pairs.unlinked === 0;
} catch (e) {
  result.error = String(e?.stack ?? e);
}

// exitCode, not exit(): exit() would cut a long report short while stdout (a pipe) is still draining.
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
process.exitCode = result.ok ? 0 : 1;
