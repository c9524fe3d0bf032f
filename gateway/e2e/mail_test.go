package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The relay's login (the sink refuses mail from anyone else).
const (
	smtpRelayUser     = "stylist-relay"
	smtpRelayPassword = "relay-password-for-the-e2e-tests"
)

// startSMTPSink starts testdata/smtp_sink.py (aiosmtpd, in the venv
// tools/smtp-sink-venv.sh makes) writing to dir, with a certificate for
// 127.0.0.1 made here (dir/relay-cert.pem, which the server is told to
// trust), and returns it with the port it listens on.
func startSMTPSink(dir, user, password string) (*exec.Cmd, int, error) {
	python, err := exec.Command(filepath.Join("..", "..", "tools", "smtp-sink-venv.sh")).Output()
	if err != nil {
		return nil, 0, fmt.Errorf("tools/smtp-sink-venv.sh: %w", err)
	}
	cert, key := filepath.Join(dir, "relay-cert.pem"), filepath.Join(dir, "relay-key.pem")
	if out, err := exec.Command("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
		"-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
		"-keyout", key, "-out", cert).CombinedOutput(); err != nil {
		return nil, 0, fmt.Errorf("openssl: %w: %s", err, out)
	}
	cmd := exec.Command(strings.TrimSpace(string(python)), filepath.Join("testdata", "smtp_sink.py"), dir, cert, key,
		user, password)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	var port int
	if err == nil {
		_, err = fmt.Sscanf(line, "port %d", &port)
	}
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, 0, fmt.Errorf("no port from the sink: %q: %w", line, err)
	}
	return cmd, port, nil
}

// mailTo waits for the sink to have received a message for address and
// returns it.
func mailTo(t *testing.T, address string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(mailDir, "*.eml"))
		for _, f := range files {
			// Lines as the relay stored them, CRLF or LF.
			data, err := os.ReadFile(f)
			text := strings.ReplaceAll(string(data), "\r\n", "\n")
			if err == nil && strings.Contains(text, "\nTo: "+address+"\n") {
				return text
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no mail to %s within %v", address, within)
	return ""
}

// envelopeTo is the sink's record of how the message to address came: the
// login it was sent with and whether TLS was on.
func envelopeTo(t *testing.T, address string) map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(mailDir, "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		var envelope map[string]any
		if err == nil && json.Unmarshal(data, &envelope) == nil && fmt.Sprint(envelope["to"]) == "["+address+"]" {
			return envelope
		}
	}
	t.Fatalf("no envelope for %s", address)
	return nil
}

var resetCode = regexp.MustCompile(`token=([A-Za-z0-9_\-]+)`)

// A user who forgot their password gets the reset message by e-mail (sent
// through the relay from the outbox), and the code in it sets a new
// password, once. A relay that refuses a message for a while delays it
// (the outbox tries again) but does not lose it.
func TestPasswordResetArrivesByMail(t *testing.T) {
	for _, hint := range []string{"mailreset", "mailretry"} {
		t.Run(hint, func(t *testing.T) {
			_, email := register(t, hint)
			resp, out := do(t, "POST", "/v1/auth:requestPasswordReset", fmt.Sprintf(`{"email":%q}`, email), nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("request reset: HTTP %d %v", resp.StatusCode, out)
			}
			mail := mailTo(t, email, 15*time.Second)
			if envelope := envelopeTo(t, email); envelope["auth_user"] != smtpRelayUser || envelope["tls"] != true {
				t.Errorf("the message reached the relay without its login over TLS: %v", envelope)
			}
			if hint == "mailretry" {
				if data, _ := os.ReadFile(filepath.Join(mailDir, "refused.log")); !strings.Contains(string(data), email+" 451") {
					t.Errorf("the relay's temporary refusal of %s never happened:\n%s", email, data)
				}
			}
			for _, want := range []string{"From: Stylist <no-reply@stylist.test>\n", "Subject: Reset your Stylist password\n",
				"Content-Type: text/plain; charset=utf-8\n", "https://app.stylist.test/reset?token="} {
				if !strings.Contains(mail, want) {
					t.Errorf("the message lacks %q:\n%s", want, mail)
				}
			}
			m := resetCode.FindStringSubmatch(mail)
			if m == nil {
				t.Fatalf("no reset code in:\n%s", mail)
			}
			body := fmt.Sprintf(`{"reset_token":%q,"new_password":"Velvet-Blazer-2027"}`, m[1])
			if resp, out := do(t, "POST", "/v1/auth:resetPassword", body, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("reset with the mailed code: HTTP %d %v", resp.StatusCode, out)
			}
			if resp, out := do(t, "POST", "/v1/auth:login", fmt.Sprintf(`{"login":%q,"password":"Velvet-Blazer-2027"}`, email), nil); resp.StatusCode != http.StatusOK {
				t.Errorf("sign in with the new password: HTTP %d %v", resp.StatusCode, out)
			}
			if resp, _ := do(t, "POST", "/v1/auth:resetPassword", body, nil); resp.StatusCode == http.StatusOK {
				t.Errorf("the mailed code worked twice")
			}
		})
	}
}

// A relay that refuses a message for good (550: no such mailbox) is not
// asked again: the message is dead-lettered at once, not retried until the
// attempts run out.
func TestAMailRefusedForGoodIsNotRetried(t *testing.T) {
	_, email := register(t, "mailreject")
	if resp, out := do(t, "POST", "/v1/auth:requestPasswordReset", fmt.Sprintf(`{"email":%q}`, email), nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("request reset: HTTP %d %v", resp.StatusCode, out)
	}
	refusals := func() int {
		data, _ := os.ReadFile(filepath.Join(mailDir, "refused.log"))
		return strings.Count(string(data), email+" 550")
	}
	deadline := time.Now().Add(15 * time.Second)
	for refusals() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if refusals() != 1 {
		t.Fatalf("the relay was not asked once: %d refusals", refusals())
	}
	// Dead-lettered after that one attempt (a message that may be retried
	// keeps failed_at empty until its attempts run out), and so never tried
	// again: the sender takes only messages neither sent nor dead.
	state := ""
	query := fmt.Sprintf("SELECT attempts || '/' || (failed_at IS NOT NULL) FROM notification_outbox WHERE recipient = '%s'", email)
	for deadline := time.Now().Add(10 * time.Second); state != "1/true" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		state = psqlValue(t, serverDatabaseURL, query)
	}
	if state != "1/true" {
		t.Errorf("the message refused for good: attempts/dead %q, want 1/true", state)
	}
	if n := refusals(); n != 1 {
		t.Errorf("a message refused for good was tried %d times", n)
	}
}
