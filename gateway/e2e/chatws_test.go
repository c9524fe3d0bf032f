package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// /ws/chat bridges a WebSocket to Converse: JSON frames both ways, the
// token in the Authorization header or as a subprotocol, one stream for
// several turns, other origins refused.
func TestChatWebSocket(t *testing.T) {
	token, _ := register(t, "chatws")
	resp, out := do(t, "POST", "/v1/chat/conversations", `{}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d: %v", resp.StatusCode, out)
	}
	id := out["conversation"].(map[string]any)["conversation_id"].(string)
	wsURL := "ws" + strings.TrimPrefix(baseURL, "http") + "/ws/chat"
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	turn := func(conn *websocket.Conn, text string) []string {
		t.Helper()
		msg := fmt.Sprintf(`{"send_message":{"conversation_id":%q,"text":%q}}`, id, text)
		if err := conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				t.Fatalf("read: %v (after %v)", err, kinds)
			}
			var frame struct {
				Event map[string]any `json:"event"`
			}
			if err := json.Unmarshal(data, &frame); err != nil {
				t.Fatalf("frame is not JSON: %s", data)
			}
			e := frame.Event
			switch {
			case e["text_delta"] != nil:
				if len(kinds) == 0 || kinds[len(kinds)-1] != "delta" {
					kinds = append(kinds, "delta")
				}
			case e["message"] != nil:
				kinds = append(kinds, e["message"].(map[string]any)["role"].(string))
			case e["error"] != nil:
				kinds = append(kinds, "error")
			case e["status"] != nil:
				s := e["status"].(map[string]any)["status"].(string)
				kinds = append(kinds, s)
				if s == "REPLY_STATUS_DONE" || s == "REPLY_STATUS_ERROR" {
					return kinds
				}
			}
		}
	}
	want := "MESSAGE_ROLE_USER,REPLY_STATUS_THINKING,REPLY_STATUS_ANSWERING,delta,MESSAGE_ROLE_ASSISTANT,REPLY_STATUS_DONE"

	// Native client: the Authorization header; two turns on one socket.
	conn, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{
		HTTPHeader: http.Header{"Authorization": {"Bearer " + token}}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	for _, q := range []string{"hello", "What goes with navy?"} {
		if got := strings.Join(turn(conn, q), ","); got != want {
			t.Errorf("%q: events %s, want %s", q, got, want)
		}
	}
	conn.Close(websocket.StatusNormalClosure, "")

	// Browser: the token as a subprotocol.
	conn, _, err = websocket.Dial(ctx, wsURL, &websocket.DialOptions{Subprotocols: []string{"stylist.chat.v1", "bearer." + token}})
	if err != nil {
		t.Fatalf("dial with subprotocol: %v", err)
	}
	if conn.Subprotocol() != "stylist.chat.v1" {
		t.Errorf("subprotocol %q", conn.Subprotocol())
	}
	if got := strings.Join(turn(conn, "How do I wash wool?"), ","); got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	conn.Close(websocket.StatusNormalClosure, "")

	resp, out = do(t, "GET", "/v1/chat/conversations/"+id+"/messages", "", bearer(token))
	if msgs, _ := out["messages"].([]any); resp.StatusCode != http.StatusOK || len(msgs) != 6 {
		t.Errorf("history after three turns: HTTP %d, %d messages", resp.StatusCode, len(msgs))
	}

	// Refusals: no token; a bad token (closed with 4000+UNAUTHENTICATED);
	// another origin.
	if _, resp, err := websocket.Dial(ctx, wsURL, nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: err %v, resp %v", err, resp)
	}
	conn, _, err = websocket.Dial(ctx, wsURL, &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer nope"}}})
	if err != nil {
		t.Fatalf("dial with a bad token: %v", err)
	}
	_, _, err = conn.Read(ctx)
	if code := websocket.CloseStatus(err); code != 4016 {
		t.Errorf("bad token: close code %d (%v), want 4016", code, err)
	}
	_, resp, err = websocket.Dial(ctx, wsURL, &websocket.DialOptions{HTTPHeader: http.Header{
		"Authorization": {"Bearer " + token}, "Origin": {"https://evil.example"}}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin: err %v, resp %v", err, resp)
	}
}
