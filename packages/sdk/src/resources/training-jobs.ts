import type { APIPromise } from "../core/api-promise.js";
import { found } from "../core/found.js";
import type { RequestOptions } from "../core/options.js";
import type { PagePromise } from "../core/pagination.js";
import { sleep } from "../core/sleep.js";
import {
  CancelTrainingJobDocument,
  CreateTrainingJobDocument,
  ListTrainingJobsDocument,
  RetrieveTrainingJobDocument,
} from "../generated/graphql.js";
import type { TrainModelInput, TrainingJob, TrainingJobStatus } from "../types.js";
import type { ListParams } from "./models.js";
import { APIResource } from "./resource.js";

/** INTERRUPTED is not final: the gateway's runner resumes such jobs from their last checkpoint. */
const finishedStatuses: ReadonlySet<TrainingJobStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export interface TrainingJobListParams extends ListParams {
  status?: TrainingJobStatus;
}

export interface WaitOptions extends RequestOptions {
  /** Between polls (default 2000 ms). */
  pollIntervalMs?: number;
  /** Called after each poll, e.g. to show progress. */
  onProgress?: (job: TrainingJob) => void;
}

export class TrainingJobs extends APIResource {
  /** Queues training of one of the caller's models on a dataset; `startFrom` fine-tunes a public (or another own) model's version into it. */
  create(params: TrainModelInput, options?: RequestOptions): APIPromise<TrainingJob> {
    return this.client.graphql(CreateTrainingJobDocument, { input: params }, options)._thenUnwrap((data) => data.trainModel);
  }

  /** Throws NotFoundError for a job the caller cannot see. */
  retrieve(id: string, options?: RequestOptions): APIPromise<TrainingJob> {
    return this.client
      .graphql(RetrieveTrainingJobDocument, { id }, options)
      ._thenUnwrap((data, raw) => found(data.trainingJob, `Training job ${JSON.stringify(id)}`, raw));
  }

  cancel(id: string, options?: RequestOptions): APIPromise<TrainingJob> {
    return this.client.graphql(CancelTrainingJobDocument, { id }, options)._thenUnwrap((data) => data.cancelTrainingJob);
  }

  list(params: TrainingJobListParams = {}, options?: RequestOptions): PagePromise<TrainingJob> {
    return this.client.paginate(ListTrainingJobsDocument, params, (data) => data.trainingJobs, options);
  }

  /** Polls until the job succeeds, fails or is cancelled (an interrupted job resumes: polling goes on); abort with `signal`. */
  async waitForCompletion(id: string, options: WaitOptions = {}): Promise<TrainingJob> {
    const { pollIntervalMs = 2_000, onProgress, ...requestOptions } = options;
    for (;;) {
      const job = await this.retrieve(id, requestOptions);
      onProgress?.(job);
      if (finishedStatuses.has(job.status)) return job;
      await sleep(pollIntervalMs, requestOptions.signal);
    }
  }
}
