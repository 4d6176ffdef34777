import * as assert from 'node:assert/strict';
import { answerEnd, answerEndOf } from '../../../src/host/chat/answerEnd';
import { interruptionView } from '../../../src/shared/protocol';
import { statusLine } from '../../../src/shared/turnStatus';

describe('how an answer that did not finish says so', () => {
  it('reads "Stopped" only for the user’s Stop', () => {
    assert.equal(statusLine('stopped'), 'Stopped — the answer above is partial.');
    for (const by of interruptionView.options) assert.doesNotMatch(statusLine('interrupted', by) ?? '', /Stopped/, by);
  });

  it('says what ended an interrupted answer', () => {
    assert.equal(statusLine('interrupted', 'newQuestion'), 'Ended: you started a new question — the answer above is partial.');
    assert.equal(statusLine('interrupted', 'newChat'), 'Ended: you started a new chat — the answer above is partial.');
    assert.equal(statusLine('interrupted', 'otherConversation'), 'Ended: you opened another conversation — the answer above is partial.');
    assert.equal(statusLine('interrupted', 'windowClosed'), 'Interrupted when the window closed — the answer above is partial.');
    assert.match(statusLine('interrupted', 'shutdown') ?? '', /^Interrupted: the extension shut down/);
    assert.equal(statusLine('interrupted'), 'Interrupted — the answer above is partial.');
  });

  it('has a line for failures and cut-offs, none for answers streaming or done', () => {
    assert.match(statusLine('failed') ?? '', /^Failed/);
    assert.match(statusLine('truncated') ?? '', /^Cut off at the output limit/);
    assert.equal(statusLine('done'), undefined);
    assert.equal(statusLine('streaming'), undefined);
    assert.equal(statusLine(undefined), undefined);
  });

  it('carries the reason on the abort signal as a typed object, read back only when it is ours', () => {
    const c = new AbortController();
    assert.equal(answerEndOf(c.signal), undefined, 'not aborted');
    c.abort(answerEnd('newChat'));
    assert.deepEqual(answerEndOf(c.signal), { kind: 'aimlClaude.answerEnd', by: 'newChat' });
    const other = new AbortController();
    other.abort(new Error('newChat'));
    assert.equal(answerEndOf(other.signal), undefined, 'an Error message is not a reason');
    const bare = new AbortController();
    bare.abort();
    assert.equal(answerEndOf(bare.signal), undefined);
  });
});
