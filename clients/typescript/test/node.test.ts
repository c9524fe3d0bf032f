// The client from Node against a live stack (tools/test-stack.sh), over each
// protocol the edge serves on its one port: Connect (HTTP/1.1), native gRPC
// (HTTP/2 without TLS, h2c) and gRPC-Web.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";

import {
  ClothingCategory,
  Code,
  ConnectError,
  MemoryTokenStore,
  MessageRole,
  ReplyStatus,
  Season,
  createStylistClients,
} from "@stylist/client";
import type { AuthTokens, StylistClients, TokenStore } from "@stylist/client";
import { createNodeTransport } from "@stylist/client/node";
import type { NodeTransportOptions } from "@stylist/client/node";
import { edgeUrl, newAccount } from "./common.js";

type Protocol = NonNullable<NodeTransportOptions["protocol"]>;

function baseUrl(protocol: Protocol): string {
  // The gRPC case dials the address the stack printed, as a gRPC client
  // would; the others use the URL. Both name the same edge port.
  if (protocol === "grpc" && process.env.STYLIST_EDGE_ADDR) return `http://${process.env.STYLIST_EDGE_ADDR}`;
  return edgeUrl();
}

function clients(protocol: Protocol, tokens?: TokenStore): StylistClients {
  return createStylistClients(createNodeTransport({ baseUrl: baseUrl(protocol), protocol, tokens }));
}

/** A TokenStore that counts what the interceptor saves. */
class CountingStore extends MemoryTokenStore {
  saves: (AuthTokens | undefined)[] = [];
  override save(tokens: AuthTokens | undefined): void {
    this.saves.push(tokens);
    super.save(tokens);
  }
}

/** Registers a fresh account; returns its clients (signed in) and details. */
async function signUp(protocol: Protocol) {
  const account = newAccount(`ts-${protocol}`);
  const tokens = new MemoryTokenStore();
  const api = clients(protocol, tokens);
  const res = await api.users.register({ ...account, displayName: "TS Client" });
  assert.ok(res.tokens?.accessToken, "Register returns an access token");
  tokens.save(res.tokens);
  return { api, tokens, account, registered: res };
}

/** Runs fn, which must be refused; returns the ConnectError. */
async function refused(fn: () => Promise<unknown>): Promise<ConnectError> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof ConnectError, `a ConnectError, not ${String(e)}`);
    return e;
  }
  assert.fail("the call was not refused");
}

for (const protocol of ["connect", "grpc", "grpc-web"] as const) {
  describe(`over ${protocol}`, { timeout: 60_000 }, () => {
    it("registers, logs in and reads the profile", async () => {
      const { account, registered } = await signUp(protocol);
      assert.equal(registered.profile?.username, account.username);
      assert.equal(registered.profile?.email, account.email);

      const tokens = new MemoryTokenStore();
      const api = clients(protocol, tokens);
      const login = await api.users.login({ login: account.email, password: account.password });
      assert.equal(login.profile?.userId, registered.profile?.userId);
      assert.ok(login.tokens?.refreshToken);
      tokens.save(login.tokens);

      const { profile } = await api.users.getProfile({});
      assert.equal(profile?.username, account.username);
      assert.equal(profile?.displayName, "TS Client");
    });

    it("creates and lists wardrobe items", async () => {
      const { api } = await signUp(protocol);
      const created = [];
      for (const [name, category] of [
        ["Linen shirt", ClothingCategory.TOP],
        ["Navy chinos", ClothingCategory.BOTTOM],
      ] as const) {
        const { item } = await api.wardrobe.createItem({
          item: { name, category, primaryColor: "navy", seasons: [Season.SUMMER], tags: ["ts-test"] },
        });
        assert.ok(item?.itemId, "the server assigns an id");
        assert.equal(item?.name, name);
        created.push(item!.itemId);
      }
      const list = await api.wardrobe.listItems({ tag: "ts-test" });
      assert.equal(list.totalSize, 2);
      assert.deepEqual(list.items.map((i) => i.itemId).sort(), [...created].sort());
      const got = await api.wardrobe.getItem({ itemId: created[0] });
      assert.equal(got.item?.name, "Linen shirt");
      assert.equal(got.item?.category, ClothingCategory.TOP);
    });

    it("streams a chat reply (server streaming)", async () => {
      const { api } = await signUp(protocol);
      const { conversation } = await api.chat.createConversation({ conversation: { title: "Summer" } });
      assert.ok(conversation?.conversationId);

      const statuses: ReplyStatus[] = [];
      const messages: { role: MessageRole; text: string }[] = [];
      let deltas = "";
      for await (const res of api.chat.streamReply({
        input: { conversationId: conversation!.conversationId, text: "What should I wear to a summer wedding?" },
      })) {
        const event = res.event?.event;
        switch (event?.case) {
          case "status":
            statuses.push(event.value.status);
            break;
          case "textDelta":
            deltas += event.value.text;
            break;
          case "message":
            messages.push({ role: event.value.role, text: event.value.text });
            break;
          case "error":
            assert.fail(`error event: ${event.value.message}`);
        }
      }
      assert.equal(statuses.at(-1), ReplyStatus.DONE);
      assert.ok(statuses.includes(ReplyStatus.ANSWERING));
      assert.deepEqual(
        messages.map((m) => m.role),
        [MessageRole.USER, MessageRole.ASSISTANT],
      );
      assert.ok(deltas.length > 0, "text deltas arrived");
      assert.equal(messages[1].text, deltas, "the stored answer is the deltas joined");
    });

    it("reports a refused call's code and message", async () => {
      const { api } = await signUp(protocol);
      const notFound = await refused(() => api.wardrobe.getItem({ itemId: randomUUID() }));
      assert.equal(notFound.code, Code.NotFound);
      assert.match(notFound.rawMessage, /no such item/);

      const anonymous = clients(protocol);
      const noToken = await refused(() => anonymous.users.getProfile({}));
      assert.equal(noToken.code, Code.Unauthenticated);
      assert.match(noToken.rawMessage, /missing credentials/);
    });

    it("refreshes a refused access token once, then retries", async () => {
      const { account, tokens: good } = await signUp(protocol);
      const store = new CountingStore({ accessToken: "not-a-valid-jwt", refreshToken: good.refreshToken() });
      const api = clients(protocol, store);

      const { profile } = await api.users.getProfile({});
      assert.equal(profile?.username, account.username);
      assert.equal(store.saves.length, 1, "exactly one refresh");
      assert.notEqual(store.accessToken(), "not-a-valid-jwt");
      assert.notEqual(store.refreshToken(), good.refreshToken(), "the refresh token was rotated");

      // The new token is used from now on: no further refresh.
      await api.wardrobe.listItems({});
      assert.equal(store.saves.length, 1);
    });

    it("shares one refresh between concurrent refused calls", async () => {
      const { tokens: good } = await signUp(protocol);
      const store = new CountingStore({ accessToken: "expired", refreshToken: good.refreshToken() });
      const api = clients(protocol, store);
      await Promise.all([api.users.getProfile({}), api.wardrobe.listItems({}), api.chat.listConversations({})]);
      assert.equal(store.saves.length, 1, "one refresh for three calls");
    });

    it("gives up after one refresh when the refresh token is refused", async () => {
      const store = new CountingStore({ accessToken: "expired", refreshToken: "not-a-refresh-token" });
      const api = clients(protocol, store);
      const err = await refused(() => api.users.getProfile({}));
      assert.equal(err.code, Code.Unauthenticated);
      assert.match(err.rawMessage, /invalid or expired token/, "the caller sees the original refusal");
      assert.deepEqual(store.saves, [undefined], "the dead tokens are forgotten");
      assert.equal(store.accessToken(), undefined);
    });
  });
}
