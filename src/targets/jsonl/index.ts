/** `casebridge/targets/jsonl`: the Citysoftnet-style import-format target (JSON Lines batches + manifest). */
export { createJsonlTarget, JsonlTarget, type JsonlTargetOptions } from './jsonl-target.js';
export {
  IMPORT_FORMAT,
  IMPORT_MANIFEST_FILE,
  readManifest,
  type ImportManifest,
  type ManifestBatch,
  type ManifestFile,
  type ManifestRun,
  type ManifestEntityTotals,
} from './jsonl-manifest.js';
export { readJsonLines } from './jsonl-lines.js';
export {
  applyChangeFeed,
  applyChangeSet,
  CHANGE_FEED_FORMAT,
  emptyFeedConsumer,
  publishChangeSet,
  readChangeSetManifest,
  type ChangeSetManifest,
  type ChangeSource,
  type FeedConsumerState,
} from './change-feed.js';
