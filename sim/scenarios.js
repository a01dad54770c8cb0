// The crowd bench's scenarios, fixed in one place (sim/report.js runs them, sim/big.js runs the 100,000-phone one).
import { MODELS } from './network.js';

/** The lead grid: the lead table's answer is the smallest of these that reaches the goal. */
export const LEADS = Object.freeze([1000, 2000, 3000, 4000, 6000, 8000, 12_000]);
export const CUES_PER_LEAD = 4;
export const CUE_EVERY_MS = 6000;
export const FIRST_CUE_MS = 60_000;
const SHOW_END = FIRST_CUE_MS + LEADS.length * CUES_PER_LEAD * CUE_EVERY_MS;

/** Today's crowd: everyone opens the app in the first 10 s, idles, then the show (one cue every 6 s). */
export const BASE = Object.freeze({
  leadsMs: LEADS, cuesPerLead: CUES_PER_LEAD, cueEveryMs: CUE_EVERY_MS, joinOverMs: 10_000,
  showFromMs: 40_000, firstCueMs: FIRST_CUE_MS, idleWindow: [20_000, 40_000], showWindow: [FIRST_CUE_MS, SHOW_END],
  endMs: SHOW_END + 14_000,
});

/**
 * The crowd of the hard model: 10 % open the app during the show, a third within 5 s of a QR code on the big
 * screen one minute into the show, the rest before; 10 % background the tab once for 5–60 s (half frozen as iOS
 * Safari does, half with Chrome's 1 s timer alignment); a publish takes what bench/publish.md measured; every phone
 * loads the app shell on opening. Figures and sources: sim/NETWORK.md.
 */
export const HARD_CROWD = Object.freeze({
  arrivals: Object.freeze({ lateShare: 0.10, spikeShare: 1 / 3, spikeAtMs: FIRST_CUE_MS + 60_000, spikeOverMs: 5000 }),
  background: Object.freeze({ share: 0.10, hiddenMs: [5000, 60_000], frozenShare: 0.5 }),
  publishLatency: true,
  appShell: true,
});

/** Network rows: the model and the crowd each runs with. */
export const ROWS = Object.freeze({
  independent: { label: 'independent delays and losses (the shipped model, today\'s crowd)', network: MODELS.independent, crowd: {} },
  'memory-1s': { label: 'delay memory 1 s (AR(1) per direction, same means)', network: MODELS['memory-1s'], crowd: {} },
  'memory-3s': { label: 'delay memory 3 s (same means)', network: MODELS['memory-3s'], crowd: {} },
  gilbert: { label: '1 s memory + bursty loss (Gilbert–Elliott, same means: 2 % calm, 15 % in a burst)', network: MODELS.gilbert, crowd: {} },
  hard: { label: 'the hard model: 1 s memory, Gilbert–Elliott, one in-order connection per phone, load feedback on access points and LTE cells, late joiners, a jumbotron spike, backgrounded tabs, measured publish latency, app shell', network: MODELS.hard, crowd: HARD_CROWD },
});

/** Ablations of the hard model on inline cues: what each lever does when the network fights back. */
export const ABLATIONS = Object.freeze({
  'hard, no hedges': { network: MODELS.hard, crowd: HARD_CROWD, poller: { hedges: 0 } },
  'hard, one poll at a time': { network: MODELS.hard, crowd: HARD_CROWD, poller: { pipeline: 1 } },
  'hard network, today\'s crowd': { network: MODELS.hard, crowd: {}, poller: {} },
  'hard, bursts on Wi-Fi only': { network: { ...MODELS.hard, lteBursts: false }, crowd: HARD_CROWD, poller: {} },
});

/** Edge caches for a crowd: one per 125 phones, as the 1,000-phone bench's 8 (the same pointer freshness at any size). */
export const edgesFor = (devices) => Math.max(1, Math.round(devices / 125));

/** The 100,000-phone run (and its 1,000-phone twin): the hard model, inline cues, a shorter show to fit in 15 min. */
export const BIG = Object.freeze({
  leadsMs: [2000, 3000, 4000, 6000], cuesPerLead: 2, cueEveryMs: 6000, joinOverMs: 10_000,
  showFromMs: 20_000, firstCueMs: 30_000, idleWindow: [10_000, 20_000], showWindow: [30_000, 78_000], endMs: 90_000,
  kind: 'solid',
  ...HARD_CROWD,
  arrivals: { ...HARD_CROWD.arrivals, spikeAtMs: 50_000 },
});
