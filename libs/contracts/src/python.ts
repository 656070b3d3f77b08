import { z } from 'zod';

/** Python versions with a runtime image (see runtime-images/). */
export const PYTHON_VERSIONS = ['3.9', '3.11', '3.13'] as const;
export const DEFAULT_PYTHON_VERSION = '3.11';
export const PythonVersion = z.enum(PYTHON_VERSIONS, {
  error: `Python version must be one of: ${PYTHON_VERSIONS.join(', ')}.`,
});
export type PythonVersion = z.infer<typeof PythonVersion>;

/** A Python version as people and PythonAnywhere's API write it: "3.11", "python3.11" or "python311"; gives "3.11". */
export const pythonVersionInputSchema = z
  .string()
  .transform((v) => {
    const m = /^(?:python)?3\.?(\d+)$/.exec(v.trim());
    return m ? `3.${m[1]}` : v;
  })
  .pipe(PythonVersion);

export const runtimeImageFor = (version: PythonVersion): string => `panel-python:${version}`;

/** Every runtime image a node needs before it takes placements (one per supported Python version). */
export const RUNTIME_IMAGES: readonly string[] = PYTHON_VERSIONS.map(runtimeImageFor);

/**
 * The system images an account can choose through PythonAnywhere's API (/api/v0/user/{u}/system_image/): this
 * platform has one, the panel-python runtime images (Debian bullseye/bookworm/trixie with Python 3.9/3.11/3.13).
 */
export const SYSTEM_IMAGES = ['panel-python'] as const;

/** Which of an account's Python defaults a program uses: `python`, `python3`, or the Files tab's "Save and run". */
export type PythonDefaultKind = 'python' | 'python3' | 'save_and_run';

/** An account's stored Python defaults (null: not set). */
export interface AccountPythonDefaults {
  defaultPythonVersion: string | null;
  defaultPython3Version: string | null;
  defaultSaveAndRunPythonVersion: string | null;
}

/** The account's default of that kind, or DEFAULT_PYTHON_VERSION when unset or no longer available. */
export function accountPythonVersion(account: AccountPythonDefaults, kind: PythonDefaultKind): PythonVersion {
  const stored = kind === 'python' ? account.defaultPythonVersion : kind === 'python3' ? account.defaultPython3Version : account.defaultSaveAndRunPythonVersion;
  return stored && (PYTHON_VERSIONS as readonly string[]).includes(stored) ? (stored as PythonVersion) : DEFAULT_PYTHON_VERSION;
}
