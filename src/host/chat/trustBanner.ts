import * as vscode from 'vscode';
import type { TrustView } from '../../shared/protocol';
import type { Config } from '../config';
import type { Log } from '../log';

/**
 * What the chat panel shows of workspace trust: in Restricted Mode, a banner saying which of the
 * folder's settings are ignored, until the user closes it (for this session) or trusts the folder.
 */
export class TrustBanner {
  private dismissed = false;

  constructor(
    private readonly config: Config,
    private readonly log: Log,
  ) {}

  get view(): TrustView {
    return { restricted: this.config.restricted, bannerDismissed: this.dismissed };
  }

  async handle(action: 'manage' | 'dismiss'): Promise<void> {
    if (action === 'dismiss') {
      this.dismissed = true;
      return;
    }
    this.log.debug('opening Manage Workspace Trust from the chat panel');
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
}
