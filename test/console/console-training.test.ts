import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, TrainingRunner } from "@parley/server";
import { syntheticPairs, toTsv } from "../registry/support/synthetic-corpus.js";
import { useTestGateway } from "../support/use-test-gateway.js";
import { launchBrowser, openConsole, screenshot, signIn, type ConsolePage } from "./support/browser.js";
import { ensureConsoleBuilt } from "./support/console-build.js";

// Training from the console: a bad upload names its line, a tiny job runs to a READY version
// while the page follows its progress, and the new version is promoted from there.
describe("web console: training", () => {
  const gateway = useTestGateway();
  let browser: Browser;
  let runner: TrainingRunner;
  let dataDir: string;
  let tenant: { tenantId: string; key: string };
  let opened: ConsolePage;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-console-training-"));
    runner = new TrainingRunner({
      prisma: gateway.db.prisma,
      databaseUrl: gateway.db.url,
      dataDir,
      logger: createLogger(process.env.PARLEY_TEST_LOG_LEVEL ?? "silent"),
      concurrency: 1,
      pollIntervalMs: 200,
      heartbeatMs: 300,
      maxTestPairs: 100,
      niceness: 0,
    });
    await runner.start();
    tenant = await gateway.createTenantWithKey({ monthlyTrainingMinutes: 60 }, ["READ", "TRAIN", "TRANSLATE"]);
    browser = await launchBrowser();
    opened = await openConsole(browser, gateway.url);
    await signIn(opened.page, tenant.key);
    await opened.page.getByRole("link", { name: "Training" }).click();
  });
  afterAll(async () => {
    await opened?.close();
    await browser?.close();
    await runner?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function upload(name: string, tsv: string) {
    const form = opened.page.getByRole("form", { name: "Upload a dataset" });
    await form.getByLabel("File").setInputFiles({ name: `${name}.tsv`, mimeType: "text/tab-separated-values", buffer: Buffer.from(tsv) });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Source language").fill("en");
    await form.getByLabel("Target language").fill("fr");
    await form.getByRole("button", { name: "Upload" }).click();
    return form;
  }

  it("shows the line number of a bad line in an uploaded dataset", async () => {
    const form = await upload("broken", "hello\tbonjour\nthank you\tmerci\nno tab on this line\ngood bye\tau revoir\n");
    const issues = form.getByRole("list", { name: "Problems in the file" });
    await issues.waitFor();
    expect(await issues.textContent()).toMatch(/^Line 3: /);
    await screenshot(opened.page, "training-upload-error");
    expect(await gateway.db.prisma.dataset.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
    // The gateway's 400 for the upload is logged by Chromium itself; the page adds nothing.
    opened.problems.splice(0, opened.problems.length, ...opened.problems.filter((problem) => !problem.includes("status of 400")));
  }, 180_000);

  it("trains a tiny model, follows its progress to a READY version and promotes it", async () => {
    const { page } = opened;
    await page.getByRole("link", { name: "Models" }).click();
    await page.getByText("New model").click();
    const create = page.getByRole("form", { name: "Create a model" });
    await create.getByLabel("Name").fill("console-en-fr");
    await create.getByLabel("Source language").fill("en");
    await create.getByLabel("Target language").fill("fr");
    await create.getByRole("button", { name: "Create model" }).click();
    await page.getByRole("article", { name: "Model console-en-fr" }).waitFor();

    await page.getByRole("link", { name: "Training" }).click();
    const uploaded = await upload("synthetic", toTsv(syntheticPairs(1200)));
    await uploaded.getByRole("status").waitFor();
    const start = page.getByRole("form", { name: "Start training" });
    await start.getByRole("combobox", { name: "Dataset" }).locator("option", { hasText: "synthetic" }).waitFor({ state: "attached" });
    await start.getByLabel("Preset").selectOption("tiny");
    await start.getByLabel("Minutes").fill("3");
    await start.getByLabel("Max steps (optional)").fill("30");
    await start.getByRole("button", { name: "Start training" }).click();

    const job = page.getByRole("region", { name: "Training job" });
    const statuses = new Set<string>();
    await expect
      .poll(async () => {
        const status = (await job.getByTestId("job-status").textContent().catch(() => null)) ?? "";
        statuses.add(status);
        return status;
      }, { timeout: 150_000, interval: 250 })
      .toBe("SUCCEEDED");
    expect([...statuses].some((status) => status === "RUNNING" || status === "QUEUED")).toBe(true);
    const result = job.getByTestId("result-version");
    expect(await result.textContent()).toContain("Status READY");
    await page.getByRole("img", { name: "Loss by step" }).waitFor();
    // Dev BLEU drawn over the steps, one point per evaluation, beside the loss: more than one when the job finishes.
    const bleuChart = job.getByRole("img", { name: "Dev BLEU by step" });
    await bleuChart.waitFor();
    const evaluations = await gateway.db.prisma.trainingJob.findFirstOrThrow({ where: { tenantId: tenant.tenantId, status: "SUCCEEDED" } });
    const stored = evaluations.evaluations as { step: number; devBleu?: number }[];
    expect(stored.length).toBeGreaterThan(1);
    expect(Number(await job.getByTestId("evaluation-count").textContent())).toBe(stored.length);
    await job.getByText("Dev evaluations").click();
    const rows = job.getByRole("table", { name: "Dev evaluations" }).locator("tbody tr");
    expect(await rows.count()).toBe(stored.length);
    expect(await rows.evaluateAll((cells) => cells.map((row) => row.children[0]?.textContent))).toEqual(stored.map((point) => String(point.step)));
    // The chart draws one point per evaluation with a dev BLEU.
    const scored = stored.filter((point) => point.devBleu !== undefined).length;
    expect(scored).toBeGreaterThan(1);
    expect(Number(await bleuChart.getAttribute("data-points"))).toBe(scored);
    await screenshot(page, "training");

    await result.getByRole("button", { name: "Promote v1 to stable" }).click();
    await page.getByRole("button", { name: "Confirm: Promote v1 to stable" }).click();
    await result.getByRole("status").waitFor();
    const label = await gateway.db.prisma.modelLabel.findFirst({ where: { name: "stable", model: { name: "console-en-fr" } }, include: { version: true } });
    expect(label?.version.version).toBe(1);
    expect(opened.problems).toEqual([]);
  }, 400_000);
});
