// Short confirmations ("App removed") announced politely to screen readers.
export interface ToastItem {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

/**
 * At most this many at once, the newest: an import and two exports in a row must not stack
 * four notes over the chart the partner is looking at.
 */
export const MAX_VISIBLE_TOASTS = 2;

class Toasts {
  items = $state<ToastItem[]>([]);
  #next = 1;

  show(text: string, kind: ToastItem['kind'] = 'info', millis = 3500): void {
    const id = this.#next++;
    this.items = [...this.items, { id, text, kind }].slice(-MAX_VISIBLE_TOASTS);
    setTimeout(() => {
      this.items = this.items.filter((t) => t.id !== id);
    }, millis);
  }
}

export const toasts = new Toasts();
