import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The deployment's content root: the folder that holds FLOWS_DIR. Folders named over the API are read only inside
 * it, so a console account cannot point the server at an arbitrary path of its disk.
 */
export const contentFolder = {
  root(flowsDir: string): string {
    return dirname(resolve(flowsDir));
  },
  /** The absolute folder for a path given relative to the content root, or undefined when it leaves the root. */
  resolve(flowsDir: string, given: string): string | undefined {
    if (isAbsolute(given)) return undefined;
    const root = contentFolder.root(flowsDir);
    const folder = resolve(root, given);
    return folder.startsWith(root + sep) ? folder : undefined;
  },
  /** How a folder is shown to a console user: relative to the content root when it is inside. */
  relative(flowsDir: string, folder: string): string {
    const shown = relative(contentFolder.root(flowsDir), folder);
    return shown.startsWith('..') || isAbsolute(shown) ? folder : shown;
  },
};
