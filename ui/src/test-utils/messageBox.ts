import { settle } from './mount'

// The message boxes of Element Plus (`ElMessageBox.confirm`, `.alert`, `.prompt`) as the specs read and answer them.

/** The message box opened last (one closed before may still be leaving). */
export function messageBox(): HTMLElement {
  const boxes = document.querySelectorAll<HTMLElement>('.el-message-box')
  const last = boxes[boxes.length - 1]
  if (!last) throw new Error('no message box')
  return last
}

/** Clicks the latest message box's primary (confirm) or other (cancel) button, then lets the page catch up. */
export async function answerMessageBox(confirm: boolean): Promise<void> {
  messageBox()
    .querySelector<HTMLElement>(
      `.el-message-box__btns .el-button${confirm ? '--primary' : ':not(.el-button--primary)'}`,
    )!
    .click()
  await settle()
}
