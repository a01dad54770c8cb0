// The operator page's clock line: how this server's time base stands against the phones' time source
// (GET /api/clock, every 5 s). Cues are stamped on it and refused while it is unsynced, so say so plainly.

/**
 * @param {{ synced: boolean, offset_ms?: number, uncertainty_ms?: number, source: string, problem?: string } | null} c
 * @returns {{ text: string, detail: string, state: 'synced' | 'unsynced' | 'unknown' }}
 */
export function clockLine(c) {
  if (!c) return { text: 'clock ?', detail: 'the clock status could not be read', state: 'unknown' };
  if (c.source === 'local') {
    return { text: 'clock: this server', detail: 'cues are stamped on this server\'s clock; phones sync to its /time', state: 'synced' };
  }
  const fmt = (v) => (v === undefined || v === null ? '?' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`);
  const where = `against ${c.source}: this host's clock is off by ${fmt(c.offset_ms)} ms`;
  if (!c.synced) return { text: 'CLOCK UNSYNCED: cues refused', detail: c.problem ?? where, state: 'unsynced' };
  return { text: `clock ${fmt(c.offset_ms)} ± ${(c.uncertainty_ms ?? 0).toFixed(1)} ms`, detail: where, state: 'synced' };
}

if (typeof document !== 'undefined') {
  const el = document.getElementById('clock');
  const tick = async () => {
    let line;
    try {
      const res = await fetch('/api/clock', { headers: { Authorization: `Bearer ${sessionStorage.getItem('cuecast.token') ?? ''}` }, cache: 'no-store' });
      line = clockLine(res.ok ? await res.json() : null);
    } catch {
      line = clockLine(null);
    }
    if (el) {
      el.textContent = line.text;
      el.title = line.detail;
      el.dataset.state = line.state;
    }
  };
  tick();
  setInterval(tick, 5000);
}
