import { connectMongo, type MongoConnectOptions } from "./connect.js";

/**
 * Drops a whole database (all Threadline collections and anything else in
 * it) over a short-lived connection of its own. Meant for disposable
 * databases: the contract tests open each store on a fresh random database
 * and drop it afterwards. Irreversible; never point it at a live database.
 */
export async function dropMongoDatabase(options: MongoConnectOptions & { dbName: string }): Promise<void> {
  const conn = await connectMongo(options);
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}
