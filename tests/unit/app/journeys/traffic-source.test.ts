import { describe, expect, it } from 'vitest';
import { classifyTrafficSource } from '../../../../app/journeys/traffic-source';

describe('classifyTrafficSource', () => {
  it('uses utm first, then the referrer host', () => {
    expect(classifyTrafficSource({})).toBe('direct');
    expect(classifyTrafficSource({ refHost: 'www.google.com' })).toBe('search');
    expect(classifyTrafficSource({ refHost: 'www.google.com', utm: { source: 'google', medium: 'cpc' } })).toBe('paid');
    expect(classifyTrafficSource({ refHost: 'l.facebook.com', utm: { source: 'facebook', medium: 'paid_social' } })).toBe('paid');
    expect(classifyTrafficSource({ refHost: 'l.facebook.com' })).toBe('social');
    expect(classifyTrafficSource({ refHost: 't.co' })).toBe('social');
    expect(classifyTrafficSource({ utm: { source: 'klaviyo', medium: 'email' } })).toBe('email');
    expect(classifyTrafficSource({ refHost: 'mail.google.com' })).toBe('email');
    expect(classifyTrafficSource({ utm: { source: 'instagram' } })).toBe('social');
    expect(classifyTrafficSource({ refHost: 'www.outdoorgearlab.com' })).toBe('referral');
    expect(classifyTrafficSource({ refHost: 'shop.myshopify.com' })).toBe('internal');
    expect(classifyTrafficSource({ refHost: 'www.mystore.com:443' }, { shopHosts: ['mystore.com'] })).toBe('internal');
    expect(classifyTrafficSource({ utm: { source: 'partner-site', medium: 'banner' } })).toBe('paid');
    expect(classifyTrafficSource({ utm: { source: 'partner-site' } })).toBe('referral');
  });
});
