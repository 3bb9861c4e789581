// Short confirmations ("App removed") announced politely to screen readers.
export interface ToastItem {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

class Toasts {
  items = $state<ToastItem[]>([]);
  #next = 1;

  show(text: string, kind: ToastItem['kind'] = 'info', millis = 3500): void {
    const id = this.#next++;
    this.items = [...this.items, { id, text, kind }];
    setTimeout(() => {
      this.items = this.items.filter((t) => t.id !== id);
    }, millis);
  }
}

export const toasts = new Toasts();
