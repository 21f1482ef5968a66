/** The MongoDB engine of the Store port; mongoose is imported only inside this folder. */
export { openMongoStore, type MongoStoreOptions } from "./mongo-store.js";
export { dropMongoDatabase } from "./admin.js";
