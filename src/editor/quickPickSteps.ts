/** Multi-step pickers as VS Code's own flows have them: a title, "2/2" and a back button. */
import * as vscode from 'vscode';

export type StepItem<T> = vscode.QuickPickItem & { value: T };
/** What a step resolves with when its back button is pressed. */
export const BACK = Symbol('back');

/** One step of a multi-step picker: its title and step number stay on screen, with a back button after the first. */
export function pickStep<T>(title: string, step: number, totalSteps: number, items: StepItem<T>[], back: boolean): Promise<T | typeof BACK | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<StepItem<T>>();
    qp.title = title;
    qp.step = step;
    qp.totalSteps = totalSteps;
    qp.items = items;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    if (back) qp.buttons = [vscode.QuickInputButtons.Back];
    let done = false;
    const finish = (value: T | typeof BACK | undefined) => { if (!done) { done = true; resolve(value); qp.dispose(); } };
    qp.onDidTriggerButton((button) => { if (button === vscode.QuickInputButtons.Back) finish(BACK); });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.value));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}
