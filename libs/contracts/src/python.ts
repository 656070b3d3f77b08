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
