// Follows GET /api/v1/stroom: calls onKop({position, hash}) for every head the node announces and
// onStatus('live' | 'verbroken' | 'geen-toegang') as the connection changes. Reconnects after a
// break, waiting a little longer each time (at most 10 s).

import { headers } from './api.js';
import { SseParser } from './sse.js';

export function volgStroom({ onKop, onStatus }) {
  let wacht = 500;
  let stopped = false;
  const controller = new AbortController();

  async function verbind() {
    while (!stopped) {
      try {
        const response = await fetch('/api/v1/stroom', { headers: headers(), signal: controller.signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403) {
          onStatus('geen-toegang');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onStatus('live');
        wacht = 500;
        const parser = new SseParser((e) => {
          if (e.event === 'kop') onKop(JSON.parse(e.data));
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      } catch (e) {
        if (stopped) return;
      }
      onStatus('verbroken');
      await new Promise((r) => setTimeout(r, wacht));
      wacht = Math.min(wacht * 2, 10_000);
    }
  }
  verbind();
  return () => {
    stopped = true;
    controller.abort();
  };
}
