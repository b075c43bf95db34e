/** The guard every model's `fromArtifact` starts with. */
import type { ModelArtifact } from './recommender';

export function checkArtifact(a: ModelArtifact, kind: string, version: number): void {
  if (!a || a.kind !== kind) throw new Error(`artifact kind mismatch: expected ${kind}, got ${a?.kind}`);
  if (a.version !== version) throw new Error(`${kind}: unsupported artifact version ${a.version} (expected ${version})`);
}
