// "@stylist/client/node": transports for Node (connect-node), kept apart from
// the main entry so that browser bundles do not include node:http2.
//
//   import { MemoryTokenStore, createStylistClients } from "@stylist/client";
//   import { createNodeTransport } from "@stylist/client/node";
//
//   const tokens = new MemoryTokenStore();
//   const api = createStylistClients(
//     createNodeTransport({ baseUrl: "http://127.0.0.1:8080", protocol: "grpc", tokens }));
//
// The edge serves every protocol on one port, without TLS in development:
// "grpc" speaks HTTP/2 with prior knowledge (h2c) there, "connect" HTTP/1.1
// unless httpVersion says "2".

import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { createAuthInterceptor, createStylistClients } from "./index.js";
import type { StylistClients, TokenStore } from "./index.js";

export interface NodeTransportOptions {
  /** The edge (or a server), e.g. "http://127.0.0.1:8080". */
  baseUrl: string;
  /** "connect" (the default), "grpc" (HTTP/2) or "grpc-web". */
  protocol?: "connect" | "grpc" | "grpc-web";
  /** For "connect" and "grpc-web": "1.1" (the default) or "2". gRPC is always HTTP/2. */
  httpVersion?: "1.1" | "2";
  /** With a store, calls carry its access token and refresh it (createAuthInterceptor). */
  tokens?: TokenStore;
  /** More interceptors, run after (inside) the auth one. */
  interceptors?: Interceptor[];
}

/** A connect-node transport for the protocol asked for. */
export function createNodeTransport(options: NodeTransportOptions): Transport {
  const make = (interceptors: Interceptor[]): Transport => {
    const { baseUrl } = options;
    switch (options.protocol ?? "connect") {
      case "grpc":
        return createGrpcTransport({ baseUrl, interceptors });
      case "grpc-web":
        return createGrpcWebTransport({ baseUrl, httpVersion: options.httpVersion ?? "1.1", interceptors });
      case "connect":
        return createConnectTransport({ baseUrl, httpVersion: options.httpVersion ?? "1.1", interceptors });
    }
  };
  const interceptors = [...(options.interceptors ?? [])];
  if (options.tokens) {
    interceptors.unshift(createAuthInterceptor({ tokens: options.tokens, refreshTransport: make([]) }));
  }
  return make(interceptors);
}

/** createStylistClients over createNodeTransport. */
export function createStylistNodeClients(options: NodeTransportOptions): StylistClients {
  return createStylistClients(createNodeTransport(options));
}
