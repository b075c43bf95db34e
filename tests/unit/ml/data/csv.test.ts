import { describe, expect, it } from 'vitest';
import { buildTrainTest, parseSessionCsv, SessionCsvError, sessionCsvRows, trainTestFromCsv } from '../../../../ml/data/csv';

const TRAIN = `SessionId,ItemId,Time
1,100,10.5
1,200,11
2,200,20
2,300,21
2,100,22
3,400,30
`;
const TEST = `SessionId,ItemId,Time
9,300,40
9,999,41
9,200,42
8,999,50
8,100,51
7,100,60
7,400,61
`;

describe('CSV loader', () => {
  it('parses rows in file order', () => {
    const rows = parseSessionCsv(TRAIN);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ sessionId: '1', itemId: '100', time: 10.5 });
  });
  it('builds the item index by first appearance in train and maps test through it', () => {
    const tt = buildTrainTest(parseSessionCsv(TRAIN), parseSessionCsv(TEST));
    expect(tt.train.itemIds).toEqual(['100', '200', '300', '400']);
    expect(tt.train.sessions.map((s) => s.id)).toEqual(['1', '2', '3']);
    expect(tt.train.sessions[1].events.map((e) => e.item)).toEqual([1, 2, 0]);
    // session 9 loses item 999 (unseen) but keeps 2 events; session 8 is left with 1 event and is dropped
    expect(tt.test.sessions.map((s) => s.id)).toEqual(['9', '7']);
    expect(tt.test.sessions[0].events.map((e) => e.item)).toEqual([2, 1]);
    expect(tt.test.sessions[0].events.map((e) => e.time)).toEqual([40, 42]);
    expect(tt.stats.droppedUnseenEvents).toBe(2);
    expect(tt.stats.droppedShortSessions).toBe(1);
    expect(tt.stats.predictionEvents).toBe(2);
    expect(tt.test.itemIds).toBe(tt.train.itemIds);
  });
  it('accepts other column orders and CRLF', () => {
    const rows = parseSessionCsv('Time,ItemId,SessionId,Extra\r\n5,7,3,x\r\n');
    expect(rows).toEqual([{ sessionId: '3', itemId: '7', time: 5 }]);
  });
  it('gives clear errors', () => {
    expect(() => parseSessionCsv('a,b\n1,2\n')).toThrow(/missing SessionId, ItemId, Time/);
    expect(() => parseSessionCsv('SessionId,ItemId,Time\n1,2,notanumber\n')).toThrow(/:2: bad row/);
    expect(() => parseSessionCsv('SessionId,ItemId,Time\n1,2\n')).toThrow(SessionCsvError);
    expect(() => sessionCsvRows('  \n', 'empty.csv')).toThrow(/empty file: empty.csv/);
    expect(() => sessionCsvRows('SessionId,ItemId,Time\n', 'head.csv')).toThrow(/no data rows in head.csv/);
    expect(trainTestFromCsv(TRAIN, TEST).stats.testSessions).toBe(2);
  });
});
