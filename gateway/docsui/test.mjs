// The API reference page in a real headless Chromium, against a running
// edge (tools/test-stack.sh sets STYLIST_EDGE_URL and the stack's bootstrap
// key): the bundled Swagger UI renders every route group and every
// operation of /openapi.json, loads nothing from outside the edge and
// breaks no Content-Security-Policy rule, and "Try it out" works with the
// Authorize dialog's service key.
// CHROMIUM overrides the browser binary (default: Debian's /usr/bin/chromium).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";

const edge = process.env.STYLIST_EDGE_URL;
const key = process.env.STYLIST_BOOTSTRAP_API_KEY;
assert.ok(edge && key, "run under tools/test-stack.sh");

describe("the /docs page", () => {
  let browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
  });
  after(async () => browser?.close());

  it("renders every route group and operation, and tries a call with a service key", async () => {
    const doc = await (await fetch(`${edge}/openapi.json`)).json();
    const tags = new Set();
    let operations = 0;
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        operations++;
        for (const t of op.tags ?? ["default"]) tags.add(t);
      }
    }

    const page = await browser.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`[console.error] ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`[pageerror] ${e.message}`));
    page.on("request", (r) => {
      if (!r.url().startsWith(edge) && !r.url().startsWith("data:")) problems.push(`[outside request] ${r.url()}`);
    });
    await page.goto(`${edge}/docs`);
    await page.waitForSelector(".opblock-tag-section", { timeout: 60_000 });

    for (const tag of tags) {
      assert.ok(await page.$(`.opblock-tag[data-tag="${tag}"]`), `route group ${tag} is rendered`);
    }
    assert.equal(await page.locator(".opblock").count(), operations, "every operation is rendered");

    // Authorize with the service key, then try GET /v1/admin/users.
    await page.click("button.authorize");
    const apiKeyBox = page.locator(".auth-container", { hasText: "X-API-Key" });
    await apiKeyBox.locator("input").fill(key);
    await apiKeyBox.locator("button.authorize").click();
    await page.click("button.btn-done");
    const users = page.locator(".opblock", { has: page.locator('.opblock-summary-path[data-path="/v1/admin/users"]') })
      .filter({ has: page.locator(".opblock-summary-method", { hasText: "GET" }) });
    await users.locator(".opblock-summary-control").click();
    await users.locator("button.try-out__btn").click();
    await users.locator("button.execute").click();
    const status = users.locator(".live-responses-table tr.response .response-col_status").first();
    await status.waitFor({ timeout: 30_000 });
    assert.equal((await status.innerText()).trim(), "200", "the call with the key succeeds");
    const body = await users.locator(".live-responses-table tr.response .response-col_description pre").first().innerText();
    assert.ok(JSON.parse(body).users, `the answer lists users: ${body.slice(0, 200)}`);

    assert.deepEqual(problems, [], "no errors, CSP violations or outside requests");
  });
});
