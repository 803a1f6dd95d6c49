/**
 * This month's usage by day and by model, and the quota left.
 *   PARLEY_API_KEY=pk_... pnpm exec tsx packages/sdk/examples/usage.ts
 */
import { Parley } from "../src/index.js";

const client = new Parley();
const now = new Date();
const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

const viewer = await client.viewer();
const { quota } = viewer.tenant;
console.log(`tenant ${viewer.tenant.name}: ${quota.used} of ${quota.limit} characters used, ${quota.remaining} left until ${quota.resetsAt}`);

for (const groupBy of ["DAY", "MODEL"] as const) {
  const report = await client.usage.retrieve({ from, to, groupBy });
  console.log(`\nby ${groupBy.toLowerCase()}:`);
  for (const group of report.groups) {
    console.log(`  ${group.key.padEnd(24)} ${String(group.requests).padStart(6)} requests ${String(group.billedCharacters).padStart(10)} billed`);
  }
  console.log(`  ${"total".padEnd(24)} ${String(report.totals.requests).padStart(6)} requests ${String(report.totals.billedCharacters).padStart(10)} billed`);
}
