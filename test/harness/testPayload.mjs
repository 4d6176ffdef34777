// The workbench's `payload` URL parameter (extensionDevelopmentPath, extensionTestsPath) is how
// the integration suite runs mocha inside code-server's extension host. VS Code 1.100 honours it in
// any build; newer builds (1.139) ignore it unless the workbench's configuration turns on
// `developmentOptions.enableSmokeTestDriver`, and code-server has no command-line flag for that.
// The configuration reaches the page as JSON in an attribute of a <meta> element, read by the
// workbench's module script; module scripts run only once the document is parsed, after
// readyState turns "interactive", so a script of the browser's own sets the option at that moment,
// on every version alike. The end-to-end suite never does this: it runs the workbench exactly as a
// user gets it.

/* global document -- the two functions below run in the workbench page, not in Node */
const CONFIG_ID = 'vscode-workbench-web-configuration';

/** @param {string} id */
function setSmokeTestDriver(id) {
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    const el = document.getElementById(id);
    const raw = el?.getAttribute('data-settings');
    if (!el || !raw) return; // not the workbench page: nothing to do
    const config = JSON.parse(raw);
    config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
    el.setAttribute('data-settings', JSON.stringify(config));
  });
}

/**
 * Makes every workbench page this browser page opens honour a test payload.
 * @param {import('playwright-core').Page} page
 */
export async function allowTestPayload(page) {
  await page.addInitScript(setSmokeTestDriver, CONFIG_ID);
}

/**
 * Throws when the loaded workbench page did not get the option (code-server changed how it serves
 * its configuration): the tests would otherwise never start, and the run would only time out.
 * @param {import('playwright-core').Page} page
 */
export async function assertTestPayloadAllowed(page) {
  const on = await page.evaluate((id) => {
    const raw = document.getElementById(id)?.getAttribute('data-settings');
    return raw ? JSON.parse(raw).developmentOptions?.enableSmokeTestDriver === true : undefined;
  }, CONFIG_ID);
  if (on === undefined) throw new Error(`the workbench page has no #${CONFIG_ID} element: has code-server changed how it serves its configuration?`);
  if (!on) throw new Error('the workbench page did not take the smoke-test driver option: the test payload would be ignored');
}
