// A number setting that saves when the user is done with it (Enter, or leaving the field), not on every
// keystroke: typing "30" into the retention days must not save 3 on the way. While the save runs the
// field keeps what was typed; afterwards it shows the saved value. A refused value (out of range, or the
// core said no) stays in the field beside its error instead: the input never clamps it silently into
// something else (0 into 1, -5 into 0 = keep forever) and never pretends it was saved.
import { InputNumber } from 'antd';
import { useRef, useState } from 'react';
import type { FieldA11y } from '../../a11y/field';

export function NumberSetting({
  value,
  min,
  max,
  precision,
  step,
  testId,
  a11y,
  onCommit,
}: {
  /** Its id and error links (a11y/field), so that its Form.Item label names it. */
  a11y?: FieldA11y['control'];
  value: number;
  min: number;
  max: number;
  precision?: number;
  step?: number;
  testId?: string;
  /** Resolves false when the value was refused (the field keeps it, with the error beside it). */
  onCommit(value: number): Promise<boolean | void>;
}) {
  // What is typed, or undefined while the field shows the saved value. A ref as well as state: antd
  // reports the clamped value and the blur in one go, before a re-render.
  const draft = useRef<number | null | undefined>(undefined);
  const [shown, setShown] = useState<number | null | undefined>(undefined);
  const edit = (next: number | null | undefined) => {
    draft.current = next;
    setShown(next);
  };
  const commit = () => {
    const next = draft.current;
    if (next === undefined) return;
    if (next === null || next === value) return edit(undefined);
    draft.current = undefined; // a second blur while saving does not save again
    void onCommit(next).then(
      (saved) => {
        if (draft.current === undefined && saved !== false) setShown(undefined);
      },
      () => {
        if (draft.current === undefined) setShown(undefined);
      },
    );
  };
  return (
    <InputNumber
      {...a11y}
      // No min/max here: antd would clamp out-of-range input on blur. The range is checked on commit.
      aria-valuemin={min}
      aria-valuemax={max}
      precision={precision}
      step={step}
      value={shown === undefined ? value : shown}
      onChange={(n) => edit(n)}
      // antd hands over the final (clamped, rounded) value in its own blur handler, which runs after this
      // one: commit once the event is over.
      onBlur={() => queueMicrotask(commit)}
      onPressEnter={commit}
      data-testid={testId}
    />
  );
}
