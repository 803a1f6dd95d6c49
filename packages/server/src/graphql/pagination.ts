import { BadUserInputError } from "../errors/gateway-errors.js";

/** Opaque cursors: base64url of the row id the page ended at. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new BadUserInputError("Invalid cursor.");
  return id;
}

export function pageSize(first: number | null | undefined, max = 100): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > max) throw new BadUserInputError(`first must be between 1 and ${max}.`);
  return size;
}

/** Prisma arguments for a page after `after`, fetching one extra row to know if more follow. */
export function pageQuery(first: number | null | undefined, after: string | null | undefined) {
  const take = pageSize(first);
  const cursorId = decodeCursor(after);
  return {
    take: take + 1,
    ...(cursorId ? { cursor: { id: cursorId }, skip: 1 } : {}),
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
  };
}

export function toConnection<T extends { id: string }>(rows: T[], first: number | null | undefined) {
  const take = pageSize(first);
  const nodes = rows.slice(0, take);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.length ? encodeCursor(nodes.at(-1)!.id) : null },
  };
}
