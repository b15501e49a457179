// What the core tells a user, as stable codes in English and Chinese (see catalog.ts and format.ts).
export { CATALOG, type CatalogEntry, type MessageCode, type MessageLang } from './catalog';
export {
  enText,
  formatMessage,
  isMessageCode,
  localizeText,
  placeholders,
  recognize,
  recognizeError,
  showMessage,
  type CodedMessage,
  type MessageParams,
} from './format';
export { fieldLabel, showError, showReason } from './field-labels';
export { codeOfIssue } from './zod-issue';
