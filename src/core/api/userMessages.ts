/**
 * The sentences people read. Each names what happened and what to do about it, in one sentence,
 * without codes or stack traces (those go to the log).
 */
import { tr } from '../l10n';
import { findModel, servedModels } from '../models';

/** The command's title as the palette shows it, quoted; a function so it is read in the user's language. */
export function setKeyCommand(): string {
  return tr('“AIML Claude: Set API Key”');
}

/** "Claude Sonnet 4.5 (claude-sonnet-4-5), Claude Opus 4.5 (claude-opus-4-5) or …". */
export function workingModelsText(): string {
  const names = servedModels().map((m) => `${m.label} (${m.id})`);
  if (names.length <= 1) return names.join('');
  return tr('{0} or {1}', names.slice(0, -1).join(', '), names[names.length - 1]!);
}

export function missingKeyMessage(): string {
  return tr('No AI/ML API key is set: set one with {0} (or the AIML_API_KEY environment variable for the CLI).', setKeyCommand());
}

export function authMessage(): string {
  return tr('The AI/ML API rejected the API key. Set a valid key with {0}.', setKeyCommand());
}

export function creditsMessage(): string {
  return tr('The AI/ML API refused the request: the account is out of credits or its plan does not include this model; check your balance at aimlapi.com.');
}

export function modelNotFoundMessage(model: string | undefined, routeMissing: boolean): string {
  const info = model === undefined ? undefined : findModel(model);
  if (info?.retired) {
    return tr('{0} ({1}) is no longer served by the AI/ML API; pick another model, such as {2}.', info.label, model!, workingModelsText());
  }
  if (routeMissing) {
    return tr('The server at the configured base URL has no chat endpoint (HTTP 404); check the base URL setting (normally https://api.aimlapi.com/v1).');
  }
  return model === undefined
    ? tr('The AI/ML API does not know the requested model; pick one that works, such as {0}.', workingModelsText())
    : tr('The AI/ML API does not know the model “{0}”; pick one that works, such as {1}.', model, workingModelsText());
}

export function badRequestMessage(serverMessage: string | undefined): string {
  return serverMessage
    ? tr('The AI/ML API rejected the request as invalid: {0}', serverMessage)
    : tr('The AI/ML API rejected the request as invalid.');
}

/** A request refused here, before sending: the detail is ours, not the server's. */
export function invalidRequestMessage(detail: string): string {
  return tr('The request cannot be sent: {0}.', detail);
}

export function rateLimitedMessage(): string {
  return tr('The AI/ML API is limiting the request rate; wait a moment and try again.');
}

export function overloadedMessage(): string {
  return tr('The model is overloaded right now; try again in a moment.');
}

export function serverMessageFor(status: number | undefined): string {
  if (status === 503) return tr('The AI/ML API is unavailable (HTTP 503, perhaps maintenance); try again in a moment.');
  if (status === 408) return tr('The AI/ML API timed out waiting for the request (HTTP 408); try again.');
  if (status === 504) return tr('The AI/ML API timed out generating the answer (HTTP 504); try again.');
  return status === undefined
    ? tr('The AI/ML API reported a server error; try again in a moment.')
    : tr('The AI/ML API had a server error (HTTP {0}); try again in a moment.', status);
}

export function networkMessage(host: string | undefined, viaProxy: boolean): string {
  const where = host ?? tr('the AI/ML API');
  return viaProxy
    ? tr('Could not reach {0} through the configured proxy; check the proxy settings and your connection.', where)
    : tr('Could not reach {0}; check your internet connection and proxy settings.', where);
}

export function headersTimeoutMessage(ms: number): string {
  return tr('The AI/ML API did not start answering within {0}; try again.', seconds(ms));
}

export function idleTimeoutMessage(ms: number): string {
  return tr('The answer stalled: nothing arrived for {0}, so it was stopped; try again or raise the idle timeout setting.', seconds(ms));
}

export function interruptedMessage(): string {
  return tr('The answer was cut off before it finished; try again.');
}

export function malformedMessage(): string {
  return tr('The AI/ML API sent a reply that could not be read; try again.');
}

export function cancelledMessage(): string {
  return tr('The request was cancelled.');
}

/** Distinct from a Stop: nobody asked for it, the extension is being shut down or reloaded. */
export function shutdownMessage(): string {
  return tr('The request was cancelled because the extension is shutting down.');
}

/** A call made on a client already retired by a settings change (the next one gets a new client). */
export function retiredMessage(): string {
  return tr('The connection settings changed just as the request was made; try again.');
}

/**
 * A server error that arrived inside the stream: what happened, then the server's own words
 * (already scrubbed of the key and shortened), quoted. Without words the sentence stands alone.
 */
export function withServerWords(sentence: string, serverMessage: string | undefined): string {
  if (serverMessage === undefined || serverMessage.trim() === '') return sentence;
  return tr('{0} The server said: “{1}”.', sentence, serverMessage);
}

/** An error record in the stream of unknown kind: the answer broke off on the server's side. */
export function streamServerErrorMessage(): string {
  return tr('The AI/ML API reported an error while answering; try again in a moment.');
}

/** A timeout the server reported inside the stream (no HTTP status to name). */
export function streamTimeoutMessage(): string {
  return tr('The AI/ML API timed out while generating the answer; try again.');
}

/** What a TLS verification failure means, by OpenSSL/Node error code; undefined for other codes. */
export function certificateMessage(code: string, host: string | undefined, ofProxy: boolean): string | undefined {
  const untrusted = (why: string): string =>
    ofProxy
      ? tr('The proxy’s certificate is not trusted ({0}). If your network inspects TLS, add its CA to the system store or NODE_EXTRA_CA_CERTS.', why)
      : tr('The server’s certificate is not trusted ({0}). If your network inspects TLS, add its CA to the system store or NODE_EXTRA_CA_CERTS.', why);
  switch (code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return untrusted(tr('self-signed certificate in chain'));
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return untrusted(tr('self-signed certificate'));
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return untrusted(tr('unable to verify the first certificate'));
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return untrusted(tr('its issuer is not a known certificate authority'));
    case 'CERT_HAS_EXPIRED':
      return ofProxy
        ? tr('The proxy’s certificate has expired. Check this computer’s date and time; if they are right, the certificate must be renewed by whoever runs the proxy.')
        : tr('The server’s certificate has expired. Check this computer’s date and time; if they are right, the certificate must be renewed by whoever runs the server.');
    case 'CERT_NOT_YET_VALID':
      return ofProxy
        ? tr('The proxy’s certificate is not valid yet. Check this computer’s date and time.')
        : tr('The server’s certificate is not valid yet. Check this computer’s date and time.');
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return ofProxy
        ? tr('The proxy’s certificate is not issued for {0}. Check the base URL and the proxy settings; a TLS-inspecting proxy may be answering in its place.', host ?? tr('this host'))
        : tr('The server’s certificate is not issued for {0}. Check the base URL; a TLS-inspecting proxy may be answering in its place.', host ?? tr('this host'));
    default:
      return undefined;
  }
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s === 1 ? tr('1 second') : tr('{0} seconds', Number(s.toFixed(1)));
}
