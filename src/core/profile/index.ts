/** Source profiling: a bounded-memory scan of a legacy source, as JSON and self-contained HTML. */
export { profileSource, type ProfileSourceOptions } from './profile-source.js';
export { SOURCE_PROFILE_VERSION, type ColumnProfile, type SourceProfile, type TableProfile } from './source-profile.js';
export { ColumnProfiler, type ColumnProfilerLimits } from './column-profiler.js';
export { PersonalValueDetector, personalByName, type PersonalReason } from './personal-data-heuristics.js';
export { renderProfileHtml } from './render-profile-html.js';
