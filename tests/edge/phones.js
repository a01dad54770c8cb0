// Simulated phones for the coverage test and benchmark: each has a random 64-bit id and polls the pointer
// through the edge as the PWA does (`live/pointer.json?p=<id>&h=<version held>&e=<its store epoch>` every
// poll_ms ±10 %), fetching `states/<v>.json?p=<id>&e=<epoch>` once per new version. A phone that does not "follow" keeps polling but
// never fetches the new state: a phone still on the old cue, which coverage must count as not holding.
import { Agent, request } from 'node:http';

/** GET through a keep-alive agent; resolves with { status, body } or rejects on a network error. */
function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.setTimeout(4000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * @param {{ base: string, count: number, pollMs?: number, random?: () => number, sockets?: number,
 *           onFetch?: (phone: object, version: number, at: number) => void, ids?: boolean }} opts  ids: false
 *           sends no query string (the app before coverage), for comparing caching with and without ids
 */
export function startPhones({ base, count, pollMs = 1000, random = Math.random, sockets = 64, onFetch = () => {}, ids = true }) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const hex = () => Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
  const phones = Array.from({ length: count }, (_, i) => ({ index: i, id: hex(), held: -1, epoch: null, follows: true, running: true, timer: null, polls: 0, errors: 0, recent: [] }));

  async function poll(phone) {
    phone.timer = null;
    if (!phone.running) return;
    try {
      const h = phone.held >= 0 ? `&h=${phone.held}${phone.epoch ? `&e=${phone.epoch}` : ''}` : '';
      const res = await get(agent, ids ? `${base}/live/pointer.json?p=${phone.id}${h}` : `${base}/live/pointer.json`);
      phone.polls += 1;
      phone.recent = [...phone.recent.slice(-3), Date.now()]; // when the last polls were answered
      if (res.status === 200) {
        const { version, epoch = null } = JSON.parse(res.body);
        if ((version > phone.held || epoch !== phone.epoch) && phone.follows && phone.running) {
          const e = epoch ? `&e=${epoch}` : '';
          const st = await get(agent, ids ? `${base}/states/${version}.json?p=${phone.id}${e}` : `${base}/states/${version}.json`);
          if (st.status === 200) {
            phone.held = version;
            phone.epoch = epoch;
            onFetch(phone, version, Date.now());
          }
        }
      }
    } catch {
      phone.errors += 1;
    }
    if (phone.running) phone.timer = setTimeout(() => poll(phone), pollMs * (0.9 + 0.2 * random()));
  }

  // Spread the first polls over one interval, as a crowd that opened the app at different times.
  for (const phone of phones) phone.timer = setTimeout(() => poll(phone), random() * pollMs);

  return {
    phones,
    /** Stops these phones polling (they vanish, as a phone whose screen turned off). */
    /** Phones with a poll answered in [from, to] (ms): who a complete log shows in that window. */
    polledBetween(from, to) {
      return phones.filter((p) => p.recent.some((t) => t >= from && t <= to)).length;
    },
    stop(some = phones) {
      for (const p of some) {
        p.running = false;
        clearTimeout(p.timer);
      }
    },
    close() {
      this.stop();
      agent.destroy();
    },
  };
}

/** Polls `check` every `everyMs` until it returns a truthy value or `timeoutMs` passes (then throws). */
export async function waitFor(check, { timeoutMs = 15_000, everyMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
