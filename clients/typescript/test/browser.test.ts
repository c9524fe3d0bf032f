// The client in a real headless Chromium, over gRPC-Web through the edge.
//
// The page (test/page.ts, bundled here by esbuild) is served by a tiny HTTP
// server on 127.0.0.1, port 0, so its origin is http://127.0.0.1:<port> and
// every call to the edge (another port) is cross-origin: the browser sends
// CORS preflights and checks the edge's answers, as it would in production.
//
// CHROMIUM overrides the browser binary (default: Debian's /usr/bin/chromium).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";

import { edgeUrl } from "./common.js";
import type { PageResults } from "./page.js";

const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

async function bundlePage(): Promise<string> {
  // The compiled page (test-dist/page.js) imports "@stylist/client", i.e.
  // dist/index.js, as an application would.
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL("./page.js", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>stylist client test</title></head>
<body><pre id="out">running</pre><script type="module" src="/page.js"></script></body></html>`;

describe("in headless Chromium over gRPC-Web", { timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  let server: ReturnType<typeof createServer> | undefined;
  let pageUrl = "";

  before(async () => {
    const script = await bundlePage();
    server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      } else if (path === "/page.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script);
      } else if (path === "/favicon.ico") {
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    pageUrl = `http://127.0.0.1:${port}/?edge=${encodeURIComponent(edgeUrl())}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("registers, signs in, keeps a wardrobe, streams a chat reply and reports refusals", async (t) => {
    const page = await browser!.newPage();
    const log: string[] = [];
    page.on("console", (m) => log.push(`[console.${m.type()}] ${m.text()}`));
    page.on("pageerror", (e) => log.push(`[pageerror] ${e.stack ?? e.message}`));
    page.on("requestfailed", (r) => log.push(`[requestfailed] ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
    let results: PageResults | undefined;
    try {
      await page.goto(pageUrl);
      await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 60_000 });
      results = await page.evaluate(() => window.__results);
      assert.ok(results, "the page published its results");
      assert.equal(results.error, undefined, `the page's flow failed: ${results.error}`);
      assert.ok(results.ok);
      assert.equal(new URL(results.origin).hostname, "127.0.0.1");
      assert.notEqual(results.origin, new URL(edgeUrl()).origin, "the calls are cross-origin");
      assert.deepEqual(
        results.flows.map((f) => f.format),
        ["binary", "text"],
      );
      for (const f of results.flows) {
        const what = `gRPC-Web ${f.format}`;
        assert.equal(f.registeredUsername, f.username, what);
        assert.equal(f.loginUsername, f.username, what);
        assert.equal(f.profileUsername, f.username, what);
        assert.equal(f.createdIds.length, 2, what);
        assert.ok(f.createdIds.every((id) => id !== ""), what);
        assert.equal(f.listTotal, 2, what);
        assert.deepEqual([...f.listedIds].sort(), [...f.createdIds].sort(), what);
        assert.equal(f.streamStatuses.at(-1), "DONE", what);
        assert.ok(f.streamStatuses.includes("ANSWERING"), what);
        assert.ok(f.streamDeltas.length > 0, what);
        assert.equal(f.streamAnswer, f.streamDeltas, what);
        assert.equal(f.refusedCode, "NotFound", what);
        assert.match(f.refusedMessage, /no such item/, what);
        assert.equal(f.anonymousCode, "Unauthenticated", what);
        assert.match(f.anonymousMessage, /missing credentials/, what);
        assert.equal(f.refreshSaves, 1, `${what}: one refresh`);
        assert.equal(f.refreshedUsername, f.username, what);
      }
      t.diagnostic(`page origin ${results.origin}; ${results.flows.length} flows passed`);
    } catch (e) {
      console.error(`--- page console (${pageUrl}):\n${log.join("\n") || "(empty)"}`);
      if (results) console.error(`--- page results:\n${JSON.stringify(results, null, 2)}`);
      throw e;
    } finally {
      await page.close();
    }
  });
});
