/** A products/* webhook payload as the catalog row it becomes, or what is wrong with it. */
import { describe, expect, it } from 'vitest';
import { productFromWebhook } from '../../../../app/catalog/products';

describe('productFromWebhook', () => {
  it('keeps the parts the catalog needs: cheapest priced variant, availability, tags', () => {
    const p = productFromWebhook({
      id: 7,
      handle: 'tent',
      title: 'Tent',
      tags: ['camp', 'sale'],
      variants: [{ price: '120.00', inventory_management: 'shopify', inventory_quantity: 0 }, { price: '99.50', inventory_quantity: 3, inventory_management: 'shopify' }],
    });
    expect(p).toMatchObject({ productId: '7', handle: 'tent', title: 'Tent', tags: 'camp,sale', price: 99.5, available: true, status: 'ACTIVE', isGiftCard: false, imageUrl: null });
  });

  it('names the field at fault, as every validation message does', () => {
    expect(productFromWebhook({ id: 1, title: 42 })).toEqual({ error: expect.stringMatching(/^title: /) });
    expect(productFromWebhook('nope')).toEqual({ error: expect.stringMatching(/^product: /) });
  });
});
