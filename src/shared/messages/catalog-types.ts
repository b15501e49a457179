// The shape of a catalog entry (catalog.ts, catalog-errors.ts).

export type MessageLang = 'en' | 'zh-CN';

export interface CatalogEntry {
  en: string;
  zh: string;
  /** Parameters that are themselves catalog messages (or a field name), translated in turn. */
  nested?: readonly string[];
}
