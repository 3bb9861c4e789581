// The one piece of the alerts in the start-up code: the unseen count the navigation shows,
// read once the first screen has painted and again whenever the shell says alerts changed.
// The inbox itself (components/alerts) loads lazily.
import { call } from '../ipc';

class AlertCount {
  /** Alerts not yet seen, across every app; null until the store has answered. */
  unseen = $state<number | null>(null);

  async refresh(): Promise<void> {
    try {
      this.unseen = (await call('list_alerts', { appId: null, includeDismissed: false })).unseen;
    } catch {
      // A badge only: the inbox shows its own errors.
    }
  }
}

export const alertCount = new AlertCount();
