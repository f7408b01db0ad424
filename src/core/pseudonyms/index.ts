/** Keyed pseudonyms: the secret, its key file. */
export { PseudonymKey, PSEUDONYM_SECRET_BYTES } from './pseudonym-key.js';
export { loadPseudonymKeyFile, PSEUDONYM_KEY_FILE_FORMAT, type LoadPseudonymKeyOptions, type LoadedPseudonymKey } from './pseudonym-key-file.js';
