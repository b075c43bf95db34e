/** The categories of the one-hot features and the kinds of numeric ones. */

export const DEVICE_LEVELS = ['desktop', 'mobile', 'tablet', 'other'] as const;
export const SOURCE_LEVELS = ['direct', 'search', 'social', 'email', 'paid', 'referral', 'internal'] as const;
export const LANDING_LEVELS = ['home', 'collection', 'search', 'product', 'cart', 'checkout', 'other'] as const;
export const HOUR_LEVELS = ['night', 'morning', 'afternoon', 'evening'] as const;

export type FeatureKind = 'onehot' | 'flag' | 'count' | 'seconds' | 'price';
