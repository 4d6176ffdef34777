/**
 * Which certificate authorities the client trusts, the way VS Code does for its own requests:
 * Node's bundled roots, the operating system's store, and NODE_EXTRA_CA_CERTS. A TLS-inspecting
 * corporate proxy re-signs every server's certificate with its own CA, which IT installs in the
 * system store (or points NODE_EXTRA_CA_CERTS at); without it every request fails.
 *
 * undici's `connect.ca` would *replace* Node's roots, and a secure context built from ~150 PEMs
 * costs about 0.1 s of CPU on a slow machine, so the trust is computed once per client (when its
 * first TLS connection is set up, never during activation) into one SecureContext that every
 * connection of that client shares.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import type { Logger } from '../log';

/** Where the certificate authority that vouched for a server came from. */
export type TrustSource = 'bundled' | 'system' | 'env' | 'option';

/** How Test Connection and the log name each source. */
export const TRUST_SOURCE_LABELS: Readonly<Record<TrustSource, string>> = {
  bundled: 'the certificate authorities built into Node.js',
  system: 'the system store',
  env: 'NODE_EXTRA_CA_CERTS',
  option: 'the extra CA certificates given to the client',
};

/**
 * Bundle files of the system store, in the order Go's crypto/x509 and curl probe them. On Linux
 * these files are the store (update-ca-certificates and update-ca-trust write them). On macOS
 * /etc/ssl/cert.pem holds Apple's roots only: CAs an administrator adds go to the keychain, and on
 * Windows the store is not a file at all. Reading those needs the OS APIs that Node 22.15+ exposes
 * as tls.getCACertificates('system') (used when present, as in newer VS Code); on Node 20 they are
 * not covered, and NODE_EXTRA_CA_CERTS is the way to add such a CA there.
 */
export const SYSTEM_BUNDLE_FILES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch, Gentoo
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7+
  '/etc/ssl/cert.pem', // Alpine, macOS (Apple's roots only)
];

export interface TrustOptions {
  /** Read the operating system's store. Default true (VS Code's http.systemCertificates). */
  systemCertificates?: boolean;
  /** Extra CA certificates (PEM text, one or several certificates each). */
  extraCaCertificates?: readonly string[];
  /** For NODE_EXTRA_CA_CERTS and SSL_CERT_FILE; tests pass their own. */
  env: NodeJS.ProcessEnv;
  /** For tests: the bundle files to probe instead of SYSTEM_BUNDLE_FILES. */
  systemBundleFiles?: readonly string[];
  logger: Logger;
}

export interface CaSet {
  pems: string[];
  /** Where they were read (a file, or the OS API), for the log. */
  from?: string;
  /** Why nothing (or not everything) was read, for the log. */
  problem?: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text (other blocks, such as keys, are ignored). */
export function splitPem(text: string): string[] {
  return text.match(PEM_CERT) ?? [];
}

/** The DER bytes of a PEM certificate, as base64: what two copies of one certificate share. */
function derKey(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}

/** The certificates NODE_EXTRA_CA_CERTS names (a PEM file), read from the given environment. */
export function readExtraCaCertificates(env: NodeJS.ProcessEnv): CaSet {
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return { pems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { pems: [], from: file, problem: `NODE_EXTRA_CA_CERTS names ${file}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  return checked(splitPem(text), `NODE_EXTRA_CA_CERTS (${file})`);
}

/** The operating system's store: the OS API where Node has it, else the first bundle file found. */
export function readSystemCertificates(env: NodeJS.ProcessEnv, files: readonly string[] = SYSTEM_BUNDLE_FILES): CaSet {
  const api = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof api === 'function') {
    try {
      return { pems: api('system'), from: "the operating system (Node's tls.getCACertificates)" };
    } catch {
      // An older build that knows the function but not 'system': read the files below.
    }
  }
  // OpenSSL's own override, honoured by curl and git too.
  const override = env.SSL_CERT_FILE?.trim();
  for (const file of override ? [override, ...files] : files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return { pems: splitPem(text), from: file };
  }
  return { pems: [], problem: 'no system certificate bundle found' };
}

/** Drops (and names) what does not parse, so one bad block cannot hide the others. */
function checked(pems: string[], from: string): CaSet {
  const good: string[] = [];
  let bad = 0;
  for (const pem of pems) {
    try {
      new X509Certificate(pem);
      good.push(pem);
    } catch {
      bad++;
    }
  }
  const set: CaSet = { pems: good, from };
  if (bad > 0) set.problem = `${bad} certificate${bad === 1 ? '' : 's'} in ${from} could not be read and ${bad === 1 ? 'was' : 'were'} skipped`;
  else if (good.length === 0) set.problem = `${from} holds no certificate`;
  return set;
}

/** The certificates a client trusts, with the origin of each one that is not a bundled root. */
export class TrustStore {
  /** One context for every connection; undefined when Node's default roots are the whole trust. */
  readonly secureContext: tls.SecureContext | undefined;
  /** DER (base64) → source, for the CAs that are not among Node's bundled roots. */
  private readonly added = new Map<string, TrustSource>();
  readonly summary: string;

  constructor(opts: TrustOptions) {
    const bundled = new Set(tls.rootCertificates.map(derKey));
    const sources: [TrustSource, CaSet][] = [];
    if ((opts.extraCaCertificates ?? []).length > 0) {
      sources.push(['option', checked(opts.extraCaCertificates?.flatMap(splitPem) ?? [], 'the extraCaCertificates option')]);
    }
    sources.push(['env', readExtraCaCertificates(opts.env)]);
    if (opts.systemCertificates !== false) sources.push(['system', readSystemCertificates(opts.env, opts.systemBundleFiles)]);

    const additions: string[] = [];
    const parts = ["Node's bundled roots"];
    for (const [source, set] of sources) {
      if (set.problem) opts.logger.warn(`TLS trust: ${set.problem}`);
      let n = 0;
      for (const pem of set.pems) {
        const key = derKey(pem);
        if (bundled.has(key) || this.added.has(key)) continue;
        this.added.set(key, source);
        additions.push(pem);
        n++;
      }
      if (set.from !== undefined && set.pems.length > 0) parts.push(`${n} more from ${set.from}`);
    }
    this.summary = parts.join(' + ');
    this.secureContext = additions.length > 0 ? contextWith(additions) : undefined;
  }

  /** Which source vouched for a verified chain (leaf first, as Node's getPeerCertificate(true)). */
  sourceOf(cert: tls.DetailedPeerCertificate): TrustSource {
    const seen = new Set<tls.DetailedPeerCertificate>();
    for (let c: tls.DetailedPeerCertificate | undefined = cert; c && !seen.has(c); c = c.issuerCertificate) {
      seen.add(c);
      const source = c.raw ? this.added.get(c.raw.toString('base64')) : undefined;
      if (source) return source;
    }
    return 'bundled';
  }
}

/**
 * Node's bundled roots plus `additions`. Adding to a default context copies Node's already parsed
 * bundled roots (a few ms); building one from a `ca` list parses every PEM again (~0.1 s). The
 * native context's addCACert is what tls.createSecureContext itself calls for each `ca` entry; if
 * a runtime ever lacks it, the public `ca` option gives the same trust, only slower. Either way
 * what Node loaded from NODE_EXTRA_CA_CERTS at start is not carried over: the TrustStore reads
 * that variable itself and passes it in `additions`.
 */
function contextWith(additions: readonly string[]): tls.SecureContext {
  const ctx = tls.createSecureContext();
  const native = (ctx as { context?: { addCACert?: (pem: string) => void } }).context;
  if (typeof native?.addCACert === 'function') {
    for (const pem of additions) native.addCACert(pem);
    return ctx;
  }
  return tls.createSecureContext({ ca: [...tls.rootCertificates, ...additions] });
}
