// The shape of a catalog entry (catalog.ts, catalog-errors.ts).

export type MessageLang = 'en' | 'zh-CN';

export interface CatalogEntry {
  en: string;
  zh: string;
  /** Parameters that are themselves catalog messages (or a field name), translated in turn. */
  nested?: readonly string[];
  /** A validation reason that names what it is about ("The file is empty"): shown without the field's name. */
  sentence?: boolean;
  /** The English without the field's name (catalog-schema.ts), for where the field is named beside it. */
  reason?: string;
}
