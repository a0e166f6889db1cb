// DIR/cluster.json: what a clocklab NATS cluster is and where its parts are, written by
// `clocklab cluster up` (a local cluster, with server pids) and `clocklab cluster config` (a
// multi-host cluster, without pids), and read back by anything that connects to it. Paths inside
// the file are relative to DIR, so the directory can be copied to another host as a whole;
// readClusterFile resolves them. The file holds no secrets: seeds stay in their own files.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { UserError } from "../../core/userError.ts";

export const CLUSTER_FILE = "cluster.json";
export const CLUSTER_FILE_FORMAT = "clocklab-nats-cluster";

/** A file name inside DIR or one of its subdirectories: no absolute paths, no "..". */
const relativePath = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_./-]+$/, "a path relative to the cluster directory");
const port = z.number().int().min(1).max(65535);

const serverSchema = z.strictObject({
  name: z.string().min(1),
  /** Client URL, e.g. nats://127.0.0.1:4222. */
  url: z.string().startsWith("nats://"),
  host: z.string().min(1),
  clientPort: port,
  routePort: port,
  monitorPort: port,
  configFile: relativePath,
  /** Local clusters: the server's output. */
  logFile: relativePath.optional(),
  /** Local clusters: the process id `cluster down` stops. */
  pid: z.number().int().positive().optional(),
});

const userSchema = z.strictObject({
  publicKey: z.string().regex(/^U[A-Z2-7]{55}$/, "a public user nkey (U followed by 55 base32 characters)"),
  /** The seed file, relative to DIR. */
  credentialsFile: relativePath,
});

export const clusterFileSchema = z
  .strictObject({
    format: z.literal(CLUSTER_FILE_FORMAT),
    version: z.literal(1),
    /** local: started on this host by `cluster up`; hosts: written by `cluster config` for other hosts. */
    kind: z.enum(["local", "hosts"]),
    clusterName: z.string().min(1),
    createdAt: z.iso.datetime(),
    /** Local clusters: when `cluster down` stopped it, else null. */
    stoppedAt: z.iso.datetime().nullable(),
    natsServer: z.strictObject({ path: z.string(), version: z.string() }).nullable(),
    /** Every node's client URL, for a client's server list. */
    urls: z.array(z.string().startsWith("nats://")).min(1),
    credentialsDir: relativePath,
    machines: z.array(z.string().min(1)).min(1),
    coordinator: z.string().min(1),
    /** By user id: every machine and the coordinator. */
    users: z.record(z.string(), userSchema),
    servers: z.array(serverSchema).min(1),
  })
  .superRefine((file, context) => {
    for (const id of [...file.machines, file.coordinator]) {
      if (file.users[id] === undefined)
        context.addIssue({ code: "custom", path: ["users"], message: `no entry for user ${id}` });
    }
  });

export type ClusterFile = z.infer<typeof clusterFileSchema>;
export type ClusterServer = ClusterFile["servers"][number];

/** A cluster file as read back: the same fields, with every path resolved against its directory. */
export interface Cluster extends ClusterFile {
  /** The cluster directory, absolute. */
  dir: string;
}

export function clusterFilePath(dir: string): string {
  return join(dir, CLUSTER_FILE);
}

/** Writes atomically (a temporary file renamed into place), so a reader never sees half a file. */
export function writeClusterFile(dir: string, file: ClusterFile): void {
  const checked = clusterFileSchema.parse(file);
  const path = clusterFilePath(dir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, path);
}

function resolvePaths(dir: string, file: ClusterFile): Cluster {
  const absolute = (path: string) => resolve(dir, path);
  return {
    ...file,
    dir,
    credentialsDir: absolute(file.credentialsDir),
    users: Object.fromEntries(
      Object.entries(file.users).map(([id, user]) => [
        id,
        { ...user, credentialsFile: absolute(user.credentialsFile) },
      ]),
    ),
    servers: file.servers.map((server) => ({
      ...server,
      configFile: absolute(server.configFile),
      ...(server.logFile !== undefined ? { logFile: absolute(server.logFile) } : {}),
    })),
  };
}

/** The file as written (paths relative to DIR), or null when DIR has none; a UserError when it is not valid. */
function readRaw(absoluteDir: string): ClusterFile | null {
  const path = clusterFilePath(absoluteDir);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new UserError(`${path}: cannot read the cluster file (${code ?? (error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${path}: not valid JSON (${(error as Error).message}); expected a clocklab cluster file`,
    );
  }
  const result = clusterFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
    );
    throw new UserError(
      `${path}: not a valid clocklab cluster file (written by \`clocklab cluster up\` or \`cluster config\`):\n${problems.join("\n")}`,
    );
  }
  return result.data;
}

/** Null when DIR has no cluster.json; a UserError when it has one that is not valid. */
export function readClusterFileIfPresent(dir: string): Cluster | null {
  const absoluteDir = resolve(dir);
  const file = readRaw(absoluteDir);
  return file === null ? null : resolvePaths(absoluteDir, file);
}

/** Rewrites DIR/cluster.json with one change (e.g. stoppedAt), keeping its relative paths. */
export function updateClusterFile(dir: string, change: (file: ClusterFile) => ClusterFile): void {
  const absoluteDir = resolve(dir);
  const file = readRaw(absoluteDir);
  if (file !== null) writeClusterFile(absoluteDir, change(file));
}

/** The cluster in DIR, validated, with absolute paths; a UserError naming the file if it is missing or wrong. */
export function readClusterFile(dir: string): Cluster {
  const cluster = readClusterFileIfPresent(dir);
  if (cluster === null) {
    throw new UserError(
      `${clusterFilePath(resolve(dir))}: no cluster file; expected a directory written by ` +
        `\`clocklab cluster up --dir ${dir}\` or \`clocklab cluster config --dir ${dir}\``,
    );
  }
  return cluster;
}

/** The seed file of one user (a machine id or the coordinator), or a UserError listing who has one. */
export function credentialsFileFor(cluster: Cluster, id: string): string {
  const user = cluster.users[id];
  if (user === undefined) {
    const known = Object.keys(cluster.users);
    const shown =
      known.length > 8 ? `${known.slice(0, 8).join(", ")}, ... (${known.length} users)` : known.join(", ");
    throw new UserError(
      `no credentials for ${JSON.stringify(id)} in ${clusterFilePath(cluster.dir)}; this cluster has users ${shown} ` +
        "(write a cluster for more machines with --machines)",
    );
  }
  return user.credentialsFile;
}
