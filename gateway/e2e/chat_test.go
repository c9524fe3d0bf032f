package e2e

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Chat over REST through the real gateway: create, send (unary), the
// server-streamed reply for browsers (newline-delimited JSON), history.
func TestChatOverREST(t *testing.T) {
	token, _ := register(t, "chatrest")
	resp, out := do(t, "POST", "/v1/chat/conversations", `{"title":"Office looks"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d: %v", resp.StatusCode, out)
	}
	id := out["conversation"].(map[string]any)["conversation_id"].(string)

	resp, out = do(t, "POST", "/v1/chat/conversations/"+id+":sendMessage", `{"text":"hello"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("send: HTTP %d: %v", resp.StatusCode, out)
	}
	reply := out["reply"].(map[string]any)
	if reply["engine"] != "REPLY_ENGINE_BUILTIN" || reply["text"] == "" {
		t.Errorf("reply: %v", reply)
	}

	req, _ := http.NewRequest("POST", baseURL+"/v1/chat/conversations/"+id+":streamReply",
		strings.NewReader(`{"text":"What colours go with navy?"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if stream.StatusCode != http.StatusOK {
		t.Fatalf("stream: HTTP %d", stream.StatusCode)
	}
	var kinds []string
	var text string
	scanner := bufio.NewScanner(stream.Body)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		var line struct {
			Result struct {
				Event map[string]any `json:"event"`
			} `json:"result"`
			Error map[string]any `json:"error"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			t.Fatalf("not JSON: %s", scanner.Text())
		}
		if line.Error != nil {
			t.Fatalf("stream error: %v", line.Error)
		}
		e := line.Result.Event
		switch {
		case e["text_delta"] != nil:
			text += e["text_delta"].(map[string]any)["text"].(string)
			if len(kinds) == 0 || kinds[len(kinds)-1] != "delta" {
				kinds = append(kinds, "delta")
			}
		case e["message"] != nil:
			kinds = append(kinds, e["message"].(map[string]any)["role"].(string))
		case e["status"] != nil:
			kinds = append(kinds, e["status"].(map[string]any)["status"].(string))
		}
	}
	want := []string{"MESSAGE_ROLE_USER", "REPLY_STATUS_THINKING", "REPLY_STATUS_ANSWERING", "delta",
		"MESSAGE_ROLE_ASSISTANT", "REPLY_STATUS_DONE"}
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Errorf("events: %v, want %v", kinds, want)
	}
	if !strings.Contains(text, "navy") {
		t.Errorf("streamed text: %q", text)
	}

	resp, out = do(t, "GET", "/v1/chat/conversations/"+id+"/messages", "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("history: HTTP %d: %v", resp.StatusCode, out)
	}
	if msgs, _ := out["messages"].([]any); len(msgs) != 4 {
		t.Errorf("history: want 4 messages, got %d", len(msgs))
	}
	other, _ := register(t, "chatrest2")
	resp, _ = do(t, "GET", "/v1/chat/conversations/"+id+"/messages", "", bearer(other))
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("another user's history: HTTP %d, want 404", resp.StatusCode)
	}
}
