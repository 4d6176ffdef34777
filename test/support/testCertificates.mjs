// Test certificate authorities and server certificates made with the machine's openssl, in a
// folder the caller owns: what a corporate TLS-inspecting proxy's CA looks like to the client.
// Plain ESM (not TypeScript) so that the integration launcher can make a CA before code-server
// starts; TypeScript tests import it as is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A certificate authority: a self-signed CA certificate and its key.
 * @param {string} dir an existing folder
 * @param {string} name file stem and common name
 * @returns {{ name: string, dir: string, certPath: string, keyPath: string, certPem: string }}
 */
export function makeCa(dir, name) {
  const certPath = path.join(dir, `${name}.pem`);
  const keyPath = path.join(dir, `${name}.key`);
  openssl(
    ['req', '-x509', ...CURVE, '-keyout', keyPath, '-out', certPath, '-days', '3', '-subj', `/CN=${name} test CA`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  return { name, dir, certPath, keyPath, certPem: fs.readFileSync(certPath, 'utf8') };
}

/**
 * A server certificate signed by `ca`, for the given host names and IP addresses. `chainPem` is
 * the leaf followed by the CA, as TLS-inspecting proxies send it.
 * @param {{ dir: string, certPath: string, keyPath: string, certPem: string }} ca
 * @param {string} name file stem
 * @param {string[]} [hosts] DNS names and IPs; default 127.0.0.1 and localhost
 * @returns {{ keyPem: string, certPem: string, chainPem: string }}
 */
export function makeServerCert(ca, name, hosts = ['127.0.0.1', 'localhost']) {
  const dir = ca.dir;
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  const ext = path.join(dir, `${name}.ext`);
  const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  fs.writeFileSync(ext, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl(['req', '-new', ...CURVE, '-keyout', key, '-out', csr, '-subj', `/CN=${hosts[0]}`], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext], dir);
  const certPem = fs.readFileSync(cert, 'utf8');
  return { keyPem: fs.readFileSync(key, 'utf8'), certPem, chainPem: `${certPem.trim()}\n${ca.certPem.trim()}\n` };
}

/**
 * The CA a test run hands to the VS Code extension host through NODE_EXTRA_CA_CERTS, made before
 * the editor starts (the variable is read from the environment the host was started with, as a
 * user's would be). Tests find its key through AIML_TEST_CA_DIR to sign server certificates.
 * @param {string} runDir the run's folder
 * @returns {Record<string, string>} the environment to start the editor with
 */
export function makeRunCa(runDir) {
  const dir = path.join(runDir, 'test-ca');
  fs.mkdirSync(dir, { recursive: true });
  const ca = makeCa(dir, RUN_CA_NAME);
  return { NODE_EXTRA_CA_CERTS: ca.certPath, AIML_TEST_CA_DIR: dir };
}

/** The file stem of the run's CA in AIML_TEST_CA_DIR. */
export const RUN_CA_NAME = 'run-ca';

/**
 * The run's CA made by makeRunCa, read back by a test inside the editor.
 * @param {string} dir AIML_TEST_CA_DIR
 * @returns {{ name: string, dir: string, certPath: string, keyPath: string, certPem: string }}
 */
export function loadRunCa(dir) {
  const certPath = path.join(dir, `${RUN_CA_NAME}.pem`);
  return { name: RUN_CA_NAME, dir, certPath, keyPath: path.join(dir, `${RUN_CA_NAME}.key`), certPem: fs.readFileSync(certPath, 'utf8') };
}
