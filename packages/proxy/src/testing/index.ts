/**
 * @hexnode-offboard/proxy/testing: the store contract suite, for a store written outside this package
 * (PostgreSQL, DynamoDB, ...) to prove it keeps every promise the handler relies on. Web APIs only, no test
 * runner of its own: pass yours (`describe` and `test`).
 */
export {
  describeStoreContract,
  sampleAuditEntry,
  type StoreFixture,
  type TestRunner,
} from './store-contract.js';
export { ContractFailure } from './expect.js';
