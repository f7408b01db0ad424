/** A fixed pseudonym key for tests (never used outside them). */
import { PseudonymKey } from '../../src/core/pseudonyms/pseudonym-key.js';

/** The tests' pseudonym key: fixed, so that references are comparable across test runs. */
export const TEST_PSEUDONYM_KEY = PseudonymKey.fromText('casebridge test pseudonym key, tests only');
