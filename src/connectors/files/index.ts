/** `casebridge/connectors/files`: the flat-file connector (CSV, JSON Lines). */
export { createFileConnector, FILE_ADAPTER } from './files-connector.js';
export {
  FILE_ENCODINGS,
  RECORD_ORDINAL_COLUMN,
  type CsvTableConfig,
  type FileConnectorConfig,
  type FileEncoding,
  type FileTableConfig,
  type JsonLinesTableConfig,
} from './files-config.js';
export { FileDriver } from './files-driver.js';
export { FileIntrospector } from './files-introspector.js';
export { FileReader } from './files-reader.js';
export { FileControlTotals } from './files-control-totals.js';
export { DecimalSum, parseDecimalText } from '../shared/decimal-text.js';
export { BOOLEAN_TEXTS, parseTypedText, convertJsonValue } from './files-type-map.js';
export { FolderDocumentSource, type FolderDocumentSourceOptions } from './folder-document-source.js';
