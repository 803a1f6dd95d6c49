import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestGateway } from "../support/use-test-gateway.js";
import { tinyModelSentences } from "../support/tiny-model.js";
import { launchBrowser, openConsole, screenshot, signIn, type ConsolePage } from "./support/browser.js";
import { ensureConsoleBuilt } from "./support/console-build.js";

// The console in a real browser (Debian's chromium) against a real gateway: sign in, keys,
// playground, models; every page must run without a console error or a request to another origin.
describe("web console", () => {
  const gateway = useTestGateway({ tinyModel: true });
  let browser: Browser;
  let tenant: { tenantId: string; key: string };
  let opened: ConsolePage | undefined;
  const XSS_NAME = "<img src=x onerror=alert(1)>";

  beforeAll(async () => {
    await ensureConsoleBuilt();
    browser = await launchBrowser();
    tenant = await gateway.createTenantWithKey({ monthlyCharacterQuota: 10_000 }, ["READ", "TRANSLATE", "TRAIN", "KEYS"]);
    await gateway.publishTinyModel(XSS_NAME);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const problems = opened?.problems ?? [];
    await opened?.close();
    opened = undefined;
    expect(problems).toEqual([]);
  });

  async function open(key: string, width = 1280) {
    opened = await openConsole(browser, gateway.url, { width });
    await signIn(opened.page, key);
    return opened.page;
  }

  it("serves the console with a strict Content-Security-Policy and falls back to index.html for page paths", async () => {
    const index = await fetch(`${gateway.url}/console/keys`);
    expect(index.status).toBe(200);
    const csp = index.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await index.text();
    expect(html).toContain('<div id="root">');
    // Every script is a same-origin file: none inline, none from another host.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/console\/)[^>]*>/);
    const missing = await fetch(`${gateway.url}/console/assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "NOT_FOUND", message: "Not found." } });
  });

  it("refuses a wrong key, signs in with a good one kept only in sessionStorage, and signs out", async () => {
    opened = await openConsole(browser, gateway.url);
    const { page } = opened;
    await page.getByLabel("API key").fill("pk_live_wrongwrongwrongwrongwrongwrongwrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/401|UNAUTHENTICATED|invalid|unknown/i);
    // The failed attempt (a 401) is the one console message Chromium logs by itself; the console adds none.
    opened.problems.splice(0, opened.problems.length, ...opened.problems.filter((problem) => !problem.includes("401")));
    await signIn(page, tenant.key);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(page.url()).not.toContain(tenant.key);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(tenant.key);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await page.getByText("Resets").waitFor();
    await screenshot(page, "overview");
    await page.reload();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it("creates a key and shows its secret once", async () => {
    const page = await open(tenant.key);
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByLabel("Name").fill("ci-key");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("new-secret").textContent()) ?? "";
    expect(secret).toMatch(/^pk_/);
    const row = page.getByRole("row", { name: /ci-key/ });
    await row.waitFor();
    await screenshot(page, "keys");
    // The list shows the prefix only; after a reload the secret is gone for good.
    expect(secret.startsWith((await row.locator("code").textContent()) ?? "?")).toBe(true);
    await page.reload();
    await page.getByRole("row", { name: /ci-key/ }).waitFor();
    expect(await page.content()).not.toContain(secret);
    const created = await gateway.db.prisma.apiKey.findFirst({ where: { tenantId: tenant.tenantId, name: "ci-key" } });
    expect(created?.scopes.sort()).toEqual(["READ", "TRAIN", "TRANSLATE"]);
  });

  it("rotates a key in one call: the new secret is shown once and the old key is revoked", async () => {
    const page = await open(tenant.key);
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByLabel("Name").fill("rotate-me");
    await page.getByRole("button", { name: "Create key" }).click();
    const oldSecret = (await page.getByTestId("new-secret").textContent()) ?? "";
    await page.getByRole("button", { name: "Done" }).click();
    const row = page.getByRole("row", { name: /rotate-me/ });
    await row.getByRole("button", { name: "Rotate" }).click();
    await page.getByRole("button", { name: "Confirm: Rotate" }).click();
    const newSecret = (await page.getByTestId("new-secret").textContent()) ?? "";
    expect(newSecret).toMatch(/^pk_/);
    expect(newSecret).not.toBe(oldSecret);
    const keys = await gateway.db.prisma.apiKey.findMany({ where: { tenantId: tenant.tenantId, name: "rotate-me" }, orderBy: { createdAt: "asc" } });
    expect(keys).toHaveLength(2);
    expect(keys[0]!.revokedAt).not.toBeNull();
    expect(keys[0]!.replacedById).toBe(keys[1]!.id);
    expect(keys[1]!.revokedAt).toBeNull();
    // The old secret is refused at once; the list says what it was rotated to.
    const viewer = await fetch(`${gateway.graphqlUrl}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${oldSecret}` },
      body: JSON.stringify({ query: "{ viewer { apiKey { id } } }" }),
    });
    expect(((await viewer.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    await page.getByText(`rotated to ${keys[1]!.prefix}`).waitFor();
  });

  it("translates in the playground and shows the billed characters and the serving version", async () => {
    const page = await open(tenant.key);
    await page.getByRole("link", { name: "Playground" }).click();
    await page.getByLabel("Model").selectOption({ label: "tiny-en-fr (en → fr)" });
    const [sentence] = await tinyModelSentences(1);
    await page.getByLabel("Text (one sentence a line)").fill(sentence!);
    await page.getByRole("button", { name: "Translate" }).click();
    await expect(page.getByTestId("billed-characters").textContent()).resolves.toBe(String([...sentence!].length));
    expect(await page.getByTestId("served-version").textContent()).toMatch(/^v1/);
    expect((await page.getByTestId("translation-output").textContent())?.trim()).not.toBe("");
    await screenshot(page, "playground");
    const ledger = await gateway.db.prisma.usageRecord.findMany({ where: { tenantId: tenant.tenantId } });
    expect(ledger.map((record) => record.inputCharacters)).toEqual([[...sentence!].length]);
  });

  it("shows a model name with HTML in it as text and runs nothing", async () => {
    const page = await open(tenant.key);
    await page.getByRole("link", { name: "Models" }).click();
    await page.getByRole("article", { name: `Model ${XSS_NAME}` }).waitFor();
    expect(await page.getByText(XSS_NAME, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator("img").count()).toBe(0);
    await screenshot(page, "models");
    // afterEach fails on any dialog (alert) or console error.
  });

  it("hides what a key's scopes cannot do", async () => {
    const translateOnly = await gateway.createTenantWithKey({}, ["TRANSLATE"]);
    const page = await open(translateOnly.key);
    const nav = page.getByRole("navigation", { name: "Console" });
    await nav.getByRole("link", { name: "Playground" }).waitFor();
    const links = await nav.getByRole("link").allTextContents();
    expect(links).not.toContain("API keys");
    expect(links).not.toContain("Training");
    expect(links).not.toContain("Admin");
    expect(links).not.toContain("Overview");

    // Without KEYS, the keys page lists and offers nothing that the gateway would refuse.
    const readOnly = await gateway.createTenantWithKey({}, ["READ"]);
    const reader = await open(readOnly.key);
    await reader.getByRole("link", { name: "API keys" }).click();
    await reader.getByText("This key lacks the KEYS scope").waitFor();
    expect(await reader.getByRole("button", { name: "Create key" }).count()).toBe(0);
  });

  it("works at 390 px wide", async () => {
    const page = await open(tenant.key, 390);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByText("Resets").waitFor();
    // Nothing sticks out to the right (tables scroll inside their own box).
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll("body *"))
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !element.closest(".table-wrap"))
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    );
    expect(wide).toEqual([]);
    await screenshot(page, "overview-390");
  });
});
