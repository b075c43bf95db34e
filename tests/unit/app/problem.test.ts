/** The one validation-message formatter: `path: message`, the root naming the whole value. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, firstIssue, invalidField, invalidInput } from '../../../app/problem';

describe('validation messages', () => {
  const schema = z.object({ limit: z.number().max(10), pins: z.array(z.string()) });
  const error = schema.safeParse({ limit: 99, pins: ['a', 3] }).error!;

  it('read `path: message`, with dotted paths and the root for the whole value', () => {
    expect(describeIssue({ path: ['pins', 1], message: 'bad' })).toBe('pins.1: bad');
    expect(describeIssue({ path: [], message: 'bad' }, '(query)')).toBe('(query): bad');
    expect(firstIssue(error)).toEqual({ path: 'limit', message: expect.any(String) });
    expect(firstIssue(z.string().safeParse(1).error!, '(root)').path).toBe('(root)');
  });

  it('make Problems that name every field and the first in the message', () => {
    const p = invalidInput(error);
    expect(p.code).toBe('invalid_input');
    expect(p.fields!.map((f) => f.path)).toEqual(['limit', 'pins.1']);
    expect(p.message).toBe(describeIssue(error.issues[0]));
    expect(invalidField('from', 'from is after to')).toEqual({ code: 'invalid_input', message: 'from: from is after to', fields: [{ path: 'from', message: 'from is after to' }] });
  });
});
