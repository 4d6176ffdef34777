import * as vscode from 'vscode';
import { isAimlError } from '../../core/api/errors';
import { findModel } from '../../core/models';
import { errorActionLabels, errorActionOfLabel, errorActionsFor, type FailureKind } from '../../shared/errorActions';
import type { ErrorAction } from '../../shared/protocol';
import type { ClientFactory } from '../clientFactory';
import type { Config } from '../config';
import { runErrorAction } from '../errorActions';
import type { Log } from '../log';
import type { ApiKeyStore } from '../secrets';

export type StepName = 'reach' | 'key' | 'model';

export interface ConnectionStep {
  name: StepName;
  ok: boolean;
  /** What a user reads: what was checked and what came of it. */
  detail: string;
  ms?: number;
  /** Why a failed step failed, for the actions offered (src/shared/errorActions.ts). */
  kind?: FailureKind;
}

export interface ConnectionReport {
  ok: boolean;
  baseUrl: string;
  model: string;
  steps: ConnectionStep[];
}

/**
 * "AIML Claude: Test Connection": checks, in order, that the base URL answers (through the proxy
 * settings in force), that the key is accepted, and that the chosen model is served; each step
 * with its latency. Stops at the first failure, since later steps cannot succeed.
 *
 * A certificate that is not trusted fails the first step with the client's sentence (what is
 * wrong, and where to add a CA); when the certificate was trusted through something other than
 * Node's bundled roots (the system store, NODE_EXTRA_CA_CERTS), the first step says so, since
 * that is what a TLS-inspecting proxy depends on.
 */
export async function testConnection(deps: { clients: ClientFactory; config: Config; keys: ApiKeyStore; log: Log }, interactive = true): Promise<ConnectionReport> {
  const { baseUrl, model } = deps.config.current;
  const report: ConnectionReport = { ok: false, baseUrl, model, steps: [] };
  const step = (s: ConnectionStep) => {
    report.steps.push(s);
    deps.log.info(`test connection: ${s.ok ? 'ok' : 'FAILED'} ${s.name}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}: ${s.detail}`);
    return s.ok;
  };
  const timed = async <T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> => {
    const t = performance.now();
    try {
      return { value: await fn(), ms: Math.round(performance.now() - t) };
    } catch (error) {
      return { error, ms: Math.round(performance.now() - t) };
    }
  };
  const message = (e: unknown) => (isAimlError(e) ? e.userMessage : e instanceof Error ? e.message : String(e));
  const kindOf = (e: unknown): FailureKind => (isAimlError(e) ? e.kind : 'internal');

  const run = async () => {
    // The client is asked for at each step: a settings change in between retires the old one.
    const client = deps.clients.get();
    const models = await timed(() => client.listModels());
    const trust = client.certificateTrust();
    const answered =
      trust && trust.source !== 'bundled'
        ? vscode.l10n.t('{0} answered (certificate trusted through {1})', baseUrl, trust.label)
        : vscode.l10n.t('{0} answered', baseUrl);
    if (!step({ name: 'reach', ok: !models.error, ms: models.ms, detail: models.error ? message(models.error) : answered, ...(models.error ? { kind: kindOf(models.error) } : {}) })) return;

    if (!(await deps.keys.has())) {
      step({ name: 'key', ok: false, detail: vscode.l10n.t('No API key is stored. Run “AIML Claude: Set API Key”.'), kind: 'auth' });
      return;
    }
    const key = await timed(() => deps.clients.get().checkKey());
    const keyOk = !key.error;
    const keyDetail = key.error
      ? message(key.error)
      : key.value?.verified === false
        ? vscode.l10n.t('not rejected (this gateway cannot confirm keys)')
        : vscode.l10n.t('accepted');
    if (!step({ name: 'key', ok: keyOk, ms: key.ms, detail: keyDetail, ...(key.error ? { kind: kindOf(key.error) } : {}) })) return;

    const entries = models.value ?? [];
    const wanted = model.toLowerCase();
    const listed = entries.some((e) => e.id.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted));
    const info = findModel(model);
    const served = listed || (entries.length === 0 && !info?.retired);
    step({
      name: 'model',
      ok: served,
      ...(served ? {} : { kind: 'model_not_found' as const }),
      detail: served
        ? vscode.l10n.t('{0} is served', info?.label ?? model)
        : info?.retired
          ? vscode.l10n.t('{0} is no longer served. Pick another model.', info.label)
          : vscode.l10n.t('{0} is not in the service’s model list. Pick another model.', model),
    });
  };

  if (interactive) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AIML Claude: testing the connection…') }, run);
  } else {
    await run();
  }
  report.ok = report.steps.length === 3 && report.steps.every((s) => s.ok);

  if (interactive) {
    const lines = report.steps.map((s) => `${s.ok ? '✓' : '✗'} ${label(s.name)}: ${s.detail}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}`);
    const summary = lines.join(' · ');
    const failed = report.steps.find((s) => !s.ok);
    // The failure's own way out (src/shared/errorActions.ts), and the log, which holds the details.
    const actions: ErrorAction[] = failed ? [...new Set<ErrorAction>([...errorActionsFor(failed.kind ?? 'internal'), 'showLog'])] : [];
    const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    const text = report.ok ? vscode.l10n.t('AIML Claude: connection OK — {0}', summary) : vscode.l10n.t('AIML Claude: connection failed — {0}', summary);
    const choice = await show(text, ...errorActionLabels(actions));
    await runErrorAction(errorActionOfLabel(choice), { retry: () => vscode.commands.executeCommand('aimlClaude.testConnection') });
  }
  return report;
}

function label(name: StepName): string {
  return name === 'reach' ? vscode.l10n.t('Service reachable') : name === 'key' ? vscode.l10n.t('API key') : vscode.l10n.t('Model');
}
