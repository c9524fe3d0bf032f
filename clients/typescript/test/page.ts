// The browser test's page (bundled by esbuild in browser.test.ts). Served from
// http://127.0.0.1:<port>, it calls the edge named in ?edge=... over
// gRPC-Web, a cross-origin request, so the edge's CORS answers are part of
// what is tested. It runs the flow once per gRPC-Web framing and publishes
// what happened as window.__results (and as text in <pre id="out">).
import {
  ClothingCategory,
  Code,
  ConnectError,
  MemoryTokenStore,
  MessageRole,
  ReplyStatus,
  createStylistWebClients,
} from "@stylist/client";
import type { AuthTokens } from "@stylist/client";

export interface FlowResult {
  format: "binary" | "text";
  username: string;
  registeredUsername: string;
  loginUsername: string;
  profileUsername: string;
  createdIds: string[];
  listedIds: string[];
  listTotal: number;
  streamStatuses: string[];
  streamDeltas: string;
  streamAnswer: string;
  refusedCode: string;
  refusedMessage: string;
  anonymousCode: string;
  anonymousMessage: string;
  refreshSaves: number;
  refreshedUsername: string;
}

export interface PageResults {
  ok: boolean;
  origin: string;
  flows: FlowResult[];
  error?: string;
}

declare global {
  interface Window {
    __results?: PageResults;
  }
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function refusal(fn: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await fn();
  } catch (e) {
    const err = ConnectError.from(e);
    return { code: Code[err.code], message: err.rawMessage };
  }
  throw new Error("the call was not refused");
}

async function flow(edge: string, useBinaryFormat: boolean): Promise<FlowResult> {
  const format = useBinaryFormat ? "binary" : "text";
  const suffix = randomHex(6);
  const account = {
    username: `web-${format}-${suffix}`,
    email: `web.${format}.${suffix}@example.com`,
    password: `Linen-Shirt-${suffix}`,
  };
  const tokens = new MemoryTokenStore();
  const api = createStylistWebClients({ baseUrl: edge, tokens, useBinaryFormat });

  const registered = await api.users.register(account);
  const login = await api.users.login({ login: account.username, password: account.password });
  tokens.save(login.tokens);
  const { profile } = await api.users.getProfile({});

  const createdIds: string[] = [];
  for (const [name, category] of [
    ["White sneakers", ClothingCategory.SHOES],
    ["Denim jacket", ClothingCategory.OUTERWEAR],
  ] as const) {
    const { item } = await api.wardrobe.createItem({ item: { name, category, primaryColor: "white" } });
    createdIds.push(item?.itemId ?? "");
  }
  const list = await api.wardrobe.listItems({});

  const { conversation } = await api.chat.createConversation({ conversation: {} });
  const streamStatuses: string[] = [];
  let streamDeltas = "";
  let streamAnswer = "";
  for await (const res of api.chat.streamReply({
    input: { conversationId: conversation?.conversationId ?? "", text: "Which jacket goes with white sneakers?" },
  })) {
    const event = res.event?.event;
    if (event?.case === "status") streamStatuses.push(ReplyStatus[event.value.status]);
    if (event?.case === "textDelta") streamDeltas += event.value.text;
    if (event?.case === "message" && event.value.role === MessageRole.ASSISTANT) streamAnswer = event.value.text;
    if (event?.case === "error") throw new Error(`chat error event: ${event.value.message}`);
  }

  const refused = await refusal(() => api.wardrobe.getItem({ itemId: crypto.randomUUID() }));
  const anonymous = await refusal(() =>
    createStylistWebClients({ baseUrl: edge, useBinaryFormat }).users.getProfile({}),
  );

  // The interceptor: a refused access token, a good refresh token.
  let refreshSaves = 0;
  const stale = new (class extends MemoryTokenStore {
    override save(t: AuthTokens | undefined) {
      refreshSaves++;
      super.save(t);
    }
  })({ accessToken: "not-a-valid-jwt", refreshToken: tokens.refreshToken() });
  const refreshed = await createStylistWebClients({ baseUrl: edge, tokens: stale, useBinaryFormat }).users.getProfile(
    {},
  );

  return {
    format,
    username: account.username,
    registeredUsername: registered.profile?.username ?? "",
    loginUsername: login.profile?.username ?? "",
    profileUsername: profile?.username ?? "",
    createdIds,
    listedIds: list.items.map((i) => i.itemId),
    listTotal: list.totalSize,
    streamStatuses,
    streamDeltas,
    streamAnswer,
    refusedCode: refused.code,
    refusedMessage: refused.message,
    anonymousCode: anonymous.code,
    anonymousMessage: anonymous.message,
    refreshSaves,
    refreshedUsername: refreshed.profile?.username ?? "",
  };
}

async function main(): Promise<void> {
  const out = document.getElementById("out")!;
  const results: PageResults = { ok: false, origin: location.origin, flows: [] };
  try {
    const edge = new URLSearchParams(location.search).get("edge");
    if (!edge) throw new Error("no ?edge= in the page URL");
    for (const binary of [true, false]) {
      console.log(`flow over gRPC-Web (${binary ? "binary" : "text"})`);
      results.flows.push(await flow(edge, binary));
    }
    results.ok = true;
  } catch (e) {
    const err = e instanceof ConnectError ? `${Code[e.code]}: ${e.rawMessage}` : String(e);
    results.error = err;
    console.error("page flow failed:", err, e instanceof Error ? e.stack : "");
  }
  out.textContent = JSON.stringify(results, null, 2);
  window.__results = results;
}

void main();
