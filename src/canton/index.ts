/**
 * Canton runs (`casebridge/canton`): many communes into one canton store, planned in waves and run by
 * any number of workers on pg-boss (optional peer dependency, 10.x), with retries, resume of lost
 * work and one overview page over all communes.
 */
export {
  CANTON_STAGES,
  checkCantonPlan,
  loadCantonPlan,
  type CantonCommune,
  type CantonPlan,
  type CantonPlanInput,
  type CantonStage,
  type CantonWave,
} from './canton-plan.js';
export { cantonRunId, listTasks, type CantonTask, type CantonTaskStatus } from './canton-tasks.js';
export { executeStage, stageArgs, type CliInvoker, type StageResult } from './canton-stage.js';
export {
  cantonQueueName,
  openCanton,
  queueReady,
  runCantonWorker,
  type CantonConnection,
  type CantonEvent,
  type CantonWorkerOptions,
} from './canton-worker.js';
export {
  assembleCantonOverview,
  buildCantonOverview,
  CANTON_OVERVIEW_VERSION,
  personIndexOf,
  type CantonCommuneInput,
  type CantonCommuneOverview,
  type CantonOverview,
} from './canton-overview.js';
export { renderCantonOverviewHtml, writeCantonOverview } from './render-canton-overview.js';
export { retryFailedTasks } from './retry-canton.js';
