import { simulatedStore, benchTraining, benchServing } from './bench/train-bench';
const n = Number(process.argv[2] ?? 100000);
const store = simulatedStore(n, 2000);
console.log('simulated', store.events, 'sessions', store.sessions.length, 'baskets', store.baskets.length, 's', store.simulateSeconds.toFixed(1));
const { result, seconds } = await benchTraining(store);
console.log('train s', seconds.toFixed(1), result.selected, result.note);
for (const c of result.candidates) console.log(c.model, c.hr20.toFixed(3), c.mrr20.toFixed(3), c.trainSeconds.toFixed(2));
console.log(await benchServing(store, result, 5000));
