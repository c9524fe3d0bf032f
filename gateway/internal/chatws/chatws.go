// Package chatws serves /ws/chat: a WebSocket bridged to
// stylist.v1.ChatService/Converse, for clients that speak WebSocket rather
// than gRPC (seed 000's real-time chat). Each text frame from the client is
// a ConverseRequest and each frame to it a ConverseResponse, both as
// protobuf JSON (proto field names). The bridge is transparent: turns,
// cancellation and errors are the server's.
//
// Authentication is the user's access token, as everywhere: in the
// Authorization header (native clients), or, for browsers, which cannot set
// headers on a WebSocket, as the subprotocol "bearer.<token>" next to
// "stylist.chat.v1". Tokens are never accepted in the URL, which ends up in
// logs.
package chatws

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// Subprotocol is the protocol name clients ask for.
const Subprotocol = "stylist.chat.v1"

// maxFrameBytes bounds a client frame: a 4,000-character message in JSON
// with ten item ids fits well within it.
const maxFrameBytes = 64 << 10

// pingInterval keeps idle connections alive through proxies and finds dead
// peers.
const pingInterval = 30 * time.Second

var (
	marshal   = protojson.MarshalOptions{UseProtoNames: true}
	unmarshal = protojson.UnmarshalOptions{DiscardUnknown: false}
)

// Handler bridges WebSockets to Converse.
type Handler struct {
	client stylistv1.ChatServiceClient
	logger *slog.Logger
	// OriginPatterns are the other origins (host patterns) whose pages may
	// open the socket; the gateway's own origin always may.
	OriginPatterns []string
}

// New returns the /ws/chat handler on the upstream connection.
func New(conn grpc.ClientConnInterface, logger *slog.Logger, originPatterns []string) *Handler {
	return &Handler{client: stylistv1.NewChatServiceClient(conn), logger: logger, OriginPatterns: originPatterns}
}

// token finds the access token: the Authorization header, or a
// "bearer.<token>" subprotocol.
func token(r *http.Request) (string, bool) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		return auth, false
	}
	for _, field := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(field, ",") {
			if t, ok := strings.CutPrefix(strings.TrimSpace(p), "bearer."); ok && t != "" {
				return "Bearer " + t, true
			}
		}
	}
	return "", false
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth, fromProtocol := token(r)
	if auth == "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"code":16,"message":"missing credentials: send Authorization: Bearer <access token>, or the subprotocol bearer.<token>","details":[]}`)
		return
	}
	opts := &websocket.AcceptOptions{Subprotocols: []string{Subprotocol}, OriginPatterns: h.OriginPatterns}
	conn, err := websocket.Accept(w, r, opts)
	if err != nil {
		return // Accept has answered the client
	}
	if fromProtocol && conn.Subprotocol() != Subprotocol {
		conn.Close(websocket.StatusPolicyViolation, "ask for the "+Subprotocol+" subprotocol")
		return
	}
	conn.SetReadLimit(maxFrameBytes)

	md := metadata.Pairs("authorization", auth)
	if id := r.Header.Get("X-Request-Id"); id != "" {
		md.Set("x-request-id", id)
	}
	ctx, cancel := context.WithCancel(metadata.NewOutgoingContext(r.Context(), md))
	defer cancel()
	stream, err := h.client.Converse(ctx)
	if err != nil {
		closeWithStatus(conn, err)
		return
	}

	// Client to server: frames become requests; the socket closing ends
	// our half of the stream.
	go func() {
		defer func() { _ = stream.CloseSend() }()
		for {
			kind, data, err := conn.Read(ctx)
			if err != nil {
				if websocket.CloseStatus(err) == -1 {
					cancel() // the connection broke rather than closed: stop the answer
				}
				return
			}
			if kind != websocket.MessageText {
				conn.Close(websocket.StatusUnsupportedData, "send ConverseRequest as JSON text frames")
				cancel()
				return
			}
			req := &stylistv1.ConverseRequest{}
			if err := unmarshal.Unmarshal(data, req); err != nil {
				conn.Close(websocket.StatusInvalidFramePayloadData, truncate("not a ConverseRequest: "+err.Error()))
				cancel()
				return
			}
			if err := stream.Send(req); err != nil {
				return
			}
		}
	}()
	go func() {
		t := time.NewTicker(pingInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				pingCtx, done := context.WithTimeout(ctx, pingInterval/2)
				err := conn.Ping(pingCtx)
				done()
				if err != nil {
					cancel()
					return
				}
			}
		}
	}()

	// Server to client.
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			conn.Close(websocket.StatusNormalClosure, "")
			return
		}
		if err != nil {
			closeWithStatus(conn, err)
			return
		}
		data, err := marshal.Marshal(resp)
		if err != nil {
			conn.Close(websocket.StatusInternalError, "cannot encode a response")
			return
		}
		if err := conn.Write(ctx, websocket.MessageText, data); err != nil {
			cancel() // the client is gone: cancel the stream, which stops the answer
			return
		}
	}
}

// closeWithStatus ends the socket with a close code for a gRPC status:
// 4000 + the gRPC code (4016 unauthenticated, 4008 resource exhausted, ...),
// and the status message as the reason.
func closeWithStatus(conn *websocket.Conn, err error) {
	st := status.Convert(err)
	if st.Code() == codes.Canceled {
		conn.Close(websocket.StatusGoingAway, "cancelled")
		return
	}
	conn.Close(websocket.StatusCode(4000+int(st.Code())), truncate(st.Message()))
}

// truncate keeps a close reason within the 123 bytes a close frame allows.
func truncate(s string) string {
	if len(s) <= 120 {
		return s
	}
	return s[:120]
}
