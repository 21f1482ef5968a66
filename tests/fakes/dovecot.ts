import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";

/** Where the dovecot binary is looked for (Debian's dovecot-core). */
const DOVECOT_BINARIES = ["/usr/sbin/dovecot", "/usr/bin/dovecot"];

/** The dovecot binary, or null when it is not installed. */
export function findDovecot(): string | null {
  return DOVECOT_BINARIES.find((p) => existsSync(p)) ?? null;
}

/**
 * Why the IMAP tests cannot run here (null when they can). Under CI=true a
 * missing Dovecot is a failure, not a skip: `.ci/run` installs dovecot-imapd.
 */
export function dovecotSkipReason(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  if (findDovecot()) return null;
  const reason = "dovecot is not installed (apt-get install -y --no-install-recommends dovecot-imapd)";
  if (env.CI === "true") throw new Error(`CI=true but ${reason}`);
  return reason;
}

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Appends a raw RFC 822 message through a second IMAP connection (as a delivering MTA would). */
  append(raw: string | Buffer, mailbox?: string, flags?: string[]): Promise<void>;
  /** Lists messages in a mailbox: uid, flags and the Message-ID header. */
  list(mailbox?: string): Promise<{ uid: number; flags: string[]; messageId: string | undefined }[]>;
  /** Deletes one message (flag \\Deleted and expunge). */
  deleteUid(uid: number, mailbox?: string): Promise<void>;
  /** Creates a mailbox (ignores "already exists"). */
  createMailbox(path: string): Promise<void>;
  /** Kills the server (SIGKILL): clients see their connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same mail. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real Dovecot IMAP server in a temporary directory (standalone
 * config, plaintext auth on loopback, maildir storage, one user) on a free
 * high port, in the foreground so the test owns its pid (see
 * ../shared/TESTING.md "IMAP: Dovecot").
 */
export async function startDovecot(): Promise<Dovecot> {
  const binary = findDovecot();
  if (!binary) throw new Error("dovecot is not installed");
  const dir = mkdtempSync(join(tmpdir(), "tl-dovecot-"));
  chmodSync(dir, 0o755);
  for (const sub of ["run", "state", "mail"]) mkdirSync(join(dir, sub), { recursive: true });
  chmodSync(join(dir, "mail"), 0o777);
  const user = "support";
  const password = "imap-test-password";
  const port = await freePort();
  writeFileSync(join(dir, "users"), `${user}:{PLAIN}${password}\n`);
  const uid = spawnSync("id", ["-u", "dovecot"], { encoding: "utf8" }).stdout.trim() || "0";
  const conf = join(dir, "dovecot.conf");
  writeFileSync(
    conf,
    [
      "protocols = imap",
      "listen = 127.0.0.1",
      `base_dir = ${join(dir, "run")}`,
      `state_dir = ${join(dir, "state")}`,
      `log_path = ${join(dir, "dovecot.log")}`,
      "ssl = no",
      "disable_plaintext_auth = no",
      "auth_mechanisms = plain login",
      `first_valid_uid = ${Math.min(Number(uid), 1)}`,
      `mail_location = maildir:${join(dir, "mail")}/%u`,
      "passdb {",
      "  driver = passwd-file",
      `  args = scheme=PLAIN username_format=%u ${join(dir, "users")}`,
      "}",
      "userdb {",
      "  driver = static",
      `  args = uid=dovecot gid=dovecot home=${join(dir, "mail")}/%u`,
      "}",
      "service imap-login {",
      "  inet_listener imap {",
      `    port = ${port}`,
      "  }",
      "  inet_listener imaps {",
      "    port = 0",
      "  }",
      "}",
      "",
    ].join("\n"),
  );

  let child: ChildProcess | null = null;
  async function launch(): Promise<void> {
    // Own process group, so kill() takes the login and imap children (holding client connections) down with the master.
    const proc = spawn(binary!, ["-F", "-c", conf], { stdio: ["ignore", "ignore", "pipe"], detached: true });
    child = proc;
    let stderr = "";
    proc.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`dovecot exited: ${stderr}${readLog()}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`dovecot did not listen on ${port}: ${stderr}${readLog()}`);
  }
  function readLog(): string {
    const p = join(dir, "dovecot.log");
    return existsSync(p) ? readFileSync(p, "utf8").slice(-2000) : "";
  }
  async function halt(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    const group = -proc.pid!;
    if (signal === "SIGKILL") process.kill(group, "SIGKILL");
    else proc.kill(signal);
    await exited;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(group)) await new Promise((r) => setTimeout(r, 50));
    if (groupAlive(group)) process.kill(group, "SIGKILL");
  }

  await launch();

  async function withClient<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    append: (raw, mailbox = "INBOX", flags = []) =>
      withClient(async (c) => {
        await c.append(mailbox, typeof raw === "string" ? Buffer.from(raw.replace(/\r?\n/g, "\r\n"), "binary") : raw, flags);
      }),
    list: (mailbox = "INBOX") =>
      withClient(async (c) => {
        const out: { uid: number; flags: string[]; messageId: string | undefined }[] = [];
        const lock = await c.getMailboxLock(mailbox);
        try {
          const status = c.mailbox;
          if (status && status.exists > 0) {
            for await (const m of c.fetch("1:*", { uid: true, flags: true, envelope: true })) {
              out.push({ uid: m.uid, flags: [...(m.flags ?? [])], messageId: m.envelope?.messageId });
            }
          }
        } finally {
          lock.release();
        }
        return out;
      }),
    deleteUid: (uid, mailbox = "INBOX") =>
      withClient(async (c) => {
        const lock = await c.getMailboxLock(mailbox);
        try {
          await c.messageDelete(String(uid), { uid: true });
        } finally {
          lock.release();
        }
      }),
    createMailbox: (path) =>
      withClient(async (c) => {
        await c.mailboxCreate(path).catch(() => undefined);
      }),
    kill: () => halt("SIGKILL"),
    restart: () => launch(),
    async stop() {
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
