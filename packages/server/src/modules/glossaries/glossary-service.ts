import type { Caller } from "../../auth/authenticate.js";
import { requireScope } from "../../auth/access.js";
import type { Database } from "../../db/client.js";
import type { Glossary } from "../../db/generated/client.js";
import { BadUserInputError, ConflictError, NotFoundError } from "../../errors/gateway-errors.js";
import { isUuid } from "../../graphql/ids.js";
import type { CreateGlossaryInput } from "../../graphql/generated/resolvers-types.js";
import { requireLanguageCode } from "../languages/language-codes.js";
import { GLOSSARY_LIMITS } from "./glossary-limits.js";
import { parseEntriesText, parseEntryList, type GlossaryEntry } from "./parse-entries.js";

/** A tenant's glossaries: create (validated, with line numbers), list, read, delete. Each tenant sees only its own. */
export class GlossaryService {
  constructor(private readonly prisma: Database) {}

  /**
   * Creates a glossary from `entries` or `entriesText` (exactly one). Invalid entries: BAD_USER_INPUT with
   * `extensions.issues` ([{ line, code, message }], at most 100) and `issueCount`; a taken name: CONFLICT (409);
   * more than maxPerTenant glossaries: BAD_USER_INPUT. Nothing is stored unless all is valid.
   */
  async create(caller: Caller | null, input: CreateGlossaryInput): Promise<Glossary> {
    const tenantId = requireScope(caller, "TRANSLATE").tenant.id;
    const name = input.name.trim();
    if (name === "") throw new BadUserInputError("name must not be empty.", { field: "name" });
    const sourceLanguage = requireLanguageCode("sourceLanguage", input.sourceLanguage);
    const targetLanguage = requireLanguageCode("targetLanguage", input.targetLanguage);
    if (sourceLanguage === targetLanguage) throw new BadUserInputError("sourceLanguage and targetLanguage must differ.", { field: "targetLanguage" });
    const hasList = input.entries !== null && input.entries !== undefined;
    const hasText = input.entriesText !== null && input.entriesText !== undefined;
    if (hasList === hasText) throw new BadUserInputError("Give either entries or entriesText, not both and not neither.", { field: "entries" });
    const parsed = hasList ? parseEntryList(input.entries!) : parseEntriesText(input.entriesText!, input.entriesFormat ?? "TSV");
    if (!parsed.ok) {
      const first = parsed.issues[0]!;
      throw new BadUserInputError(
        `The glossary has ${parsed.issueCount} problem(s); the first, ${hasList ? "entry" : "line"} ${first.line}: ${first.message}.`,
        { field: hasList ? "entries" : "entriesText", issues: parsed.issues, issueCount: parsed.issueCount },
      );
    }
    if (parsed.entries.length === 0) throw new BadUserInputError("A glossary needs at least one entry.", { field: hasList ? "entries" : "entriesText" });
    return this.prisma.$transaction(async (tx) => {
      // Serializes creations per tenant so that the count check holds under concurrency.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('glossaries:' || ${tenantId}))`;
      if ((await tx.glossary.count({ where: { tenantId } })) >= GLOSSARY_LIMITS.maxPerTenant) {
        throw new BadUserInputError(`A tenant may keep at most ${GLOSSARY_LIMITS.maxPerTenant} glossaries; delete one first.`, { limit: GLOSSARY_LIMITS.maxPerTenant });
      }
      if (await tx.glossary.findFirst({ where: { tenantId, name }, select: { id: true } })) {
        throw new ConflictError(`A glossary named "${name}" already exists.`);
      }
      return tx.glossary.create({
        data: { tenantId, name, sourceLanguage, targetLanguage, entryCount: parsed.entries.length, entries: parsed.entries as never },
      });
    });
  }

  /** The caller's glossaries, newest first (entries are read through `Glossary.entries`). */
  async list(caller: Caller | null): Promise<Glossary[]> {
    const tenantId = requireScope(caller, "READ", "TRANSLATE").tenant.id;
    return this.prisma.glossary.findMany({ where: { tenantId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  }

  /** The caller's glossary `id`; another tenant's or an unknown one is NOT_FOUND. */
  async get(caller: Caller | null, id: string): Promise<Glossary> {
    const tenantId = requireScope(caller, "READ", "TRANSLATE").tenant.id;
    return this.find(tenantId, id);
  }

  /** Deletes the caller's glossary; returns it as it was. Requests already running keep using it. */
  async delete(caller: Caller | null, id: string): Promise<Glossary> {
    const tenantId = requireScope(caller, "TRANSLATE").tenant.id;
    const glossary = await this.find(tenantId, id);
    await this.prisma.glossary.deleteMany({ where: { id: glossary.id, tenantId } });
    return glossary;
  }

  /** For translate: the tenant's glossary with its entries, or NOT_FOUND. */
  async find(tenantId: string, id: string): Promise<Glossary> {
    const glossary = isUuid(id) ? await this.prisma.glossary.findFirst({ where: { id, tenantId } }) : null;
    if (!glossary) throw new NotFoundError(`Glossary ${id} not found.`);
    return glossary;
  }
}

/** A stored glossary's entries. */
export function glossaryEntries(glossary: Glossary): GlossaryEntry[] {
  return glossary.entries as unknown as GlossaryEntry[];
}
