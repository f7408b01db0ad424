/**
 * `casebridge/trust`: tamper-evident runs. Every finished real run is sealed into its commune's hash chain
 * (and signed with an Ed25519 key when one is configured); `verifyRunChain` checks a store and its report
 * folder and names the first broken link. See docs/trust.md.
 */
export { verifyRunChain } from '../targets/ledger/run-chain-verify.js';
export type { ChainBreak, ChainBreakKind, ChainStatus, ChainVerification, VerifyRunChainOptions } from '../targets/ledger/run-chain-verify.js';
export { hasRunChain } from '../core/trust/run-chain-target.js';
export type { ReportFileDigest, RunChainTarget } from '../core/trust/run-chain-target.js';
export { createSigningKeyPair, loadSigningKey, loadVerifyKey, SIGNING_KEY_FILES } from '../core/trust/run-signing-keys.js';
export type { SigningKeyPairFiles } from '../core/trust/run-signing-keys.js';
