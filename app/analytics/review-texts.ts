/** ProductReview.texts (JSON text) → the review texts; anything malformed reads as none. Pure. */
export function readReviewTexts(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: string[] = [];
  for (const item of parsed) {
    const text = typeof item === 'string' ? item : item && typeof item === 'object' ? (item as { text?: unknown }).text : undefined;
    if (typeof text === 'string' && text.trim()) out.push(text);
  }
  return out;
}
