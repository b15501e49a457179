// Links a form control to its label and to its help or error text. antd's Form.Item does this only for
// fields registered by `name`, and our forms are controlled (no `name`), so without this every select,
// number field and switch had no accessible name and no error was tied to its field.
//
//   const a = fieldA11y('ck-editor-name', error, helpText);
//   <Form.Item label="Name" {...a.item}><Input {...a.control} /></Form.Item>
import type { ReactNode } from 'react';

export interface FieldA11y {
  /** For Form.Item: the label's `for`, the status, and the help (or error) text carrying its id. */
  item: { htmlFor: string; validateStatus?: 'error'; help?: ReactNode };
  /** For the control: its id, and aria-invalid / aria-describedby while there is something to say. */
  control: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string };
}

export function fieldA11y(id: string, error?: string, help?: ReactNode): FieldA11y {
  const text = error || help;
  const helpId = `${id}-help`;
  return {
    item: {
      htmlFor: id,
      validateStatus: error ? 'error' : undefined,
      help: text ? <span id={helpId}>{text}</span> : undefined,
    },
    control: {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': text ? helpId : undefined,
    },
  };
}
