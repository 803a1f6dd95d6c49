import type { Database } from "../../db/client.js";
import { Prisma } from "../../db/generated/client.js";
import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { UsageGroupBy } from "../../graphql/generated/resolvers-types.js";

export interface UsageGroupRow {
  key: string;
  requests: number;
  inputCharacters: bigint;
  outputCharacters: bigint;
  billedCharacters: bigint;
}

const GROUP_KEYS: Record<UsageGroupBy, Prisma.Sql> = {
  DAY: Prisma.sql`to_char(r."createdAt", 'YYYY-MM-DD')`,
  MODEL: Prisma.sql`COALESCE(m."name", 'unknown')`,
  API_KEY: Prisma.sql`COALESCE(r."apiKeyId"::text, 'deleted')`,
};

const MAX_RANGE_MS = 400 * 24 * 3600 * 1000;

/**
 * Billed usage from the ledger: SUCCEEDED rows in [from, to). Billed
 * characters are the input's code points. Totals are the sum of the groups.
 */
export async function usageReport(prisma: Database, tenantId: string, from: Date, to: Date, groupBy: UsageGroupBy) {
  if (to <= from) throw new BadUserInputError("`to` must be after `from`.");
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw new BadUserInputError("A usage report covers at most 400 days.");
  const key = GROUP_KEYS[groupBy];
  const groups = await prisma.$queryRaw<UsageGroupRow[]>`
    SELECT ${key} AS "key",
      count(*)::int AS "requests",
      sum(r."inputCharacters")::bigint AS "inputCharacters",
      sum(r."outputCharacters")::bigint AS "outputCharacters",
      sum(r."inputCharacters")::bigint AS "billedCharacters"
    FROM "UsageRecord" r
    LEFT JOIN "ModelVersion" v ON v."id" = r."modelVersionId"
    LEFT JOIN "Model" m ON m."id" = v."modelId"
    WHERE r."tenantId" = ${tenantId}::uuid AND r."status" = 'SUCCEEDED'::"UsageStatus" AND r."kind" = 'TRANSLATION'::"UsageKind"
      AND r."createdAt" >= ${from} AND r."createdAt" < ${to}
    GROUP BY 1
    ORDER BY 1`;
  const totals = groups.reduce<UsageGroupRow>(
    (sum, group) => ({
      key: "total",
      requests: sum.requests + group.requests,
      inputCharacters: sum.inputCharacters + group.inputCharacters,
      outputCharacters: sum.outputCharacters + group.outputCharacters,
      billedCharacters: sum.billedCharacters + group.billedCharacters,
    }),
    { key: "total", requests: 0, inputCharacters: 0n, outputCharacters: 0n, billedCharacters: 0n },
  );
  return { from, to, groupBy, groups, totals };
}
