import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { describeConsoleContract } from "./console-contract.js";
import { describeStoreContract } from "./store-contract.js";
import { describeTimerContract } from "./timer-contract.js";

describeStoreContract("sqlite (memory)", async () => openSqliteStore({ path: ":memory:" }));
describeStoreContract("sqlite (file, WAL)", async () => openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), "tl-store-")), "threadline.db") }));
describeTimerContract("sqlite (file, WAL)", async () => openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), "tl-store-")), "threadline.db") }));
describeConsoleContract("sqlite (file, WAL)", async () => openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), "tl-store-")), "threadline.db") }));
