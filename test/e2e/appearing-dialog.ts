// A press on a dialog's button the moment the dialog appears, released while it still appears: what a
// quick user does, and what Playwright's click did on a loaded machine. Used with the page's animations
// slowed (CDP Animation.setPlaybackRate), so that the release reliably falls during the appearing.
import type { Page } from 'playwright-core';

/** The centre of the element with this test id, at the first frame it is in the page. */
export function centreOnceThere(page: Page, testId: string): Promise<{ x: number; y: number }> {
  return page.evaluate(
    (id) =>
      new Promise<{ x: number; y: number }>((resolve) => {
        const look = () => {
          const button = document.querySelector(`[data-testid="${id}"]`);
          if (!button) return void requestAnimationFrame(look);
          const r = button.getBoundingClientRect();
          resolve({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
        };
        look();
      }),
    testId,
  );
}

/** Records the dialog's motion classes at each press and release of the mouse, from now on. */
export function recordPointer(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __pointer: string[]; __pointerListening?: boolean };
    w.__pointer = [];
    if (w.__pointerListening) return; // listening since an earlier press on this page
    w.__pointerListening = true;
    for (const type of ['pointerdown', 'pointerup'])
      window.addEventListener(
        type,
        () => w.__pointer.push(`${type} ${document.querySelector('.ant-modal')?.className ?? ''}`),
        true,
      );
  });
}

/** Waits (frame by frame) until the dialog's appearing animation runs, or has already ended. */
export function appearing(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const look = () => {
          const classes = document.querySelector('.ant-modal')?.className ?? '';
          if (/appear-active/.test(classes) || !/appear/.test(classes)) resolve(classes);
          else requestAnimationFrame(look);
        };
        look();
      }),
  );
}

/**
 * Presses the button `testId` of the dialog that `open` makes appear, at its first frame, and releases it
 * while the dialog still appears. Returns the dialog's classes at the press and at the release.
 */
export async function pressAsItAppears(
  page: Page,
  testId: string,
  open: () => Promise<void>,
): Promise<string[]> {
  await open();
  const at = await centreOnceThere(page, testId);
  await recordPointer(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await appearing(page);
  await page.mouse.up();
  return page.evaluate(() => (window as unknown as { __pointer: string[] }).__pointer);
}
