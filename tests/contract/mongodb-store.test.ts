import { randomUUID } from "node:crypto";
import { dropMongoDatabase, openMongoStore } from "../../src/core/store/mongodb/index.js";
import type { Store } from "../../src/core/store/port.js";
import { describeConsoleContract } from "./console-contract.js";
import { describeStoreContract } from "./store-contract.js";
import { describeTimerContract } from "./timer-contract.js";

/**
 * Runs the Store contract against a real MongoDB server when MONGODB_URI
 * points at one (a standalone server is enough: the engine uses no
 * transactions). Each store gets a fresh random database, dropped on close.
 */
const uri = process.env.MONGODB_URI;

/** A fresh database per store, dropped on close. */
const openFresh = async (mongoUri: string): Promise<Store> => {
  const dbName = `threadline_test_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const store = await openMongoStore({ uri: mongoUri, dbName });
  return {
    ...store,
    async close() {
      try {
        await dropMongoDatabase({ uri: mongoUri, dbName });
      } finally {
        await store.close();
      }
    },
  };
};

if (uri) {
  describeTimerContract("mongodb", () => openFresh(uri));
  describeStoreContract("mongodb", () => openFresh(uri));
  describeConsoleContract("mongodb", () => openFresh(uri));
} else {
  describeConsoleContract(
    "mongodb",
    async () => {
      throw new Error("MONGODB_URI is not set");
    },
    "MONGODB_URI is not set; no MongoDB server can be installed on this machine",
  );
  describeTimerContract(
    "mongodb",
    async () => {
      throw new Error("MONGODB_URI is not set");
    },
    "MONGODB_URI is not set; no MongoDB server can be installed on this machine",
  );
  describeStoreContract(
    "mongodb",
    async () => {
      throw new Error("MONGODB_URI is not set");
    },
    "MONGODB_URI is not set; no MongoDB server can be installed on this machine",
  );
}
