/**
 * /api/settings : session gap, retention, holdout share and merchandising (exclusions,
 * pins) (app/shops/settings.ts); /api/data/delete for the merchant's own data requests
 * (app/privacy/collected-data.ts; the export is api-data-export.ts).
 */
import { Router } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { invalidField, parseInput } from '../problem';
import { sendProblem } from '../http/send-problem';
import { settingsOf, settingsChangeSchema, updateSettings } from '../shops/settings';
import { deleteCollectedData } from '../privacy/collected-data';

export function createSettingsRouter({ db, onChange }: { db: Db; onChange?: (shopId: number) => void }): Router {
  const router = Router();

  router.get('/settings', (_req, res) => {
    res.json(settingsOf(currentShop(res)));
  });

  router.put('/settings', async (req, res) => {
    const shop = currentShop(res);
    const change = parseInput(settingsChangeSchema, req.body);
    if (!change.ok) return sendProblem(res, change.problem);
    const settings = await updateSettings(db, shop.id, change.value);
    onChange?.(shop.id);
    res.json(settings);
  });

  /** Deletes the shop's collected data (events, journeys, models); settings and catalog stay. */
  router.post('/data/delete', async (req, res) => {
    const shop = currentShop(res);
    if ((req.body as { confirm?: string } | undefined)?.confirm !== shop.domain) {
      return sendProblem(res, invalidField('confirm', 'send {"confirm": "<your shop domain>"} to delete all collected data'));
    }
    res.json(await deleteCollectedData(db, shop.id));
  });

  return router;
}
