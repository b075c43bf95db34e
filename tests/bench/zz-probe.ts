import { simulatedStore, benchTraining } from './train-bench';
const store = simulatedStore(20_000, 1000);
const { result } = await benchTraining(store, ['vstan', 'sr', 'blend-neural']);
function sizes(o: any, path: string, depth: number) {
  if (o === null || typeof o !== 'object' || depth > 4) return;
  for (const [k, v] of Object.entries(o)) {
    const n = JSON.stringify(v)?.length ?? 0;
    if (n > 20_000) { console.log(path + '.' + k, n, Array.isArray(v) ? `array[${(v as any[]).length}]` : typeof v); sizes(v, path + '.' + k, depth + 1); }
  }
}
sizes(result.bundle, 'bundle', 0);
