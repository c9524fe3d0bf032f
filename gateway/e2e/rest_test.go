// Package e2e tests REST through the real gateway in front of a real
// stylist-server on a scratch PostgreSQL database.
//
// It needs STYLIST_SERVER_BINARY (the built server) and
// STYLIST_TEST_DATABASE_URL (a cluster where it may create databases);
// tools/test.sh sets both. Without them the tests are skipped.
package e2e

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var baseURL string // the gateway, http://127.0.0.1:PORT

var upstreamAddr string // the server's gRPC address, unix:/path

var edgeAddr string // the edge's host:port (native gRPC as well as HTTP)

var sharedEdge *edgeProcess // the edge every test shares

var mailDir string // where the SMTP sink writes what it receives

const bootstrapKey = "rest-bootstrap-key-0123456789abcdef0123"

// adminDatabaseURL is the cluster where tests that run a server of their
// own create its database.
var adminDatabaseURL string

// serverDatabaseURL is the shared server's database, for tests that check
// what it stored.
var serverDatabaseURL string

// sharedServerLog is what the shared server writes (its JSON log lines).
var sharedServerLog lockedLog

// lockedLog collects a process's output while tests read it.
type lockedLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	binary := os.Getenv("STYLIST_SERVER_BINARY")
	adminURL := os.Getenv("STYLIST_TEST_DATABASE_URL")
	if binary == "" || adminURL == "" {
		fmt.Println("e2e: STYLIST_SERVER_BINARY or STYLIST_TEST_DATABASE_URL not set (tools/test.sh sets them)")
		if os.Getenv("STYLIST_E2E_REQUIRED") != "" {
			return 1
		}
		fmt.Println("e2e: skipping")
		return 0
	}
	adminDatabaseURL = adminURL
	db := fmt.Sprintf("stylist_rest_%d", os.Getpid())
	if err := psql(adminURL, "DROP DATABASE IF EXISTS "+db, "CREATE DATABASE "+db); err != nil {
		fmt.Println("e2e:", err)
		return 1
	}
	defer psql(adminURL, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)") //nolint:errcheck

	storage, err := os.MkdirTemp("", "stylist-rest-blobs-")
	if err != nil {
		fmt.Println("e2e:", err)
		return 1
	}
	defer os.RemoveAll(storage)
	// The server on a Unix socket of its own (no port to race for), as
	// tools/run.sh runs it.
	sockets, err := os.MkdirTemp("", "stylist-rest-sock-")
	if err != nil {
		fmt.Println("e2e:", err)
		return 1
	}
	defer os.RemoveAll(sockets)
	grpcAddr := "unix:" + filepath.Join(sockets, "server.sock")
	upstreamAddr = grpcAddr

	// The mail relay: a local SMTP sink that records what it is sent.
	mailDir, err = os.MkdirTemp("", "stylist-rest-mail-")
	if err != nil {
		fmt.Println("e2e:", err)
		return 1
	}
	defer os.RemoveAll(mailDir)
	sink, smtpPort, err := startSMTPSink(mailDir, smtpRelayUser, smtpRelayPassword)
	if err != nil {
		fmt.Println("e2e: SMTP sink:", err)
		return 1
	}
	defer func() { _ = sink.Process.Kill(); _ = sink.Wait() }()

	// The OIDC provider whose tokens the server also trusts (oidc_test.go).
	provider = startOIDCProvider()
	defer provider.server.Close()

	server := exec.Command(binary)
	serverDatabaseURL = withDatabase(adminURL, db)
	server.Env = append(append(serverEnv(serverDatabaseURL, grpcAddr, storage), provider.env()...),
		// Reset messages go to the sink, as to a production relay: over
		// STARTTLS (its certificate checked against the test's own CA)
		// with a login; retried a second after a temporary failure.
		"STYLIST_SMTP_URL=smtp://127.0.0.1:"+strconv.Itoa(smtpPort),
		"STYLIST_SMTP_TLS=starttls",
		"STYLIST_SMTP_CA_FILE="+filepath.Join(mailDir, "relay-cert.pem"),
		"STYLIST_SMTP_USERNAME="+smtpRelayUser,
		"STYLIST_SMTP_PASSWORD="+smtpRelayPassword,
		"STYLIST_SMTP_FROM=Stylist <no-reply@stylist.test>",
		"STYLIST_RESET_LINK_BASE=https://app.stylist.test/reset?token=",
		"STYLIST_OUTBOX_POLL_INTERVAL=100ms",
		"STYLIST_OUTBOX_FIRST_RETRY=1s",
	)
	serverLog := &sharedServerLog
	server.Stdout = serverLog
	server.Stderr = serverLog
	if err := server.Start(); err != nil {
		fmt.Println("e2e: starting server:", err)
		return 1
	}
	defer func() {
		_ = server.Process.Signal(os.Interrupt)
		_ = server.Wait()
	}()

	// The edge as it ships: the built binary with its real flags, on a
	// port the kernel picks, read back from its "serving" log line.
	edge, err := startEdge(grpcAddr, sockets)
	if err != nil {
		fmt.Println("e2e: edge:", err)
		return 1
	}
	defer edge.stop()
	sharedEdge = edge
	baseURL = "http://" + edge.addr
	edgeAddr = edge.addr

	// Ready when the gateway's health check reaches a serving upstream.
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(baseURL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) || server.ProcessState != nil {
			fmt.Println("e2e: server not healthy within 60 s; its log:\n" + serverLog.String())
			return 1
		}
		time.Sleep(50 * time.Millisecond)
	}
	code := m.Run()
	if code != 0 {
		fmt.Println("e2e: server log:\n" + serverLog.String())
		fmt.Println("e2e: edge log:\n" + edge.log())
	}
	return code
}

// serverEnv is the environment of an e2e server: its database, gRPC
// address and photo folder, with limits the suite cannot reach except
// where a test is about them.
func serverEnv(databaseURL, grpcAddr, storage string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"STYLIST_DATABASE_URL=" + databaseURL,
		"STYLIST_JWT_SECRET=rest-test-secret-0123456789abcdef0123",
		"STYLIST_LISTEN_ADDRESS=" + grpcAddr,
		"STYLIST_METRICS_ADDRESS=127.0.0.1:0",
		"STYLIST_WORKER_THREADS=4",
		"STYLIST_DB_POOL_SIZE=4",
		"STYLIST_SHUTDOWN_GRACE=5s",
		"STYLIST_BOOTSTRAP_API_KEY=" + bootstrapKey,
		// Aura's users sign in with their Supabase access tokens.
		"STYLIST_SUPABASE_URL=" + supabaseURL,
		"STYLIST_SUPABASE_JWT_SECRET=" + supabaseSecret,
		"STYLIST_SUPABASE_WEBHOOK_SECRET=" + webhookSecret,
		"STYLIST_STORAGE_DIR=" + storage,
		"STYLIST_CLOTHING_MODEL_DIR=" + modelDir(),
		"STYLIST_WORD_LIST_FILE=" + wordList(),
		// Every test signs up from the same address: limits the suite cannot
		// reach (the rate limits have their own tests, on their own servers).
		"STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR=100000",
		"STYLIST_RATE_REGISTER_TAKEN_PER_ADDRESS_PER_HOUR=100000",
		"STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE=100000",
		// The AI budgets: per user, what one test spends at most, except
		// photo analyses, whose budget TestAIRoutesAreLimitedPerUser
		// spends on a user of its own; per key, out of reach (every legacy
		// and skin test shares the bootstrap key).
		"STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE=" + strconv.Itoa(e2ePhotoAnalysesPerMinute),
		"STYLIST_AI_SUGGESTIONS_PER_MINUTE=1000",
		"STYLIST_AI_PLANS_PER_MINUTE=1000",
		"STYLIST_CHAT_TURNS_PER_MINUTE=1000",
		"STYLIST_AI_PER_API_KEY_PER_MINUTE=100000",
	}
}

// wordList is the swap market's word list, as tools/install-deps.sh
// installs it.
func wordList() string {
	path, err := filepath.Abs(filepath.Join("..", "..", "server", "wordlists", "node_modules", "naughty-words", "en.json"))
	if err != nil {
		panic(err)
	}
	return path
}

// modelDir is the repository's clothing model folder.
func modelDir() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "ml", "models", "clothing"))
	if err != nil {
		panic(err)
	}
	return dir
}

func psql(url string, statements ...string) error {
	for _, s := range statements {
		out, err := exec.Command("psql", url, "-v", "ON_ERROR_STOP=1", "-qc", s).CombinedOutput()
		if err != nil {
			return fmt.Errorf("psql %q: %v: %s", s, err, out)
		}
	}
	return nil
}

func withDatabase(url, db string) string {
	query := ""
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, query = url[:i], url[i:]
	}
	scheme := strings.Index(url, "://") + 3
	if slash := strings.IndexByte(url[scheme:], '/'); slash >= 0 {
		url = url[:scheme+slash]
	}
	return url + "/" + db + query
}

// edgeProcess is a running stylist-gateway binary.
type edgeProcess struct {
	cmd  *exec.Cmd
	addr string
	// metricsAddr is the admin listener of /metrics, once the edge has
	// said where it is (just after "serving").
	metricsAddr string
	mu          sync.Mutex
	logs        strings.Builder
	done        chan struct{}
}

// startEdge runs STYLIST_EDGE_BINARY (or, without it, the binary built here
// into dir) in front of upstream, with flags added, and returns once it
// says where it serves.
func startEdge(upstream, dir string, flags ...string) (*edgeProcess, error) {
	binary := os.Getenv("STYLIST_EDGE_BINARY")
	if binary == "" {
		binary = filepath.Join(dir, "stylist-gateway")
		build := exec.Command("go", "build", "-o", binary, "../cmd/stylist-gateway")
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("building the edge: %v\n%s", err, out)
		}
	}
	e := &edgeProcess{done: make(chan struct{})}
	e.cmd = exec.Command(binary, append([]string{"-listen", "127.0.0.1:0", "-upstream", upstream,
		"-request-timeout", "20s", "-shutdown-timeout", "2s", "-metrics-listen", "127.0.0.1:0"}, flags...)...)
	e.cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	stderr, err := e.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := e.cmd.Start(); err != nil {
		return nil, err
	}
	serving := make(chan string, 1)
	go func() {
		defer close(e.done)
		scanner := bufio.NewScanner(stderr)
		scanner.Buffer(make([]byte, 64<<10), 1<<20)
		for scanner.Scan() {
			line := scanner.Text()
			e.mu.Lock()
			e.logs.WriteString(line + "\n")
			e.mu.Unlock()
			var entry struct {
				Msg           string `json:"msg"`
				Listen        string `json:"listen"`
				MetricsListen string `json:"metrics_listen"`
			}
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "metrics serving" {
				e.mu.Lock()
				e.metricsAddr = entry.MetricsListen
				e.mu.Unlock()
			}
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serving" && entry.Listen != "" {
				select {
				case serving <- entry.Listen:
				default:
				}
			}
		}
	}()
	select {
	case e.addr = <-serving:
		return e, nil
	case <-e.done:
		_ = e.cmd.Wait()
		return nil, fmt.Errorf("the edge exited:\n%s", e.log())
	case <-time.After(30 * time.Second):
		e.stop()
		return nil, fmt.Errorf("the edge did not say where it serves:\n%s", e.log())
	}
}

func (e *edgeProcess) log() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.logs.String()
}

func (e *edgeProcess) stop() {
	_ = e.cmd.Process.Signal(os.Interrupt)
	<-e.done
	_ = e.cmd.Wait()
}

// do makes one request and decodes a JSON object body.
func do(t *testing.T, method, path, body string, header map[string]string) (*http.Response, map[string]any) {
	t.Helper()
	var reader io.Reader
	withType := map[string]string{}
	if body != "" {
		reader = strings.NewReader(body)
		withType["Content-Type"] = "application/json"
	}
	for k, v := range header {
		withType[k] = v
	}
	resp, data := fetch(t, method, path, reader, withType)
	var out map[string]any
	if len(data) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v\n%s", method, path, err, data)
		}
	}
	return resp, out
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// mintKey makes a stored service key with the given scopes (bootstrap key).
func mintKey(t *testing.T, scopes ...string) string {
	t.Helper()
	quoted := make([]string, len(scopes))
	for i, s := range scopes {
		quoted[i] = `"` + s + `"`
	}
	resp, out := do(t, "POST", "/v1/admin/api-keys", `{"name":"e2e","scopes":[`+strings.Join(quoted, ",")+`]}`,
		map[string]string{"X-Api-Key": bootstrapKey})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create API key: HTTP %d %v", resp.StatusCode, out)
	}
	return out["secret"].(string)
}

var userCounter int

// register creates a user over REST and returns its access token and email.
func register(t *testing.T, hint string) (token, email string) {
	t.Helper()
	userCounter++
	email = fmt.Sprintf("%s.%d.%d@example.com", hint, os.Getpid(), userCounter)
	body := fmt.Sprintf(`{"email":%q,"password":"Silk-Scarf-2026","username":"%s_%d_%d"}`, email, hint, os.Getpid()%10000, userCounter)
	resp, out := do(t, "POST", "/v1/auth:register", body, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("register: HTTP %d: %v", resp.StatusCode, out)
	}
	tokens, _ := out["tokens"].(map[string]any)
	token, _ = tokens["access_token"].(string)
	if token == "" {
		t.Fatalf("register: no tokens.access_token (snake_case) in %v", out)
	}
	return token, email
}

func TestRegisterLoginAndProfileOverREST(t *testing.T) {
	token, email := register(t, "rest")
	resp, out := do(t, "GET", "/v1/users/me/profile", "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("profile: HTTP %d: %v", resp.StatusCode, out)
	}
	profile := out["profile"].(map[string]any)
	if profile["email"] != email {
		t.Errorf("profile.email = %v, want %s", profile["email"], email)
	}
	if _, ok := profile["display_name"]; !ok {
		t.Errorf("expected proto (snake_case) field names, got %v", profile)
	}

	resp, out = do(t, "POST", "/v1/auth:login", fmt.Sprintf(`{"login":%q,"password":"Silk-Scarf-2026"}`, email), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "POST", "/v1/auth:login", fmt.Sprintf(`{"login":%q,"password":"wrong-Password-1"}`, email), nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: HTTP %d, want 401: %v", resp.StatusCode, out)
	}
}

func TestPatchProfileWithMaskAndMergePatch(t *testing.T) {
	token, _ := register(t, "patch")
	// Explicit mask in the query: only display_name changes.
	resp, out := do(t, "PATCH", "/v1/users/me/profile?update_mask=display_name",
		`{"display_name":"Ann","fitness":{"age":30}}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("patch: HTTP %d: %v", resp.StatusCode, out)
	}
	profile := out["profile"].(map[string]any)
	if profile["display_name"] != "Ann" {
		t.Errorf("display_name = %v", profile["display_name"])
	}
	if fitness, _ := profile["fitness"].(map[string]any); fitness != nil && fitness["age"] != nil && fitness["age"] != float64(0) {
		t.Errorf("fitness.age changed although not in the mask: %v", fitness)
	}
	// No mask: the gateway derives it from the fields sent.
	resp, out = do(t, "PATCH", "/v1/users/me/profile", `{"fitness":{"age":31,"fitness_goal":"FITNESS_GOAL_MAINTAIN"}}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("merge patch: HTTP %d: %v", resp.StatusCode, out)
	}
	profile = out["profile"].(map[string]any)
	fitness := profile["fitness"].(map[string]any)
	if fitness["age"] != float64(31) || profile["display_name"] != "Ann" {
		t.Errorf("merge patch result: %v", profile)
	}
}

// PATCH of a wardrobe item changes the fields its body sends; an empty body
// is refused rather than taken as "clear everything".
func TestPatchItemChangesOnlyWhatIsSent(t *testing.T) {
	token, _ := register(t, "patchitem")
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Denim jacket","brand":"Lee","tags":["denim"]}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d: %v", resp.StatusCode, out)
	}
	id := out["item"].(map[string]any)["item_id"].(string)
	resp, out = do(t, "PATCH", "/v1/wardrobe/items/"+id, `{"favorite":true}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("patch: HTTP %d: %v", resp.StatusCode, out)
	}
	item := out["item"].(map[string]any)
	if item["favorite"] != true || item["brand"] != "Lee" || item["name"] != "Denim jacket" {
		t.Errorf("patch {favorite}: %v", item)
	}
	resp, out = do(t, "PATCH", "/v1/wardrobe/items/"+id, `{}`, bearer(token))
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty patch: HTTP %d %v, want 400", resp.StatusCode, out)
	}
	resp, out = do(t, "GET", "/v1/wardrobe/items/"+id, "", bearer(token))
	if item, _ := out["item"].(map[string]any); resp.StatusCode != http.StatusOK || item["brand"] != "Lee" {
		t.Errorf("after the empty patch: HTTP %d %v", resp.StatusCode, out)
	}
}

// Conditional writes and retryable creates as REST clients send them: an
// If-Match header with the etag read, an Idempotency-Key header.
func TestIfMatchAndIdempotencyKeyHeaders(t *testing.T) {
	token, _ := register(t, "conditional")
	with := func(extra map[string]string) map[string]string {
		h := bearer(token)
		for k, v := range extra {
			h[k] = v
		}
		return h
	}
	key := map[string]string{"Idempotency-Key": fmt.Sprintf("create-%d", os.Getpid())}
	resp, first := do(t, "POST", "/v1/wardrobe/items", `{"name":"Rain coat"}`, with(key))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d: %v", resp.StatusCode, first)
	}
	resp, again := do(t, "POST", "/v1/wardrobe/items", `{"name":"Rain coat"}`, with(key))
	item := first["item"].(map[string]any)
	if resp.StatusCode != http.StatusOK || again["item"].(map[string]any)["item_id"] != item["item_id"] {
		t.Fatalf("retried create: HTTP %d %v, want the first item %v", resp.StatusCode, again, item["item_id"])
	}
	// The same id as the request's field (a query parameter over REST) is
	// the same request.
	resp, again = do(t, "POST", "/v1/wardrobe/items?request_id="+key["Idempotency-Key"], `{"name":"Rain coat"}`, bearer(token))
	if resp.StatusCode != http.StatusOK || again["item"].(map[string]any)["item_id"] != item["item_id"] {
		t.Fatalf("retried create with request_id: HTTP %d %v, want the first item %v", resp.StatusCode, again, item["item_id"])
	}
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Other coat"}`, with(key))
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("same key, other body: HTTP %d %v, want 400", resp.StatusCode, out)
	}
	id, etag := item["item_id"].(string), item["etag"].(string)
	resp, out = do(t, "PATCH", "/v1/wardrobe/items/"+id, `{"brand":"A"}`, with(map[string]string{"If-Match": `"` + etag + `"`}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("patch with the current etag: HTTP %d %v", resp.StatusCode, out)
	}
	resp, out = do(t, "PATCH", "/v1/wardrobe/items/"+id, `{"brand":"B"}`, with(map[string]string{"If-Match": `"` + etag + `"`}))
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("patch with a stale etag: HTTP %d %v, want 409", resp.StatusCode, out)
	}
	resp, out = do(t, "DELETE", "/v1/wardrobe/items/"+id, "", with(map[string]string{"If-Match": `"` + etag + `"`}))
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("delete with a stale etag: HTTP %d %v, want 409", resp.StatusCode, out)
	}
	resp, out = do(t, "GET", "/v1/wardrobe/items/"+id, "", bearer(token))
	if got := out["item"].(map[string]any); resp.StatusCode != http.StatusOK || got["brand"] != "A" {
		t.Errorf("after the refused writes: HTTP %d %v, want brand A", resp.StatusCode, out)
	}
	// An etag in the PATCH body works as the header does.
	resp, out = do(t, "PATCH", "/v1/wardrobe/items/"+id, fmt.Sprintf(`{"brand":"C","etag":%q}`, etag), bearer(token))
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("patch with a stale etag in the body: HTTP %d %v, want 409", resp.StatusCode, out)
	}

	// The profile the same way.
	resp, out = do(t, "GET", "/v1/users/me/profile", "", bearer(token))
	profileEtag, _ := out["profile"].(map[string]any)["etag"].(string)
	if resp.StatusCode != http.StatusOK || profileEtag == "" {
		t.Fatalf("profile: HTTP %d %v, want an etag", resp.StatusCode, out)
	}
	resp, out = do(t, "PATCH", "/v1/users/me/profile", `{"display_name":"First"}`, with(map[string]string{"If-Match": `"` + profileEtag + `"`}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("profile patch with the current etag: HTTP %d %v", resp.StatusCode, out)
	}
	resp, out = do(t, "PATCH", "/v1/users/me/profile", `{"display_name":"Second"}`, with(map[string]string{"If-Match": `"` + profileEtag + `"`}))
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("profile patch with a stale etag: HTTP %d %v, want 409", resp.StatusCode, out)
	}
}

func TestErrorsAreStatusJSONWithHTTPCodes(t *testing.T) {
	resp, out := do(t, "GET", "/v1/users/me/profile", "", nil)
	if resp.StatusCode != http.StatusUnauthorized || out["code"] != float64(16) || out["message"] == "" {
		t.Errorf("no token: HTTP %d %v, want 401 with code 16", resp.StatusCode, out)
	}
	resp, out = do(t, "POST", "/v1/auth:register", `{"email":"nope","password":"x","username":"a"}`, nil)
	if resp.StatusCode != http.StatusBadRequest || out["code"] != float64(3) {
		t.Fatalf("bad register: HTTP %d %v, want 400 with code 3", resp.StatusCode, out)
	}
	fields := map[string]bool{}
	for _, d := range out["details"].([]any) {
		detail := d.(map[string]any)
		if detail["@type"] != "type.googleapis.com/google.rpc.BadRequest" {
			continue
		}
		for _, v := range detail["field_violations"].([]any) {
			fields[v.(map[string]any)["field"].(string)] = true
		}
	}
	for _, f := range []string{"email", "password", "username"} {
		if !fields[f] {
			t.Errorf("no field violation for %s in %v", f, out)
		}
	}
	token, _ := register(t, "perm")
	resp, out = do(t, "GET", "/v1/admin/users", "", bearer(token))
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("admin call as user: HTTP %d %v, want 403", resp.StatusCode, out)
	}
	resp, _ = do(t, "POST", "/v1/auth:login", `{"login":`, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed JSON: HTTP %d, want 400", resp.StatusCode)
	}
}

func TestRequestIDRoundTrip(t *testing.T) {
	resp, _ := do(t, "GET", "/v1/users/me/profile", "", map[string]string{"X-Request-ID": "rest-req-7"})
	if got := resp.Header.Get("X-Request-ID"); got != "rest-req-7" {
		t.Errorf("X-Request-ID = %q, want rest-req-7", got)
	}
	resp, _ = do(t, "GET", "/v1/users/me/profile", "", nil)
	if got := resp.Header.Get("X-Request-ID"); len(got) < 16 {
		t.Errorf("generated X-Request-ID = %q", got)
	}
}

func TestDocsAndHealth(t *testing.T) {
	for _, path := range []string{"/healthz", "/openapi.json", "/docs"} {
		resp, err := http.Get(baseURL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d", path, resp.StatusCode)
		}
	}
}

func TestExportAndDeleteOverREST(t *testing.T) {
	token, email := register(t, "erase")
	resp, out := do(t, "GET", "/v1/users/me:export", "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: HTTP %d %v", resp.StatusCode, out)
	}
	data, _ := json.Marshal(out)
	if !strings.Contains(string(data), email) || strings.Contains(string(data), "argon2") {
		t.Errorf("export content: %s", data)
	}
	resp, out = do(t, "POST", "/v1/users/me:delete", `{"password":"Silk-Scarf-2026"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("delete: HTTP %d %v", resp.StatusCode, out)
	}
	resp, _ = do(t, "POST", "/v1/auth:login", fmt.Sprintf(`{"login":%q,"password":"Silk-Scarf-2026"}`, email), nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("login after delete: HTTP %d, want 401", resp.StatusCode)
	}
}

func TestServiceKeyThroughXApiKeyHeader(t *testing.T) {
	secret := mintKey(t, "API_KEY_SCOPE_ADMIN")
	resp, out := do(t, "GET", "/v1/admin/users", "", map[string]string{"X-Api-Key": secret})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("list users with the new key: HTTP %d %v", resp.StatusCode, out)
	}
	if _, ok := out["users"].([]any); !ok {
		t.Errorf("no users array: %v", out)
	}
	resp, _ = do(t, "GET", "/v1/admin/users", "", map[string]string{"X-Api-Key": secret + "x"})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong key: HTTP %d, want 401", resp.StatusCode)
	}
}

// A REST body is read strictly: an enum value the API does not have, or a
// field it does not know (a typo), is a 400 naming the field (and, for an
// enum, the values it takes), and nothing is stored.
func TestUnknownEnumValuesAndFieldsAreRefused(t *testing.T) {
	token, _ := register(t, "strict")
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`{"name":"Cap","category":"hat"}`, []string{"category", `"hat"`, "CLOTHING_CATEGORY_TOP", "CLOTHING_CATEGORY_OUTERWEAR"}},
		{`{"name":"Cap","nmae":"typo"}`, []string{`unknown field "nmae"`}},
	} {
		resp, out := do(t, "POST", "/v1/wardrobe/items", tc.body, bearer(token))
		msg, _ := out["message"].(string)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("POST %s: HTTP %d %v, want 400", tc.body, resp.StatusCode, out)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("POST %s: message %q does not say %s", tc.body, msg, w)
			}
		}
		if strings.Contains(msg, "UNSPECIFIED") {
			t.Errorf("POST %s: message %q offers the unspecified value", tc.body, msg)
		}
	}
	resp, out := do(t, "GET", "/v1/wardrobe/items", "", bearer(token))
	if items, _ := out["items"].([]any); resp.StatusCode != http.StatusOK || len(items) != 0 {
		t.Errorf("after refused creates: HTTP %d, %d items stored", resp.StatusCode, len(items))
	}
	// A known value by name still works.
	if resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Coat","category":"CLOTHING_CATEGORY_OUTERWEAR"}`, bearer(token)); resp.StatusCode != http.StatusOK {
		t.Errorf("a known category: HTTP %d %v", resp.StatusCode, out)
	}
}

// GET answers carry an ETag (a resource's own etag, or a hash of a list) and
// are answered 304 when the client's If-None-Match has it; the ETag of an
// item is the value If-Match takes for a conditional write.
func TestGetAnswersCarryETagsAndRevalidate(t *testing.T) {
	token, _ := register(t, "etag")
	with := func(k, v string) map[string]string {
		h := bearer(token)
		h[k] = v
		return h
	}
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Wool scarf"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d %v", resp.StatusCode, out)
	}
	item := out["item"].(map[string]any)
	id, etag := item["item_id"].(string), item["etag"].(string)
	path := "/v1/wardrobe/items/" + id

	resp, _ = do(t, "GET", path, "", bearer(token))
	if got := resp.Header.Get("ETag"); got != `"`+etag+`"` {
		t.Fatalf("GET item: ETag %q, want the item's etag %q quoted", got, etag)
	}
	if got := resp.Header.Get("Cache-Control"); got != "private, no-cache" {
		t.Errorf("GET item: Cache-Control %q", got)
	}
	resp, out = do(t, "GET", path, "", with("If-None-Match", `"`+etag+`"`))
	if resp.StatusCode != http.StatusNotModified || out != nil {
		t.Errorf("GET item with its ETag: HTTP %d %v, want 304 without a body", resp.StatusCode, out)
	}

	// A write with the ETag as If-Match goes through; the old ETag then
	// neither revalidates nor writes.
	resp, out = do(t, "PATCH", path, `{"favorite":true}`, with("If-Match", `"`+etag+`"`))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PATCH with If-Match: HTTP %d %v", resp.StatusCode, out)
	}
	newETag := resp.Header.Get("ETag")
	if newETag == "" || newETag == `"`+etag+`"` {
		t.Errorf("PATCH answer: ETag %q, want the new etag", newETag)
	}
	resp, _ = do(t, "GET", path, "", with("If-None-Match", `"`+etag+`"`))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != newETag {
		t.Errorf("GET with a stale ETag: HTTP %d ETag %q, want 200 and %q", resp.StatusCode, resp.Header.Get("ETag"), newETag)
	}
	if resp, out := do(t, "PATCH", path, `{"favorite":false}`, with("If-Match", `"`+etag+`"`)); resp.StatusCode != http.StatusConflict {
		t.Errorf("PATCH with a stale If-Match: HTTP %d %v, want 409", resp.StatusCode, out)
	}

	// An outfit's ETag is its etag, as an item's is.
	resp, out = do(t, "POST", "/v1/wardrobe/outfits", `{"name":"Winter walk","item_ids":["`+id+`"]}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create outfit: HTTP %d %v", resp.StatusCode, out)
	}
	outfit := out["outfit"].(map[string]any)
	outfitPath := "/v1/wardrobe/outfits/" + outfit["outfit_id"].(string)
	if resp, _ = do(t, "GET", outfitPath, "", bearer(token)); resp.Header.Get("ETag") != `"`+outfit["etag"].(string)+`"` {
		t.Errorf("GET outfit: ETag %q, want the outfit's etag %q quoted", resp.Header.Get("ETag"), outfit["etag"])
	}
	if resp, _ = do(t, "GET", outfitPath, "", with("If-None-Match", `"`+outfit["etag"].(string)+`"`)); resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET outfit with its ETag: HTTP %d, want 304", resp.StatusCode)
	}

	// Lists, the profile and the plans revalidate too.
	for _, p := range []string{"/v1/wardrobe/items", "/v1/wardrobe/outfits", "/v1/users/me/profile", "/v1/plans"} {
		resp, _ = do(t, "GET", p, "", bearer(token))
		tag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || tag == "" {
			t.Errorf("GET %s: HTTP %d ETag %q", p, resp.StatusCode, tag)
			continue
		}
		if resp, _ = do(t, "GET", p, "", with("If-None-Match", "W/"+tag)); resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with its ETag (weak): HTTP %d, want 304", p, resp.StatusCode)
		}
	}
	// Another user's If-None-Match reveals nothing: their GET is 404.
	other, _ := register(t, "etagother")
	if resp, _ := do(t, "GET", path, "", map[string]string{"Authorization": "Bearer " + other, "If-None-Match": newETag}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another user's conditional GET: HTTP %d, want 404", resp.StatusCode)
	}
}

// PUT is offered nowhere (PATCH updates): 405 with the methods the path
// takes, and the item is unchanged.
func TestPutIsNotAllowed(t *testing.T) {
	token, _ := register(t, "put")
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Linen shirt"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d %v", resp.StatusCode, out)
	}
	id := out["item"].(map[string]any)["item_id"].(string)
	resp, out = do(t, "PUT", "/v1/wardrobe/items/"+id, `{"name":"Replaced"}`, bearer(token))
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "DELETE, GET, PATCH" {
		t.Errorf("PUT: HTTP %d Allow %q %v, want 405 with DELETE, GET, PATCH", resp.StatusCode, resp.Header.Get("Allow"), out)
	}
	if resp, out = do(t, "GET", "/v1/wardrobe/items/"+id, "", bearer(token)); out["item"].(map[string]any)["name"] != "Linen shirt" {
		t.Errorf("after PUT: %v", out)
	}
}

// e2ePhotoAnalysesPerMinute is each user's budget of photo analyses on the
// e2e server.
const e2ePhotoAnalysesPerMinute = 8

// The AI routes hold each user to a budget: past it, 429 with Retry-After
// (and google.rpc.RetryInfo in the status) on the v1 routes and the Skin
// Chapters route alike, which share it; other users are not held back.
func TestAIRoutesAreLimitedPerUser(t *testing.T) {
	token, _ := register(t, "aiquota")
	body := fmt.Sprintf(`{"image":%q}`, base64.StdEncoding.EncodeToString(photo(t, "t-shirt")))
	// The budget refills as time passes (one every 7.5 s), so on a slow
	// machine a call or two more may pass: the test asks until the first
	// 429 and holds the count to what the time taken allows.
	start := time.Now()
	var resp *http.Response
	var out map[string]any
	passed := 0
	for passed < 3*e2ePhotoAnalysesPerMinute {
		resp, out = do(t, "POST", "/v1/clothing:analyze", body, bearer(token))
		if resp.StatusCode != http.StatusOK {
			break
		}
		passed++
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("analysis %d: HTTP %d %v, want 429 once the budget is spent", passed+1, resp.StatusCode, out)
	}
	refusedAt := time.Now()
	refills := int(time.Since(start) / (time.Minute / e2ePhotoAnalysesPerMinute))
	if passed < e2ePhotoAnalysesPerMinute || passed > e2ePhotoAnalysesPerMinute+refills {
		t.Errorf("%d analyses passed in %v; the budget is %d a minute", passed, time.Since(start), e2ePhotoAnalysesPerMinute)
	}
	// Eight a minute: the next one is at most 7.5 s away.
	wait, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || wait < 1 || wait > 8 {
		t.Errorf("Retry-After %q, want 1..8 seconds", resp.Header.Get("Retry-After"))
	}
	// Retry-After is rounded up: the next call may be taken a second sooner.
	refilled := refusedAt.Add(time.Duration(wait-1) * time.Second)
	if msg, _ := out["message"].(string); !strings.Contains(msg, fmt.Sprintf("at most %d a minute", e2ePhotoAnalysesPerMinute)) {
		t.Errorf("message %q does not say the budget", msg)
	}
	details, _ := out["details"].([]any)
	hasRetryInfo := false
	for _, d := range details {
		if m, _ := d.(map[string]any); m["@type"] == "type.googleapis.com/google.rpc.RetryInfo" {
			hasRetryInfo = true
		}
	}
	if !hasRetryInfo {
		t.Errorf("details %v lack google.rpc.RetryInfo", details)
	}
	// The Skin Chapters route spends the same budget, and says when to come
	// back in its own error shape.
	faceBody, ctype := multipartFile(t, "image", "face.png", facePhoto(t))
	resp, data := fetch(t, "POST", "/v1/analyze/skin", faceBody, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + token})
	switch {
	case resp.StatusCode == http.StatusOK && !time.Now().Before(refilled):
		t.Log("the budget refilled before the skin call; its 429 is not checked this run")
	case resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(data), `"detail"`):
		t.Errorf("skin analysis over the budget: %d %s, want 429 with a detail", resp.StatusCode, data)
	default:
		if wait, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || wait < 1 || wait > 8 {
			t.Errorf("skin route's Retry-After %q, want 1..8 seconds", resp.Header.Get("Retry-After"))
		}
	}
	// So does Aura's analyze-clothing-item (the budget is taken before the
	// item is looked at: an item without a photo will do).
	item := createItem(t, token, `{"name":"Tee"}`)
	resp, data = fetch(t, "POST", "/api/v1/ai/analyze-clothing-item", strings.NewReader(`{"clothing_item_id":"`+item+`"}`),
		bearer(token))
	switch {
	case resp.StatusCode == http.StatusBadRequest && !time.Now().Before(refilled):
		t.Log("the budget refilled before the Aura call; its 429 is not checked this run")
	case resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(data), `"detail"`):
		t.Errorf("Aura analysis over the budget: %d %s, want 429 with a detail", resp.StatusCode, data)
	default:
		if wait, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || wait < 1 || wait > 8 {
			t.Errorf("Aura route's Retry-After %q, want 1..8 seconds", resp.Header.Get("Retry-After"))
		}
	}
	other, _ := register(t, "aiquotaother")
	if resp, out := do(t, "POST", "/v1/clothing:analyze", body, bearer(other)); resp.StatusCode != http.StatusOK {
		t.Errorf("another user: HTTP %d %v", resp.StatusCode, out)
	}
}

// fetch makes one request with a raw body and returns the response and its
// body bytes.
func fetch(t *testing.T, method, path string, body io.Reader, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	url := path
	if !strings.HasPrefix(url, "http://") { // a path of the suite's edge
		url = baseURL + path
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

// A REST client attaches a photo to an item (a form upload, or the image
// as the body) and reads it back as an image: its bytes, type, ETag and
// ranges; the thumbnail is a small JPEG; another user sees nothing.
func TestItemPhotoOverREST(t *testing.T) {
	token, _ := register(t, "restphoto")
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Striped tee"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d %v", resp.StatusCode, out)
	}
	id := out["item"].(map[string]any)["item_id"].(string)
	path := "/v1/wardrobe/items/" + id + "/photo"
	jpeg := photo(t, "t-shirt")

	form, ctype := multipartFile(t, "photo", "tee.jpg", jpeg)
	resp, body := fetch(t, "POST", path, form, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + token})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("form upload: HTTP %d %s", resp.StatusCode, body)
	}
	var uploaded struct {
		Item struct {
			Photo struct {
				ContentType string `json:"content_type"`
				SizeBytes   string `json:"size_bytes"`
				Sha256      string `json:"sha256"`
			} `json:"photo"`
		} `json:"item"`
	}
	if err := json.Unmarshal(body, &uploaded); err != nil || uploaded.Item.Photo.Sha256 == "" || uploaded.Item.Photo.ContentType != "image/jpeg" {
		t.Fatalf("upload answer: %v %s", err, body)
	}

	// The server stores the photo normalised (orientation, metadata
	// stripped): the download is the stored photo the answer describes.
	resp, stored := fetch(t, "GET", path, nil, bearer(token))
	sum := sha256.Sum256(stored)
	if resp.StatusCode != http.StatusOK || hex.EncodeToString(sum[:]) != uploaded.Item.Photo.Sha256 ||
		strconv.Itoa(len(stored)) != uploaded.Item.Photo.SizeBytes || resp.Header.Get("Content-Type") != "image/jpeg" ||
		resp.Header.Get("Content-Length") != uploaded.Item.Photo.SizeBytes {
		t.Fatalf("download: HTTP %d %s, %d bytes, not the stored photo %+v", resp.StatusCode, resp.Header.Get("Content-Type"), len(stored), uploaded.Item.Photo)
	}
	etag := resp.Header.Get("ETag")
	if etag != `"`+uploaded.Item.Photo.Sha256+`"` || resp.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("download: ETag %q Cache-Control %q", etag, resp.Header.Get("Cache-Control"))
	}
	with := func(k, v string) map[string]string {
		h := bearer(token)
		h[k] = v
		return h
	}
	if resp, body := fetch(t, "GET", path, nil, with("If-None-Match", etag)); resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation: HTTP %d, %d bytes", resp.StatusCode, len(body))
	}
	if resp, body := fetch(t, "GET", path, nil, with("Range", "bytes=100-199")); resp.StatusCode != http.StatusPartialContent ||
		!bytes.Equal(body, stored[100:200]) || resp.Header.Get("Content-Range") != fmt.Sprintf("bytes 100-199/%d", len(stored)) {
		t.Errorf("range: HTTP %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Range"), len(body))
	}
	resp, body = fetch(t, "GET", path+"/thumbnail", nil, bearer(token))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" || len(body) == 0 || len(body) >= len(stored) ||
		!bytes.HasPrefix(body, []byte{0xFF, 0xD8}) {
		t.Errorf("thumbnail: HTTP %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}

	// The image as the body replaces the photo; text is refused and
	// changes nothing.
	resp, body = fetch(t, "PUT", path, bytes.NewReader(jpeg), map[string]string{"Content-Type": "image/jpeg", "Authorization": "Bearer " + token})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("raw upload: HTTP %d %s", resp.StatusCode, body)
	}
	resp, body = fetch(t, "PUT", path, strings.NewReader("not an image at all"), map[string]string{"Content-Type": "image/png", "Authorization": "Bearer " + token})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("text as an image: HTTP %d %s, want 400", resp.StatusCode, body)
	}
	if resp, body := fetch(t, "GET", path, nil, bearer(token)); !bytes.Equal(body, stored) {
		t.Errorf("after a refused upload: HTTP %d, %d bytes", resp.StatusCode, len(body))
	}

	other, _ := register(t, "restphotoother")
	if resp, _ := fetch(t, "GET", path, nil, bearer(other)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another user's GET: HTTP %d, want 404", resp.StatusCode)
	}
	form, ctype = multipartFile(t, "photo", "x.jpg", jpeg)
	if resp, _ := fetch(t, "POST", path, form, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + other}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another user's upload: HTTP %d, want 404", resp.StatusCode)
	}
	if resp, _ := fetch(t, "GET", path, nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no credentials: HTTP %d, want 401", resp.StatusCode)
	}
}

// Derived figures print at the precision they are read at, not with the
// float noise of a difference of doubles (83.2 - 81.1 = 2.1000000000000085).
func TestProgressFiguresPrintWithoutFloatNoise(t *testing.T) {
	token, _ := register(t, "progress")
	day := func(offset int) time.Time { return time.Now().UTC().AddDate(0, 0, offset) }
	dateJSON := func(d time.Time) string {
		return fmt.Sprintf(`{"year":%d,"month":%d,"day":%d}`, d.Year(), int(d.Month()), d.Day())
	}
	for offset, kg := range map[int]string{-2: "83.2", -1: "81.1"} {
		resp, out := do(t, "POST", "/v1/progress-logs", `{"date":`+dateJSON(day(offset))+`,"weight_kg":`+kg+`}`, bearer(token))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("log %s kg: HTTP %d %v", kg, resp.StatusCode, out)
		}
	}
	from, to := day(-3), day(0)
	query := fmt.Sprintf("start_date.year=%d&start_date.month=%d&start_date.day=%d&end_date.year=%d&end_date.month=%d&end_date.day=%d",
		from.Year(), int(from.Month()), from.Day(), to.Year(), int(to.Month()), to.Day())
	resp, body := fetch(t, "GET", "/v1/progress?"+query, nil, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("progress: HTTP %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(string(body), `"total_weight_change_kg":-2.1,`) {
		t.Errorf("the weight change is not -2.1 as logged: %s", body)
	}
}

// Query parameters are read as strictly as bodies: one that names no field
// of the route's request (a typo) is a 400 naming it and what the route
// takes, not silently ignored; proto and JSON names and dotted fields pass.
func TestUnknownQueryParametersAreRefused(t *testing.T) {
	token, _ := register(t, "strictquery")
	resp, out := do(t, "GET", "/v1/wardrobe/items?colour=navy", "", bearer(token))
	msg, _ := out["message"].(string)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(msg, "colour") || !strings.Contains(msg, "color") {
		t.Errorf("?colour=: HTTP %d %v, want 400 naming colour and the parameters (color among them)", resp.StatusCode, out)
	}
	for _, q := range []string{"?color=navy&page_size=5", "?pageSize=5&orderBy=name", ""} {
		if resp, out := do(t, "GET", "/v1/wardrobe/items"+q, "", bearer(token)); resp.StatusCode != http.StatusOK {
			t.Errorf("GET /v1/wardrobe/items%s: HTTP %d %v", q, resp.StatusCode, out)
		}
	}
	if resp, out := do(t, "GET", "/v1/progress?start_date.year=2026&start_date.month=1&start_date.day=1&start_date.era=1", "", bearer(token)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a dotted parameter past the date's fields: HTTP %d %v, want 400", resp.StatusCode, out)
	}
	// A route whose input is the whole body takes no query at all.
	if resp, out := do(t, "POST", "/v1/wardrobe/items?name=scarf", `{"name":"Scarf"}`, bearer(token)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a query on a body route: HTTP %d %v, want 400", resp.StatusCode, out)
	}
}

// A photo over the limits is a 413 whichever way it comes (the body's
// declared length, a chunked form cut off at the edge's limit, the
// server's own photo limit), and the item keeps the photo it had.
func TestOversizedPhotosAre413(t *testing.T) {
	token, _ := register(t, "bigphoto")
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Parka"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d %v", resp.StatusCode, out)
	}
	path := "/v1/wardrobe/items/" + out["item"].(map[string]any)["item_id"].(string) + "/photo"
	h := bearer(token)
	h["Content-Type"] = "image/jpeg"
	if resp, body := fetch(t, "PUT", path, bytes.NewReader(photo(t, "t-shirt")), h); resp.StatusCode != http.StatusOK {
		t.Fatalf("a photo of normal size: HTTP %d %s", resp.StatusCode, body)
	}
	// A JPEG's start, then padding: the server refuses it for its size
	// before it could see that it is not a whole image.
	big := append(photo(t, "t-shirt"), bytes.Repeat([]byte{0}, 17<<20)...) // over the edge's 16 MiB
	cases := map[string]func() (*http.Response, []byte){
		"declared length over the edge's limit": func() (*http.Response, []byte) {
			return fetch(t, "PUT", path, bytes.NewReader(big), h)
		},
		"chunked form cut off at the edge's limit": func() (*http.Response, []byte) {
			form, ctype := multipartFile(t, "photo", "big.jpg", big)
			hh := bearer(token)
			hh["Content-Type"] = ctype
			return fetch(t, "POST", path, io.MultiReader(form), hh) // a Reader of unknown length: chunked
		},
		"over the server's photo limit": func() (*http.Response, []byte) {
			return fetch(t, "PUT", path, bytes.NewReader(big[:15<<20+1]), h)
		},
	}
	for name, send := range cases {
		if resp, body := send(); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: HTTP %d %s, want 413", name, resp.StatusCode, body)
		}
	}
	if resp, body := fetch(t, "GET", path, nil, bearer(token)); resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte{0xff, 0xd8}) {
		t.Errorf("the item lost its photo: HTTP %d, %d bytes", resp.StatusCode, len(body))
	}
}

// An upload that breaks off (the client goes away halfway through the
// body) stores nothing: the item keeps the photo it had.
func TestABrokenOffPhotoUploadLeavesTheItemAsItWas(t *testing.T) {
	token, _ := register(t, "brokenupload")
	resp, out := do(t, "POST", "/v1/wardrobe/items", `{"name":"Raincoat"}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: HTTP %d %v", resp.StatusCode, out)
	}
	path := "/v1/wardrobe/items/" + out["item"].(map[string]any)["item_id"].(string) + "/photo"
	h := bearer(token)
	h["Content-Type"] = "image/jpeg"
	first := photo(t, "t-shirt")
	if resp, body := fetch(t, "PUT", path, bytes.NewReader(first), h); resp.StatusCode != http.StatusOK {
		t.Fatalf("upload: HTTP %d %s", resp.StatusCode, body)
	}
	_, before := fetch(t, "GET", path, nil, bearer(token))

	// Half of another photo, declared whole, then the connection closes.
	second := photo(t, "pants")
	conn, err := net.Dial("tcp", edgeAddr)
	if err != nil {
		t.Fatal(err)
	}
	requestID := "e2e-broken-upload-" + randomHex(4)
	fmt.Fprintf(conn, "PUT %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nX-Request-ID: %s\r\n"+
		"Content-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", path, edgeAddr, token, requestID, len(second))
	_, _ = conn.Write(second[:len(second)/2])
	_ = conn.Close()

	// The edge streamed what came to the server, and the server saw the
	// stream end without its photo (its line for the call is not OK; the
	// edge reads what was sent before the close, so the call was made).
	call := logEntryWith(t, sharedServerLog.String, `"request_id":"`+requestID+`"`)
	if call["method"] != "/stylist.v1.WardrobeService/UploadItemPhoto" || call["code"] == "OK" {
		t.Errorf("the server's line for the broken-off upload: %v", call)
	}
	t.Logf("the server's line for the broken-off upload: %v %v", call["code"], call["error"])
	// Nothing changed, then or a while later.
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		resp, after := fetch(t, "GET", path, nil, bearer(token))
		if resp.StatusCode != http.StatusOK || !bytes.Equal(after, before) {
			t.Fatalf("after a broken-off upload: HTTP %d, %d bytes (had %d)", resp.StatusCode, len(after), len(before))
		}
		time.Sleep(250 * time.Millisecond)
	}
}
