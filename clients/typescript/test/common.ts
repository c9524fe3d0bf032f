// Shared by the Node and browser tests.
import { randomBytes } from "node:crypto";

/** The edge of the stack tools/test-stack.sh started. */
export function edgeUrl(): string {
  const url = process.env.STYLIST_EDGE_URL;
  if (!url) throw new Error("STYLIST_EDGE_URL is not set: run under tools/test-stack.sh");
  return url.replace(/\/+$/, "");
}

/** A fresh account's registration fields, unique per call. */
export function newAccount(prefix: string): { username: string; email: string; password: string } {
  const suffix = randomBytes(6).toString("hex");
  return {
    username: `${prefix}-${suffix}`,
    email: `${prefix}.${suffix}@example.com`,
    password: `Linen-Shirt-${suffix}`,
  };
}
