import { describe, expect, it } from 'vitest';
import { deviceClass } from '../../../app/journeys/device-class';
import { classifyTrafficSource } from '../../../app/journeys/traffic-source';

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

describe('deviceClass', () => {
  it('classifies common user agents', () => {
    expect(deviceClass('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('mobile');
    expect(deviceClass('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36')).toBe('mobile');
    expect(deviceClass('Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toBe('tablet');
    expect(deviceClass('Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1')).toBe('tablet');
    expect(deviceClass('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toBe('desktop');
    expect(deviceClass('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe('desktop');
    expect(deviceClass('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe('bot');
    expect(deviceClass('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0.0.0 Safari/537.36')).toBe('bot');
    expect(deviceClass('curl/8.4.0')).toBe('bot');
    expect(deviceClass('')).toBe('other');
    expect(deviceClass(undefined)).toBe('other');
    expect(deviceClass('SomethingElse/1.0')).toBe('other');
  });
});
