// GraphQL operations the registry tests send, as a client would.

export const PROMOTE = `mutation P($input: PromoteModelVersionInput!) {
  promoteModelVersion(input: $input) { name canaryPercent labels { name version } }
}`;

export const ROLLBACK = `mutation R($model: String!, $label: String) {
  rollbackModel(model: $model, label: $label) { labels { name version } }
}`;

export const ARCHIVE = `mutation A($model: String!, $version: Int!) {
  archiveModelVersion(model: $model, version: $version) { version status labels archivedAt }
}`;

export const SET_CANARY = `mutation C($model: String!, $percent: Int!) {
  setCanaryTraffic(model: $model, percent: $percent) { canaryPercent }
}`;

export const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { translations { text } modelVersion { id version } }
}`;

export const TRAIN = `mutation Train($input: TrainModelInput!) {
  trainModel(input: $input) {
    id status preset maxMinutes architecture continueFromVersion startedFrom { model visibility version } model { name } dataset { id }
  }
}`;

export const CANCEL = `mutation Cancel($id: ID!) { cancelTrainingJob(id: $id) { id status finishedAt } }`;

export const JOB = `query Job($id: ID!) {
  trainingJob(id: $id) {
    id status progress step totalSteps etaSeconds devBleu error usedSeconds attempts resumedFromStep checkpointStep
    lossCurve { step loss devLoss }
    resultVersion { id version status labels parentVersion parent { model visibility version } metrics { bleu chrF devBleu testSentences } sizeBytes }
  }
}`;

export const JOBS = `query Jobs($status: TrainingJobStatus) { trainingJobs(status: $status) { nodes { id status } } }`;

export const CREATE_MODEL = `mutation M($input: CreateModelInput!) { createModel(input: $input) { id name } }`;

export const DATASETS = `query { datasets { nodes { id name pairCount trainCount devCount testCount checksum sizeBytes } } }`;

export const DATASET = `query D($id: ID!) { dataset(id: $id) { id name pairCount } }`;

export const DELETE_DATASET = `mutation Del($id: ID!) { deleteDataset(id: $id) { id name } }`;
