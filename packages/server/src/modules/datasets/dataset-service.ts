import { rm } from "node:fs/promises";
import type { Logger } from "pino";
import { requireScope } from "../../auth/access.js";
import type { Caller } from "../../auth/authenticate.js";
import type { Database } from "../../db/client.js";
import type { Dataset } from "../../db/generated/client.js";
import { ACTIVE_JOB_STATUSES } from "../training/training-quota.js";
import { ConflictError, NotFoundError } from "../../errors/gateway-errors.js";
import { isUuid } from "../../graphql/ids.js";
import { pageQuery, toConnection } from "../../graphql/pagination.js";


/** Reading and deleting a tenant's datasets; each tenant sees only its own. */
export class DatasetService {
  constructor(
    private readonly prisma: Database,
    private readonly logger: Logger,
  ) {}

  /** Newest first. */
  async list(caller: Caller | null, first: number | null | undefined, after: string | null | undefined) {
    const tenantId = requireScope(caller, "READ", "TRAIN").tenant.id;
    const rows = await this.prisma.dataset.findMany({ where: { tenantId, status: "READY" }, ...pageQuery(first, after) });
    return toConnection(rows, first);
  }

  async get(caller: Caller | null, id: string): Promise<Dataset | null> {
    const tenantId = requireScope(caller, "READ", "TRAIN").tenant.id;
    if (!isUuid(id)) return null;
    return this.prisma.dataset.findFirst({ where: { id, tenantId, status: "READY" } });
  }

  /**
   * Deletes the row and the file. Refused while a training job still needs
   * the data; finished jobs keep their record with the dataset unset.
   */
  async delete(caller: Caller | null, id: string): Promise<Dataset> {
    const tenantId = requireScope(caller, "TRAIN").tenant.id;
    const dataset = isUuid(id) ? await this.prisma.dataset.findFirst({ where: { id, tenantId } }) : null;
    if (!dataset) throw new NotFoundError(`Dataset ${id} not found.`);
    const activeJob = await this.prisma.trainingJob.findFirst({
      where: { datasetId: id, status: { in: [...ACTIVE_JOB_STATUSES] } },
      select: { id: true, status: true },
    });
    if (activeJob) {
      throw new ConflictError(`Dataset ${id} is used by training job ${activeJob.id} (${activeJob.status}): cancel it first.`);
    }
    await this.prisma.dataset.delete({ where: { id } });
    await rm(dataset.storagePath, { force: true }).catch((error: unknown) =>
      this.logger.warn({ err: error, datasetId: id }, "could not remove a deleted dataset's file"),
    );
    return dataset;
  }
}
