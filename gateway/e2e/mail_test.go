package e2e

import (
	"bufio"
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

// startSMTPSink starts testdata/smtp_sink.py writing to dir and returns it
// with the port it listens on.
func startSMTPSink(dir string) (*exec.Cmd, int, error) {
	cmd := exec.Command("python3", filepath.Join("testdata", "smtp_sink.py"), dir)
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
			// Python's smtpd hands over the lines joined by LF.
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
	// The first retry would come after 1 s (STYLIST_OUTBOX_FIRST_RETRY).
	time.Sleep(2500 * time.Millisecond)
	if n := refusals(); n != 1 {
		t.Errorf("a message refused for good was tried %d times", n)
	}
}
