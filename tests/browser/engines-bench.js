// The engine rows of the sync benchmark (tests/browser/pwa-sync-bench.js, `BENCH_ENGINES=chromium,firefox,webkit` or
// `scripts/bench engines`): the same cues watched the same way in Chromium, Firefox ESR and WebKitGTK side by side,
// and a battery proxy per engine. Not a test.
//
// Sync rows: pages on the real clock (no skew: Firefox's and WebKit's drivers cannot run a script before the page's
// own, so nothing can be injected before the app reads the clock) and unrouted loopback requests (a counting proxy
// would be the only route both other engines allow: it is left out so all three engines see the same network). The
// observer (tests/browser/engines.js installObserver) is installed right after load in every engine alike, and the
// page clock's bias against the OS clock is a median of reads (Firefox and WebKit coarsen their clocks to 1 ms or so).
//
// Battery proxy: CPU time per minute of show, for a solid colour and for the fastest strobe the server allows (600 ms),
// one page per engine, with the app started (tapped). Measured from outside, from /proc, in every engine:
// - main thread(s) of the processes that run pages (tid = pid of Chromium's renderers, Firefox's Web Content
//   processes, WebKit's WebKitWebProcess): where the app's JS, style, layout and paint scheduling run;
// - every process of the browser (compositor, GPU/raster, network, UI processes included);
// - for WebKitGTK, the Xvfb it draws into, separately (the X server composites its window; on a phone that is the GPU);
// - for Chromium also DevTools' Performance metrics (TaskDuration: the renderer main thread's task time for the page;
//   ScriptDuration: JS alone), as a cross-check of the /proc figure.
// All engines render in software here (no GPU), so absolute figures are desktop software rendering, not a phone's;
// solid vs strobe within one engine, and the engines against each other, are what the numbers are for.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startStack, ROOT } from './stack.js';
import { publish, sleep } from './pwa-harness.js';
import { launchEngine, engineMissing, installObserver, pageClockBias, waitInPage, cpuSeconds } from './engines.js';

export const KNOWN_ENGINES = ['chromium', 'firefox', 'webkit'];

/** Engines asked for in BENCH_ENGINES that can run here; the others with the reason they cannot. */
export function enginesToRun(list) {
  const run = [];
  const skipped = [];
  for (const e of list) {
    if (!KNOWN_ENGINES.includes(e)) throw new Error(`BENCH_ENGINES: unknown engine '${e}' (known: ${KNOWN_ENGINES.join(', ')})`);
    const why = e === 'chromium' ? false : engineMissing(e);
    if (why) skipped.push({ engine: e, why }); else run.push(e);
  }
  return { run, skipped };
}

// Synced: the debug overlay says ready (?debug=1), or, with the overlay off (the battery proxy: it redraws 4 times a
// second), the app has kept a clock offset.
const synced = () => document.getElementById('debug').textContent.includes('ready') || localStorage.getItem('cuecast.offset') !== null;

async function openPage(engine, url) {
  const page = await launchEngine(engine);
  try {
    await page.goto(url);
    await waitInPage(page, () => !!document.getElementById('debug') && document.readyState === 'complete', null, { timeoutMs: 60_000 });
    await page.evaluate(installObserver);
    await waitInPage(page, synced, null, { timeoutMs: 60_000 });
    return page;
  } catch (e) {
    await page.close();
    throw e;
  }
}

/**
 * One sync repeat in one engine: `pages` browsers, `cues` solid cues `leadMs` ahead, 1.5 s apart. Rows have the shape
 * pwa-sync-bench.js summarises (floor 0: loopback both ways).
 */
export async function runEngineSync(engine, { pages: count, cues: cueCount, leadMs, colors }) {
  const stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
  const pages = [];
  try {
    await publish(stack, { mode: 'solid', color: '#202020', lead_ms: 0 });
    for (let i = 0; i < count; i++) {
      const page = await openPage(engine, `${stack.url}/?seat=${i}&debug=1`);
      pages.push({ page, profile: { skewMs: 0, driftPpm: 0, upMs: 0, downMs: 0 } });
    }
    for (const p of pages) p.bias = await p.page.evaluate(pageClockBias);
    await sleep(3000); // service worker install, first paints
    const cues = [];
    for (let c = 0; c < cueCount; c++) {
      const color = colors[c % colors.length];
      cues.push({ color, effective_at: (await publish(stack, { mode: 'solid', color, lead_ms: leadMs })).effective_at });
      await sleep(1500);
    }
    await sleep(cues.at(-1).effective_at - Date.now() + 1000);
    const rows = [];
    for (const [pi, p] of pages.entries()) {
      const { observed, renders } = await p.page.evaluate(() => ({ observed: window.__observed, renders: window.__renders }));
      for (const [ci, cue] of cues.entries()) {
        const hit = observed.find((o) => o.color === cue.color && o.at - p.bias >= cue.effective_at - 1000);
        const switchAt = hit ? hit.at - p.bias : null;
        const error = switchAt === null ? null : switchAt - cue.effective_at;
        // The offset the app used for the switch (its own render event); the true offset is −bias (no skew).
        const render = renders.find((r) => r.color === cue.color && r.target === cue.effective_at && r.offset !== null);
        const clockBehind = render ? -p.bias - render.offset : null;
        rows.push({
          cue: ci, page: pi, effectiveAt: cue.effective_at, switchAt, error, floor: 0,
          // the frame the change went out with (pwa-sync-bench.js counts switches made more than a frame after it)
          frameAt: hit && hit.frame !== null ? hit.frame - p.bias : null,
          clockBehind, landing: clockBehind === null || error === null ? null : error - clockBehind,
          gapBefore: null, wakeLead: null,
        });
      }
    }
    return { rows, delays: [], failed: 0, biasGaps: [NaN], version: pages[0]?.page.version };
  } finally {
    for (const p of pages) await p.page.close().catch(() => {});
    await stack.stop();
  }
}

/** CPU seconds so far, per pid: main thread only (mainThreads) and whole process (all). */
function cpuSnapshot(page) {
  const main = new Map(page.contentMainThreads().map((p) => [p, cpuSeconds(p, { mainThreadOnly: true })]));
  const all = new Map(page.pids().map((p) => [p, cpuSeconds(p)]));
  const xvfb = page.xvfbPid ? cpuSeconds(page.xvfbPid) : null;
  return { main, all, xvfb };
}
/** Seconds used between two snapshots: processes alive at the end, counted from the start (or from 0 if new). */
const used = (a, b) => [...b.entries()].reduce((n, [pid, s]) => n + Math.max(0, s - (a.get(pid) ?? 0)), 0);

/**
 * Battery proxy for one engine: CPU seconds per minute of show, solid then strobe, `seconds` each.
 * @returns {Promise<{ engine: string, version: string, mode: string, seconds: number, mainPerMin: number,
 *   browserPerMin: number, xvfbPerMin: number | null, taskPerMin: number | null, scriptPerMin: number | null,
 *   mainThreads: number, processes: number, load: [number, number] }[]>}
 */
export async function runEngineCpu(engine, { seconds }) {
  const stack = await startStack({ extraArgs: ['--pwa-dir', join(ROOT, 'pwa')] });
  let page = null;
  const out = [];
  try {
    await publish(stack, { mode: 'solid', color: '#FF0000', lead_ms: 0 });
    page = await openPage(engine, `${stack.url}/?seat=1`);
    await page.click('#go'); // the show as a spectator runs it: started, full screen where allowed, wake lock asked
    await sleep(3000);
    const modes = [
      ['solid', { mode: 'solid', color: '#FF0000' }],
      ['strobe 600 ms', { mode: 'strobe', color: '#FFFFFF', period_ms: 600 }],
    ];
    for (const [mode, cue] of modes) {
      await publish(stack, { ...cue, lead_ms: 0 });
      await sleep(2000);
      const l0 = loadavg()[0];
      const a = cpuSnapshot(page);
      const m0 = page.metrics ? await page.metrics() : null;
      const t0 = Date.now();
      await sleep(seconds * 1000);
      const b = cpuSnapshot(page);
      const m1 = page.metrics ? await page.metrics() : null;
      const perMin = 60_000 / (Date.now() - t0);
      out.push({
        engine, version: page.version, mode, seconds: (Date.now() - t0) / 1000,
        mainPerMin: used(a.main, b.main) * perMin,
        browserPerMin: used(a.all, b.all) * perMin,
        xvfbPerMin: a.xvfb === null ? null : (b.xvfb - a.xvfb) * perMin,
        taskPerMin: m0 ? (m1.TaskDuration - m0.TaskDuration) * perMin : null,
        scriptPerMin: m0 ? (m1.ScriptDuration - m0.ScriptDuration) * perMin : null,
        mainThreads: b.main.size, processes: b.all.size, load: [l0, loadavg()[0]],
      });
    }
    return out;
  } finally {
    await page?.close().catch(() => {});
    await stack.stop();
  }
}

const f2 = (x) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(2));

/** The report's engine section: what was run, and the battery proxy table. */
export function engineSection({ engines, skipped, versions, cpu, seconds }) {
  const mmm = (xs) => {
    const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return v.length ? (v.length === 1 ? f2(v[0]) : `${f2(v[0])} / ${f2(v[(v.length - 1) >> 1])} / ${f2(v[v.length - 1])}`) : '—';
  };
  const rows = [];
  for (const e of engines) {
    for (const mode of [...new Set(cpu.filter((r) => r.engine === e).map((r) => r.mode))]) {
      const rs = cpu.filter((r) => r.engine === e && r.mode === mode);
      rows.push(`| ${e} | ${mode} | ${mmm(rs.map((r) => r.mainPerMin))} | ${mmm(rs.map((r) => r.browserPerMin))} | ${mmm(rs.map((r) => r.xvfbPerMin))} | ${mmm(rs.map((r) => r.taskPerMin))}; ${mmm(rs.map((r) => r.scriptPerMin))} | ${rs[0].mainThreads} / ${rs[0].processes} | ${rs.map((r) => r.load.map((x) => x.toFixed(1)).join(' → ')).join(', ')} |`);
    }
  }
  return `## Engines side by side

Rows \`engine: …\` above: the same ${'`'}solid${'`'} cues in each engine, ${'`'}BENCH_ENGINE_PAGES${'`'} pages (a browser each), **on the real
clock and loopback network** (no skew, no route delays: Firefox's and WebKit's drivers cannot run a script before the
page's own, and a route would be a proxy for them but not for Chromium, so all three see the same). The observer is
installed right after load in every engine alike (tests/browser/engines.js); the page clock's bias against the OS
clock is a median of reads (Firefox and WebKit coarsen their clocks). *Clock* = −bias − the offset the app used for
the switch (its own render event); *landing* = the rest. Chromium's skewed, route-delayed runs (\`scripts/bench sync\`)
are the sync figures proper; these rows compare engines under the same conditions.

${[...versions.map((v) => `- ${v.engine}: ${v.version}`), ...skipped.map((s) => `- ${s.engine}: **not run**: ${s.why}`)].join('\n')}

### Battery proxy: CPU seconds per minute of show

One page per engine, started (tapped), ${seconds} s per mode (${'`'}BENCH_CPU_SECONDS${'`'}); min / median / max over repeats
where there are several. Read from /proc before and after (utime + stime): *main thread* = the main thread (tid = pid)
of the processes that run pages (Chromium renderers, Firefox Web Content processes, WebKitWebProcess): the app's JS,
style, layout and paint scheduling; *whole browser* = every process of that browser (compositor, raster, network, UI);
*Xvfb* = the X server WebKitGTK draws into (the others run headless and draw off screen). *DevTools* (Chromium only):
Performance.getMetrics TaskDuration (the renderer main thread's task time for the page) and ScriptDuration (JS alone),
a cross-check of the /proc figure. Everything renders in software here (no GPU): compare solid with strobe within an
engine, and engines with each other, not with a phone's battery.

| engine | show | main thread (s/min) | whole browser (s/min) | Xvfb (s/min) | DevTools task; script (s/min) | main threads / processes counted | load average (1 min) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}
