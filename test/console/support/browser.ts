import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium package (`apt-get install chromium`); Playwright's own browser download is not used. */
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "screenshots");

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

export interface ConsolePage {
  page: Page;
  /** Console errors, page errors, dialogs (alert…) and requests to other origins, as they happened. */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh browser context (own sessionStorage) on the gateway's console, watching for anything a clean page never does. */
export async function openConsole(browser: Browser, baseUrl: string, options: { width?: number; height?: number } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  const page = await context.newPage();
  // CI machines are small and shared: waits get far more than Playwright's 30 s default.
  page.setDefaultTimeout(90_000);
  const origin = new URL(baseUrl).origin;
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:" && url.origin !== origin) problems.push(`request to another origin: ${request.url()}`);
  });
  await page.goto(`${baseUrl}/console/`);
  return { page, problems, close: () => context.close() };
}

/** Signs in on the sign-in page and waits for the console's navigation. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Writes test/console/screenshots/<name>.png (git-ignored) for a reviewer. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
