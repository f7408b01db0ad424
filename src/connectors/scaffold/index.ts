/** Connector scaffolding (`casebridge init-connector`). */
export { scaffoldConnector, type ScaffoldOptions, type ScaffoldResult } from './scaffold-connector.js';
export { scaffoldFiles, type ScaffoldNames } from './scaffold-templates.js';
