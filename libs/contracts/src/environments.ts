import { z } from 'zod';
import { PythonVersion } from './python';

export const ENVIRONMENT_NAME_RULE =
  'An environment name has 1 to 64 letters, digits, "-", "_" or "." and is not "." or "..".';

export const environmentNameSchema = z
  .string({ error: ENVIRONMENT_NAME_RULE })
  .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: ENVIRONMENT_NAME_RULE })
  .refine((name) => name !== '.' && name !== '..', { error: ENVIRONMENT_NAME_RULE });

/** Requirements as pip reads them; limited so a paste cannot flood a job. */
export const requirementsTextSchema = z.string().max(64 * 1024, { error: 'Requirements are limited to 64 KiB.' });

export const CreateEnvironmentRequest = z
  .object({
    name: environmentNameSchema,
    pythonVersion: PythonVersion,
    /** Pasted requirements.txt text. */
    requirements: requirementsTextSchema.optional(),
    /** A requirements file in the home, e.g. "mysite/requirements.txt" or "/home/alice/mysite/requirements.txt". */
    requirementsPath: z.string().max(1024).optional(),
  })
  .refine((r) => !(r.requirements?.trim() && r.requirementsPath), {
    error: 'Give requirements as text or as a path, not both.',
  });
export type CreateEnvironmentRequest = z.infer<typeof CreateEnvironmentRequest>;

export const PACKAGE_SPEC_RULE = 'Each package is a requirement such as "flask", "Flask-Migrate==4.0.5" or "requests>=2".';
/** One requirement specifier: a name with optional extras and version constraints; no options, URLs or paths. */
export const packageSpecSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?\s*((===|==|~=|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*(,\s*(===|==|~=|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*)*)?$/, {
    error: PACKAGE_SPEC_RULE,
  });

export const InstallPackagesRequest = z.object({ packages: z.array(packageSpecSchema).min(1).max(100) });
export type InstallPackagesRequest = z.infer<typeof InstallPackagesRequest>;

export const packageNameSchema = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'Give package names only, such as "flask".' });

export const UninstallPackagesRequest = z.object({ packages: z.array(packageNameSchema).min(1).max(100) });
export type UninstallPackagesRequest = z.infer<typeof UninstallPackagesRequest>;

export const EnvironmentStatus = z.enum(['ready', 'building', 'failed', 'broken']);
export type EnvironmentStatus = z.infer<typeof EnvironmentStatus>;

export const EnvironmentView = z.object({
  name: z.string(),
  /** Read from the environment's pyvenv.cfg (the filesystem is the truth), or the requested one while building. */
  pythonVersion: z.string().nullable(),
  path: z.string(),
  status: EnvironmentStatus,
  /** As last measured (null: not yet; see measuredAt). Listings never walk an environment. */
  sizeBytes: z.number().int().nullable(),
  packageCount: z.number().int().nullable(),
  /** When sizeBytes and packageCount were measured: after each job on the environment, and by a background pass. */
  measuredAt: z.string().nullable(),
  /** Domains of the web apps that use this environment. */
  usedBy: z.array(z.string()),
  /** The latest job on this environment (build, install, uninstall), for its log. */
  lastJobId: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type EnvironmentView = z.infer<typeof EnvironmentView>;

export const FrozenPackage = z.object({ name: z.string(), version: z.string() });
export const EnvironmentFreezeView = z.object({
  packages: z.array(FrozenPackage),
  /** The same, as `pip freeze` prints it. */
  text: z.string(),
});
export type EnvironmentFreezeView = z.infer<typeof EnvironmentFreezeView>;
