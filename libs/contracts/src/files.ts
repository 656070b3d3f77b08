import { z } from 'zod';

/** An upload (or a save) is at most this large. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** The editor opens text files up to this size; larger ones are downloaded instead. */
export const MAX_EDITOR_BYTES = 5 * 1024 * 1024;
/** The PythonAnywhere-compatible tree endpoint answers at most this many entries. */
export const MAX_TREE_ENTRIES = 1000;

export const FILE_NAME_RULE = 'A name is 1 to 255 bytes, is not "." or "..", and has no "/" and no NUL character.';

/** One entry of a folder: a name, never a path. */
export const fileNameSchema = z
  .string({ error: FILE_NAME_RULE })
  .min(1, { error: FILE_NAME_RULE })
  .refine((name) => !name.includes('/') && !name.includes('\0') && name !== '.' && name !== '..' && new TextEncoder().encode(name).length <= 255, {
    error: FILE_NAME_RULE,
  });

/** A path in the home: relative to it ("mysite/app.py") or absolute as seen in consoles ("/home/alice/mysite/app.py"). */
export const filePathSchema = z
  .string({ error: 'A path is required.' })
  .max(4096, { error: 'A path is at most 4096 characters.' })
  .refine((path) => !path.includes('\0'), { error: 'A path cannot contain a NUL character.' });

export const FileEntryType = z.enum(['file', 'directory', 'symlink', 'other']);
export type FileEntryType = z.infer<typeof FileEntryType>;

export const FileEntryView = z.object({
  name: z.string(),
  /** Absolute, as seen in consoles: /home/alice/mysite/flask_app.py. */
  path: z.string(),
  type: FileEntryType,
  /** Bytes; for a symlink, the link's own size. */
  size: z.number().int(),
  modifiedAt: z.string(),
  /** Where a symlink points (as written in the link). */
  symlinkTarget: z.string().nullable(),
});
export type FileEntryView = z.infer<typeof FileEntryView>;

export const DirectoryListingView = z.object({
  path: z.string(),
  /** The folder above, or null at the home directory. */
  parent: z.string().nullable(),
  /** One page of the folder's entries, folders first, then by name. */
  entries: z.array(FileEntryView),
  /** How many entries the folder has in all. */
  total: z.number().int(),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type DirectoryListingView = z.infer<typeof DirectoryListingView>;

export const FileContentView = z.object({
  path: z.string(),
  content: z.string(),
  /** The content's SHA-256: sent back on save so a change made meanwhile on disk is noticed (409). */
  version: z.string(),
  size: z.number().int(),
  modifiedAt: z.string(),
});
export type FileContentView = z.infer<typeof FileContentView>;

export const SaveFileResult = z.object({
  path: z.string(),
  version: z.string(),
  size: z.number().int(),
  modifiedAt: z.string(),
  created: z.boolean(),
});
export type SaveFileResult = z.infer<typeof SaveFileResult>;

export const FilePathQuery = z.object({ path: filePathSchema.default('') });
export type FilePathQuery = z.infer<typeof FilePathQuery>;

/** A folder listing's page size when none is asked for, and the largest one. */
export const DEFAULT_LISTING_PAGE = 500;
export const MAX_LISTING_PAGE = 2000;

/** GET /api/files?path=...&limit=...&after=...: a page of a folder (after = the previous page's nextCursor). */
export const ListFilesQuery = FilePathQuery.extend({
  limit: z.coerce.number().int().min(1).max(MAX_LISTING_PAGE).default(DEFAULT_LISTING_PAGE),
  after: z.string().max(2048, { error: 'after is the nextCursor of a previous page.' }).optional(),
});
export type ListFilesQuery = z.infer<typeof ListFilesQuery>;

/** PUT /api/files/content?path=...&expectedVersion=...: the body is the file's new bytes. */
export const SaveFileQuery = z.object({
  path: filePathSchema.refine((p) => p.trim() !== '', { error: 'Give the path of the file to save.' }),
  /** The version the editor opened; without it the file is overwritten whatever it holds now. */
  expectedVersion: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expectedVersion is the version the file had when it was opened.' })
    .optional(),
});
export type SaveFileQuery = z.infer<typeof SaveFileQuery>;

export const UploadQuery = z.object({ directory: filePathSchema.default('') });

export const CreateFileEntryRequest = z.object({
  /** The folder to create it in. */
  directory: filePathSchema.default(''),
  name: fileNameSchema,
  type: z.enum(['file', 'directory']),
});
export type CreateFileEntryRequest = z.infer<typeof CreateFileEntryRequest>;

export const RenameFileEntryRequest = z.object({
  path: filePathSchema.refine((p) => p.trim() !== '', { error: 'Give the path of the file or folder to rename.' }),
  /** The new name in the same folder. */
  newName: fileNameSchema,
});
export type RenameFileEntryRequest = z.infer<typeof RenameFileEntryRequest>;

export const UploadedFileView = z.object({ name: z.string(), path: z.string(), size: z.number().int(), replaced: z.boolean() });
export const UploadResult = z.object({ directory: z.string(), files: z.array(UploadedFileView) });
export type UploadResult = z.infer<typeof UploadResult>;

export const DiskUsageView = z.object({
  usedBytes: z.number().int(),
  quotaBytes: z.number().int(),
  /** When the figure was computed (it is cached for a few seconds). */
  computedAt: z.string(),
});
export type DiskUsageView = z.infer<typeof DiskUsageView>;

/** GET /api/files/recent: the files of the home modified last (hidden folders, virtualenvs and caches skipped). */
export const RecentFilesQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export type RecentFilesQuery = z.infer<typeof RecentFilesQuery>;
/** At most this many entries are looked at, so a huge home answers quickly (the newest among them are shown). */
export const MAX_RECENT_SCAN = 20_000;
