/**
 * Replay converters: public e-commerce datasets → JourneyEvents, streamed.
 *
 * | format     | path to JourneyEvent                                  |
 * |------------|-------------------------------------------------------|
 * | rees46     | Shopify-shaped events → toJourneyEvent (has prices)   |
 * | uci        | Shopify-shaped checkout_completed → toJourneyEvent    |
 * | yoochoose  | compact shape directly (no prices / pages)            |
 * | sessionrec | compact shape directly (`SessionId,ItemId,Time`)      |
 * | diginetica | compact shape directly                                |
 * | otto       | compact shape directly                                |
 */
import type { JourneyEvent } from '../../api-contract/ingest';
import { fromDiginetica } from './diginetica';
import { readLinesOfFiles, type LineSource } from './lines';
import { fromOtto } from './otto';
import { fromRees46 } from './rees46';
import { fromUciRetail } from './uci-retail';
import { fromSessionItemCsv, fromYoochoose } from './yoochoose';

export { fromDiginetica } from './diginetica';
export { readLines, readLinesOfFiles, type LineSource } from './lines';
export { fromOtto } from './otto';
export { fromRees46, parseRees46Time } from './rees46';
export { fromUciRetail, londonToUtc } from './uci-retail';
export { fromSessionItemCsv, fromYoochoose } from './yoochoose';
export { parseCsvLine, sniffDelimiter } from './csv';

export const REPLAY_FORMATS = ['rees46', 'yoochoose', 'sessionrec', 'diginetica', 'otto', 'uci'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

export interface ReplayOptions {
  /** Row / session / invoice limit (format-specific unit). */
  limit?: number;
  /** yoochoose / sessionrec: seconds added to every timestamp. */
  timeShiftSec?: number;
}

export function convert(format: ReplayFormat, lines: LineSource, options: ReplayOptions = {}): AsyncGenerator<JourneyEvent> {
  switch (format) {
    case 'rees46':
      return fromRees46(lines, { limit: options.limit });
    case 'yoochoose':
      return fromYoochoose(lines, options);
    case 'sessionrec':
      return fromSessionItemCsv(lines, options);
    case 'diginetica':
      return fromDiginetica(lines, { limit: options.limit });
    case 'otto':
      return fromOtto(lines, { limit: options.limit });
    case 'uci':
      return fromUciRetail(lines, { limit: options.limit });
  }
}

/** Convert one or more files (several files are read in order, e.g. UCI months). */
export function replayFiles(format: ReplayFormat, paths: readonly string[], options: ReplayOptions = {}): AsyncGenerator<JourneyEvent> {
  return convert(format, readLinesOfFiles(paths, format !== 'otto' && format !== 'yoochoose'), options);
}
