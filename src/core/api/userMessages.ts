/**
 * The sentences people read. Each names what happened and what to do about it, in one sentence,
 * without codes or stack traces (those go to the log).
 */
import { findModel, servedModels } from '../models';

export const SET_KEY_COMMAND = '“AIML Claude: Set API Key”';

/** "Claude Sonnet 4.5 (claude-sonnet-4-5), Claude Opus 4.5 (claude-opus-4-5) or …". */
export function workingModelsText(): string {
  const names = servedModels().map((m) => `${m.label} (${m.id})`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function missingKeyMessage(): string {
  return `No AI/ML API key is set: set one with ${SET_KEY_COMMAND} (or the AIML_API_KEY environment variable for the CLI).`;
}

export function authMessage(): string {
  return `The AI/ML API rejected the API key. Set a valid key with ${SET_KEY_COMMAND}.`;
}

export function creditsMessage(): string {
  return 'The AI/ML API refused the request: the account is out of credits or its plan does not include this model; check your balance at aimlapi.com.';
}

export function modelNotFoundMessage(model: string | undefined, routeMissing: boolean): string {
  const info = model === undefined ? undefined : findModel(model);
  if (info?.retired) {
    return `${info.label} (${model}) is no longer served by the AI/ML API; pick another model, such as ${workingModelsText()}.`;
  }
  if (routeMissing) {
    return `The server at the configured base URL has no chat endpoint (HTTP 404); check the base URL setting (normally https://api.aimlapi.com/v1).`;
  }
  const name = model === undefined ? 'the requested model' : `the model “${model}”`;
  return `The AI/ML API does not know ${name}; pick one that works, such as ${workingModelsText()}.`;
}

export function badRequestMessage(serverMessage: string | undefined): string {
  return serverMessage
    ? `The AI/ML API rejected the request as invalid: ${serverMessage}`
    : 'The AI/ML API rejected the request as invalid.';
}

/** A request refused here, before sending: the detail is ours, not the server's. */
export function invalidRequestMessage(detail: string): string {
  return `The request cannot be sent: ${detail}.`;
}

export function rateLimitedMessage(): string {
  return 'The AI/ML API is limiting the request rate; wait a moment and try again.';
}

export function overloadedMessage(): string {
  return 'The model is overloaded right now; try again in a moment.';
}

export function serverMessageFor(status: number | undefined): string {
  if (status === 503) return 'The AI/ML API is unavailable (HTTP 503, perhaps maintenance); try again in a moment.';
  if (status === 408) return 'The AI/ML API timed out waiting for the request (HTTP 408); try again.';
  if (status === 504) return 'The AI/ML API timed out generating the answer (HTTP 504); try again.';
  return status === undefined
    ? 'The AI/ML API reported a server error; try again in a moment.'
    : `The AI/ML API had a server error (HTTP ${status}); try again in a moment.`;
}

export function networkMessage(host: string | undefined, viaProxy: boolean): string {
  const where = host ?? 'the AI/ML API';
  return viaProxy
    ? `Could not reach ${where} through the configured proxy; check the proxy settings and your connection.`
    : `Could not reach ${where}; check your internet connection and proxy settings.`;
}

export function headersTimeoutMessage(ms: number): string {
  return `The AI/ML API did not start answering within ${seconds(ms)}; try again.`;
}

export function idleTimeoutMessage(ms: number): string {
  return `The answer stalled: nothing arrived for ${seconds(ms)}, so it was stopped; try again or raise the idle timeout setting.`;
}

export function interruptedMessage(): string {
  return 'The answer was cut off before it finished; try again.';
}

export function malformedMessage(): string {
  return 'The AI/ML API sent a reply that could not be read; try again.';
}

export function cancelledMessage(): string {
  return 'The request was cancelled.';
}

/** Distinct from a Stop: nobody asked for it, the extension is being shut down or reloaded. */
export function shutdownMessage(): string {
  return 'The request was cancelled because the extension is shutting down.';
}

/** A call made on a client already retired by a settings change (the next one gets a new client). */
export function retiredMessage(): string {
  return 'The connection settings changed just as the request was made; try again.';
}

/**
 * A server error that arrived inside the stream: what happened, then the server's own words
 * (already scrubbed of the key and shortened), quoted. Without words the sentence stands alone.
 */
export function withServerWords(sentence: string, serverMessage: string | undefined): string {
  if (serverMessage === undefined || serverMessage.trim() === '') return sentence;
  return `${sentence} The server said: “${serverMessage}”.`;
}

/** An error record in the stream of unknown kind: the answer broke off on the server's side. */
export function streamServerErrorMessage(): string {
  return 'The AI/ML API reported an error while answering; try again in a moment.';
}

/** A timeout the server reported inside the stream (no HTTP status to name). */
export function streamTimeoutMessage(): string {
  return 'The AI/ML API timed out while generating the answer; try again.';
}

/** What a TLS verification failure means, by OpenSSL/Node error code; undefined for other codes. */
export function certificateMessage(code: string, host: string | undefined, ofProxy: boolean): string | undefined {
  const whose = ofProxy ? 'The proxy’s certificate' : 'The server’s certificate';
  const untrusted = (why: string): string =>
    `${whose} is not trusted (${why}). If your network inspects TLS, add its CA to the system store or NODE_EXTRA_CA_CERTS.`;
  switch (code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return untrusted('self-signed certificate in chain');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return untrusted('self-signed certificate');
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return untrusted('unable to verify the first certificate');
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return untrusted('its issuer is not a known certificate authority');
    case 'CERT_HAS_EXPIRED':
      return `${whose} has expired. Check this computer’s date and time; if they are right, the certificate must be renewed by whoever runs ${ofProxy ? 'the proxy' : 'the server'}.`;
    case 'CERT_NOT_YET_VALID':
      return `${whose} is not valid yet. Check this computer’s date and time.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `${whose} is not issued for ${host ?? 'this host'}. Check the base URL${ofProxy ? ' and the proxy settings' : ''}; a TLS-inspecting proxy may be answering in its place.`;
    default:
      return undefined;
  }
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s === 1 ? '1 second' : `${Number(s.toFixed(1))} seconds`;
}
