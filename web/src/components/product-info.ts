import { useEffect, useState } from 'react';
import { apiGet } from '../api';
import type { PickedProduct, ProductsAnswer } from '../../../app/api-contract/shop';

/**
 * A product as the pickers show it: numeric id, title, first image. GET /api/products gives
 * these (and `available`); App Bridge's resource picker gives them too.
 */
export type ShownProduct = Pick<PickedProduct, 'id' | 'title' | 'imageUrl'>;

/** Titles and images of products by id, from the catalog (for ids stored before this page opened). */
export function useProductInfo(ids: string[]) {
  const [info, setInfo] = useState<Map<string, ShownProduct>>(new Map());
  const missing = ids.filter((id) => !info.has(id));
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    apiGet<ProductsAnswer>(`/products?ids=${key}`)
      .then((r) => {
        if (!live) return;
        setInfo((m) => {
          const next = new Map(m);
          for (const p of r.products) next.set(p.id, p);
          // Ids not in the catalog (deleted products) keep their number as a title.
          for (const id of key.split(',')) if (!next.has(id)) next.set(id, { id, title: `Product ${id} (not in the catalog)`, imageUrl: null });
          return next;
        });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [key]);
  const learn = (ps: ShownProduct[]) =>
    setInfo((m) => {
      const next = new Map(m);
      for (const p of ps) next.set(p.id, p);
      return next;
    });
  return { info, learn };
}
