import { describe, expect, it } from "vitest";
import { ThreadlineError } from "../../../src/core/errors.js";
import { openMongoStore } from "../../../src/core/store/mongodb/index.js";

/** The fail-fast path needs no server: nothing listens on port 1. */
describe("openMongoStore without a reachable server", () => {
  it("rejects quickly with an error naming the host", async () => {
    const started = Date.now();
    const error = await openMongoStore({ uri: "mongodb://127.0.0.1:1/threadline", serverSelectionTimeoutMS: 300 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ThreadlineError);
    expect((error as ThreadlineError).code).toBe("store_unavailable");
    expect((error as Error).message).toMatch(/could not connect/);
    expect((error as Error).message).toContain("127.0.0.1:1");
  });

  it("never puts the password of the URI into the error", async () => {
    const error = await openMongoStore({ uri: "mongodb://tl_user:s3cr%40t-pw@127.0.0.1:1/threadline", serverSelectionTimeoutMS: 300 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect((error as Error).message).toMatch(/could not connect/);
    expect((error as Error).message).toContain("127.0.0.1:1");
    expect((error as Error).message).not.toMatch(/s3cr|tl_user/);
    expect(JSON.stringify((error as ThreadlineError).details)).not.toMatch(/s3cr|tl_user/);
  });
});
