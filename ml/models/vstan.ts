/**
 * VSTAN: STAN + V-SKNN ideas (Ludewig et al. 2021; session-rec `algorithms/knn/vstan.py`, class
 * VSKNN_STAN): STAN's similarity and neighbor decay, plus lambda_ipw (decay by the position in
 * the current session of the last item shared with the neighbor) and lambda_idf (idf boost).
 * session-rec ignores the `similarity` argument and always uses cosine; so does this port.
 * Defaults: the RSC15 tuned values of RESULTS.md (k=1500, sample_size=10000, lambda_spw=0.5,
 * lambda_snh=5, lambda_inh=2, lambda_ipw=2, lambda_idf=2, remind=True).
 */
import type { ModelArtifact } from './recommender';
import { KnnModel } from './knn-model';
import { StanEngine, type StanEngineParams, type StanParams } from './stan';

export interface VstanParams extends StanParams {
  lambdaIpw?: number | null;
  lambdaIdf?: number | null;
}

export class VstanModel extends StanEngine<StanEngineParams> {
  readonly name: string = 'vstan';

  constructor(params: VstanParams = {}) {
    super({
      k: params.k ?? 1500,
      sampleSize: params.sampleSize ?? 10000,
      lambdaSpw: params.lambdaSpw === undefined ? 0.5 : params.lambdaSpw,
      lambdaSnh: params.lambdaSnh === undefined ? 5 : params.lambdaSnh,
      lambdaInh: params.lambdaInh === undefined ? 2 : params.lambdaInh,
      remind: params.remind ?? true,
      tieOrder: params.tieOrder ?? 'index',
      lambdaIpw: params.lambdaIpw === undefined ? 2 : params.lambdaIpw,
      lambdaIdf: params.lambdaIdf === undefined ? 2 : params.lambdaIdf,
    });
  }

  static fromArtifact(a: ModelArtifact): VstanModel {
    return KnnModel.restore(new VstanModel(a.params as VstanParams), a);
  }
}
