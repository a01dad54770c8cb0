// The operator page's clock line: how this server's time base stands against the phones' time source
// (GET /api/clock, every 5 s; every second until it has an answer). Cues are stamped on it and refused while it
// is unsynced, so say so plainly.

/**
 * @param {{ synced: boolean, offset_ms?: number, uncertainty_ms?: number, source: string, problem?: string } | null} c
 * @param {number} [status] HTTP status when there is no answer body (0: no connection)
 * @returns {{ text: string, detail: string, state: 'synced' | 'unsynced' | 'unknown' }}
 */
export function clockLine(c, status = 0) {
  if (!c && status === 401) return { text: 'clock …', detail: 'sign in to see the clock', state: 'unknown' };
  if (!c) {
    const why = status === 0 ? 'the control API did not answer' : `the control API answered ${status}`;
    return { text: 'clock ?', detail: `the clock status could not be read: ${why}`, state: 'unknown' };
  }
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
      line = clockLine(res.ok ? await res.json() : null, res.status);
    } catch {
      line = clockLine(null);
    }
    if (el) {
      el.textContent = line.text;
      el.title = line.detail;
      el.dataset.state = line.state;
    }
    // Until the first answer (page opened before sign-in, or offline) ask every second, then every 5 s.
    setTimeout(tick, line.state === 'unknown' ? 1000 : 5000);
  };
  tick();
}
