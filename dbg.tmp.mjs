import { frameAt } from './pwa/lib/show.js';
import { createGovernor, governFrame, seatChanges, transitions, worstWindow } from './pwa/lib/flash.js';
const E = 1_767_225_600_000;
const acts=[{"kind":"burst","at":4968,"k":10,"d":351,"a":"#FF0000","b":"#000000"},{"kind":"again","i":12,"d":398},{"kind":"burst","at":4967,"k":3,"d":100,"a":"#FFFFFF","b":"#000000"},{"kind":"burst","at":0,"k":2,"d":10,"a":"#FFFFFF","b":"#000000"}];
let cues=[]; const sent=[];
const accept = (cs) => worstWindow(transitions(seatChanges({ cues: cs }, null, E - 2000, E + 20_000)), 1100).count <= 6;
const add=(c)=>{const next=[...cues.filter(x=>x.effective_at<=c.effective_at),c,...cues.filter(x=>x.effective_at>c.effective_at)]; if(accept(next)) cues=next; else console.log('refused', c.effective_at-E, c.color);};
for (const a of acts){ if(a.kind==='burst'){for(let i=0;i<a.k;i++){const c={effective_at:E+a.at+i*a.d,mode:'solid',color:i%2?a.b:a.a}; add(c); sent.push(c);}} if(a.kind==='again'&&sent.length){const c=sent[a.i%sent.length]; add({...c,effective_at:c.effective_at+a.d});}}
console.log(cues.map(c=>[c.effective_at-E,c.color]));
const tr=transitions(seatChanges({cues},null,E-2000,E+20000));
console.log(tr.map(x=>[x.t-E,x.channel,x.dir]));
const g=createGovernor(); const shown=[{t:-1,color:'#000000'}];
for(let l=0;l<10000;l+=1000/30){const s=E-1000+l; const f=governFrame(g,frameAt({cues},s,null),s,l); if(f.color!==shown.at(-1).color){shown.push({t:l,color:f.color});} }
console.log(shown.map(x=>[Math.round(x.t-1000),x.color]), g.stats());
