import * as assert from 'node:assert/strict';
import type { AimlErrorKind } from '../../../src/core/api/errors';
import { errorActionLabel, errorActionLabels, errorActionOfLabel, errorActionsFor, type FailureKind } from '../../../src/shared/errorActions';
import { errorAction } from '../../../src/shared/protocol';

// Every kind the client can throw: a new kind must be given its actions here too.
const KINDS: Record<AimlErrorKind, true> = {
  auth: true,
  credits: true,
  model_not_found: true,
  bad_request: true,
  rate_limited: true,
  overloaded: true,
  server: true,
  network: true,
  timeout: true,
  interrupted: true,
  cancelled: true,
};

describe('error actions: one mapping from a failure to what it offers', () => {
  it('offers the key for auth, another model for an unknown one, the log where retrying cannot help, retry where it can', () => {
    assert.deepEqual(errorActionsFor('auth'), ['setApiKey']);
    assert.deepEqual(errorActionsFor('model_not_found'), ['pickModel']);
    assert.deepEqual(errorActionsFor('credits'), ['showLog']);
    assert.deepEqual(errorActionsFor('bad_request'), ['showLog']);
    for (const k of ['interrupted', 'network', 'server', 'timeout', 'overloaded', 'rate_limited'] as const) assert.deepEqual(errorActionsFor(k), ['retry'], k);
    assert.deepEqual(errorActionsFor('cancelled'), ['retry', 'showLog']);
    assert.deepEqual(errorActionsFor('internal'), ['retry', 'showLog']);
  });

  it('gives every kind at least one action, each one the protocol knows', () => {
    for (const kind of [...Object.keys(KINDS), 'internal'] as FailureKind[]) {
      const actions = errorActionsFor(kind);
      assert.ok(actions.length > 0, kind);
      for (const a of actions) assert.ok(errorAction.safeParse(a).success, `${kind} → ${a}`);
    }
  });

  it('labels each action once, and reads a chosen label back', () => {
    const labels = errorAction.options.map(errorActionLabel);
    assert.equal(new Set(labels).size, labels.length, 'no two actions share a label');
    assert.deepEqual(errorActionLabels(['pickModel', 'showLog']), ['Pick Another Model', 'Show Log']);
    assert.equal(errorActionLabel('retryLonger'), 'Retry with a Larger Output Limit');
    for (const a of errorAction.options) assert.equal(errorActionOfLabel(errorActionLabel(a)), a);
    assert.equal(errorActionOfLabel(undefined), undefined, 'a dismissed notification');
    assert.equal(errorActionOfLabel('Show Answer'), undefined);
  });
});
