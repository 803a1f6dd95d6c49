import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestGateway } from "../support/use-test-gateway.js";
import { launchBrowser, openConsole, screenshot, signIn, type ConsolePage } from "./support/browser.js";
import { ensureConsoleBuilt } from "./support/console-build.js";

// Administration from the console: an admin edits a tenant's quota, and that tenant's own overview shows it.
describe("web console: admin", () => {
  const gateway = useTestGateway();
  let browser: Browser;
  let tenant: { tenantId: string; key: string };
  const pages: ConsolePage[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    browser = await launchBrowser();
    tenant = await gateway.createTenantWithKey({ monthlyCharacterQuota: 50_000 }, ["READ", "TRANSLATE"]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const problems = pages.flatMap((opened) => opened.problems);
    await Promise.all(pages.splice(0).map((opened) => opened.close()));
    expect(problems).toEqual([]);
  });

  async function open(key: string) {
    const opened = await openConsole(browser, gateway.url);
    pages.push(opened);
    await signIn(opened.page, key);
    return opened.page;
  }

  it("edits a tenant's quota, and the tenant's overview shows the new quota", async () => {
    const admin = await open(gateway.adminKey);
    await admin.getByRole("link", { name: "Admin" }).click();
    const name = (await gateway.db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } })).name;
    await admin.getByRole("button", { name: `Edit ${name}` }).click();
    const form = admin.getByRole("form", { name: `Edit ${name}` });
    await form.getByLabel("Monthly characters").fill("123456");
    await form.getByRole("button", { name: "Save limits" }).click();
    await admin.getByRole("row", { name: new RegExp(name) }).getByText("123,456").waitFor();
    await screenshot(admin, "admin");
    expect((await gateway.db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } })).monthlyCharacterQuota).toBe(123_456n);

    const own = await open(tenant.key);
    await own.getByTestId("quota-used").getByText("/ 123,456").waitFor();
    expect(await own.getByTestId("limits").textContent()).toContain("123,456");
  });

  it("opens a tenant's overview from the admin page", async () => {
    const admin = await open(gateway.adminKey);
    await admin.getByRole("link", { name: "Admin" }).click();
    const name = (await gateway.db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } })).name;
    await admin.getByRole("row", { name: new RegExp(name) }).getByRole("link", { name: "Overview" }).click();
    await admin.getByText(`Tenant ${name}`).waitFor();
    await admin.getByTestId("quota-used").getByText("/ 123,456").waitFor();
  });

  it("runs a query in the bundled GraphiQL with the signed-in key", async () => {
    const admin = await open(tenant.key);
    const name = (await gateway.db.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } })).name;
    await admin.getByRole("link", { name: "GraphQL" }).click();
    const response = await admin.request.get(`${gateway.url}/console/graphql`);
    expect(response.headers()["content-security-policy"]).toContain("script-src 'self'");
    // GraphiQL's editor (Monaco, with web workers) fills in the default query some time after the page shows; on a
    // loaded machine, a click before that runs nothing. Wait for the query, then run it.
    await admin.locator(".graphiql-query-editor").getByText("viewer").first().waitFor({ timeout: 60_000 });
    await admin.getByRole("button", { name: /Execute query/ }).click();
    await admin.locator(".graphiql-response").getByText(name).first().waitFor({ timeout: 30_000 });
    await screenshot(admin, "graphiql");
  });

  it("sorts the tenants by a column, by click and by keyboard, and marks the header with aria-sort", async () => {
    await gateway.createTenantWithKey({ monthlyCharacterQuota: 9_000_000 });
    await gateway.createTenantWithKey({ monthlyCharacterQuota: 7_000 });
    const admin = await open(gateway.adminKey);
    await admin.getByRole("link", { name: "Admin" }).click();
    const table = admin.getByRole("table", { name: "Tenants" });
    const header = table.getByRole("columnheader", { name: "Monthly characters" });
    const quotas = async () =>
      (await table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.children[2]?.textContent ?? ""))).map((text) => Number(text.replace(/,/g, "")));
    await table.getByRole("row", { name: /since/ }).nth(3).waitFor();
    const before = await quotas();
    expect(await header.getAttribute("aria-sort")).toBeNull();

    await header.getByRole("button").click();
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("ascending");
    const ascending = await quotas();
    expect(ascending).toEqual([...before].sort((a, b) => a - b));
    expect(ascending).not.toEqual(before);

    await header.getByRole("button").focus();
    await admin.keyboard.press("Enter");
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("descending");
    expect(await quotas()).toEqual([...before].sort((a, b) => b - a));
    await admin.keyboard.press("Space");
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("ascending");
    expect(await quotas()).toEqual(ascending);
    // One column is sorted at a time.
    await table.getByRole("columnheader", { name: "Tenant" }).getByRole("button").click();
    await expect.poll(() => header.getAttribute("aria-sort")).toBeNull();
    await screenshot(admin, "admin-sorted");
  });
});
