package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

// A replica of the server for the replica test: the real binary on a Unix
// socket of its own, sharing the database and the photo folder.
type replica struct {
	sock, log string
	env       []string // its own settings, kept for a restart
	cmd       *exec.Cmd
	started   time.Time
}

func (r *replica) start(t *testing.T, dbURL, storage string, env ...string) {
	t.Helper()
	logFile, err := os.Create(r.log)
	if err != nil {
		t.Fatal(err)
	}
	r.cmd = exec.Command(os.Getenv("STYLIST_SERVER_BINARY"))
	r.cmd.Env = append(serverEnv(dbURL, "unix:"+r.sock, storage),
		"STYLIST_DB_ACQUIRE_TIMEOUT=1s", "STYLIST_SHUTDOWN_GRACE=1s",
		// The uploads of the load queue analyses: a budget it cannot reach,
		// and a short lease, so the jobs a killed replica held are taken
		// again within the test.
		"STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE=100000", "STYLIST_ANALYSIS_LEASE=3s")
	r.cmd.Env = append(r.cmd.Env, env...)
	r.cmd.Stdout, r.cmd.Stderr = logFile, logFile
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.started = time.Now()
	for deadline := time.Now().Add(60 * time.Second); !strings.Contains(readFile(r.log), `"msg":"serving"`); {
		if time.Now().After(deadline) {
			t.Fatalf("replica %s did not start:\n%s", r.sock, readFile(r.log))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *replica) kill() {
	_ = r.cmd.Process.Kill() // SIGKILL: no drain, no goodbye
	_ = r.cmd.Wait()
}

func (r *replica) stop() {
	_ = r.cmd.Process.Signal(os.Interrupt)
	_ = r.cmd.Wait()
}

// servedSince is when the replica's log first shows a call answered after
// since (health checks are not logged), or zero.
func (r *replica) servedSince(since time.Time) time.Time {
	f, err := os.Open(r.log)
	if err != nil {
		return time.Time{}
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64<<10), 1<<20)
	for scanner.Scan() {
		var line struct {
			Msg string    `json:"msg"`
			TS  time.Time `json:"ts"`
		}
		if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == "rpc" && line.TS.After(since) {
			return line.TS
		}
	}
	return time.Time{}
}

func readFile(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

// loadPhase counts what the load saw in one phase of the test.
type loadPhase struct {
	name                    string
	reads, readFailures     atomic.Int64
	writes, writeFailures   atomic.Int64 // writeFailures: tries that failed (then retried)
	uploads, uploadFailures atomic.Int64 // photo uploads (replacing one item's photo); failed ones are retried
	started, ended          time.Time
	mu                      sync.Mutex
	codes                   map[int]int // HTTP statuses of the failures
	lastFailure             string      // the body of the last failed read
}

func (p *loadPhase) fail(code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.codes[code]++
}

func (p *loadPhase) String() string {
	seconds := p.ended.Sub(p.started).Seconds()
	codes := make([]string, 0, len(p.codes))
	for code, n := range p.codes {
		codes = append(codes, fmt.Sprintf("%d×%d", n, code))
	}
	sort.Strings(codes)
	return fmt.Sprintf("%-20s %4.1f s  reads %5.0f/s (%d failed)  writes %4.0f/s (%d tries failed, retried)  "+
		"uploads %3.0f/s (%d failed, retried)  failures by status: %s",
		p.name, seconds, float64(p.reads.Load())/seconds, p.readFailures.Load(), float64(p.writes.Load())/seconds,
		p.writeFailures.Load(), float64(p.uploads.Load())/seconds, p.uploadFailures.Load(), strings.Join(codes, " "))
}

// TestReplicasSurviveAKilledReplicaAndADatabaseRestart runs three server
// replicas behind the shipped edge on a database cluster of its own,
// drives reads, keyed writes and chat streams, kills one replica with
// SIGKILL and starts it again, then restarts PostgreSQL, and shows what
// clients see: no failed read, no write lost or done twice, the chat
// streams of the dead replica ended UNAVAILABLE (the others untouched),
// 503 (never 500) while the database is away, and recovery within 5 s.
func TestReplicasSurviveAKilledReplicaAndADatabaseRestart(t *testing.T) {
	if os.Getenv("STYLIST_SERVER_BINARY") == "" {
		t.Skip("needs the server binary")
	}
	work, err := os.MkdirTemp("", "stylist-replicas-")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("STYLIST_E2E_KEEP") == "" {
		defer os.RemoveAll(work)
	}
	_ = os.Chmod(work, 0o755) // the cluster runs as the postgres user under root
	pgSh, _ := filepath.Abs(filepath.Join("..", "..", "tools", "pg.sh"))
	pgDir := filepath.Join(work, "pg")
	// The cluster on a socket in its folder: no TCP port to race for.
	const port = "socket"
	pg := func(args ...string) {
		t.Helper()
		cmd := exec.Command(pgSh, args...)
		cmd.Env = append(os.Environ(), "STYLIST_PG_FSYNC=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pg.sh %v: %v\n%s", args, err, out)
		}
	}
	pg("start", pgDir, port)
	defer exec.Command(pgSh, "stop", pgDir).Run() //nolint:errcheck
	dbURL := "postgresql://postgres@/postgres?host=" + pgDir
	storage := filepath.Join(work, "blobs")

	// Only the replica that will be killed (replicas[1]) runs analysis
	// workers, so that every job running when it dies is one it held.
	replicas := make([]*replica, 3)
	var upstreams []string
	for i := range replicas {
		replicas[i] = &replica{sock: filepath.Join(work, fmt.Sprintf("server%d.sock", i)),
			log: filepath.Join(work, fmt.Sprintf("server%d.log", i))}
		workers := "STYLIST_ANALYSIS_WORKERS=0"
		if i == 1 {
			workers = "STYLIST_ANALYSIS_WORKERS=2"
		}
		replicas[i].env = []string{workers}
		replicas[i].start(t, dbURL, storage, replicas[i].env...)
		defer replicas[i].stop()
		upstreams = append(upstreams, "unix:"+replicas[i].sock)
	}
	edge, err := startEdge(strings.Join(upstreams, ","), work, "-request-timeout", "60s")
	if err != nil {
		t.Fatal(err)
	}
	defer edge.stop()
	base := "http://" + edge.addr
	client := &http.Client{Timeout: 15 * time.Second}
	call := func(method, path, body string, header map[string]string) (int, []byte) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, []byte(err.Error())
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, data
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, _ := call("GET", "/healthz", "", nil); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the edge found no serving replica:\n%s", edge.log())
		}
	}
	code, body := call("POST", "/v1/auth:register",
		`{"email":"replicas@example.com","password":"Silk-Scarf-2026","username":"replicas"}`, nil)
	if code != http.StatusOK {
		t.Fatalf("register: %d %s", code, body)
	}
	var registered struct {
		Tokens struct {
			AccessToken string `json:"access_token"`
		} `json:"tokens"`
	}
	_ = json.Unmarshal(body, &registered)
	auth := map[string]string{"Authorization": "Bearer " + registered.Tokens.AccessToken}

	// Chat streams through the edge's native gRPC, spread over the replicas.
	conn, err := grpc.NewClient(edge.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	chat := stylistv1.NewChatServiceClient(conn)
	streamCtx, cancelStreams := context.WithCancel(metadata.AppendToOutgoingContext(context.Background(),
		"authorization", "Bearer "+registered.Tokens.AccessToken))
	defer cancelStreams()
	const streams = 9
	streamEnds := make(chan error, streams)
	for i := 0; i < streams; i++ {
		stream, err := chat.Converse(streamCtx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stream.Header(); err != nil { // open on a replica, authenticated
			t.Fatalf("stream %d: %v", i, err)
		}
		go func() {
			_, err := stream.Recv() // nothing is sent: only its end arrives
			streamEnds <- err
		}()
	}

	// The load: readers, and writers that retry a failed write with its key
	// until it is acknowledged.
	var phase atomic.Pointer[loadPhase]
	newPhase := func(name string) *loadPhase {
		p := &loadPhase{name: name, started: time.Now(), codes: map[int]int{}}
		if old := phase.Swap(p); old != nil {
			old.ended = p.started
		}
		return p
	}
	phases := []*loadPhase{newPhase("3 replicas")}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var acked sync.Map
	var lastReadOK atomic.Int64
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				path := "/v1/users/me/profile"
				if n%2 == 1 {
					path = "/v1/wardrobe/items?page_size=5"
				}
				code, body := call("GET", path, "", auth)
				p := phase.Load() // the phase it ended in: what failed it happened then
				p.reads.Add(1)
				if code == http.StatusOK {
					lastReadOK.Store(time.Now().UnixNano())
				} else {
					p.readFailures.Add(1)
					p.fail(code)
					p.mu.Lock()
					p.lastFailure = path + ": " + string(body)
					p.mu.Unlock()
				}
			}
		}()
	}
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("replica-write-%d-%d", g, n)
				for try := 0; ; try++ {
					code, _ := call("POST", "/v1/wardrobe/items", `{"name":"`+key+`","category":"CLOTHING_CATEGORY_TOP"}`,
						map[string]string{"Authorization": auth["Authorization"], "Idempotency-Key": key})
					p := phase.Load()
					p.writes.Add(1)
					if code == http.StatusOK {
						acked.Store(key, true)
						break
					}
					p.writeFailures.Add(1)
					p.fail(code)
					if code >= 400 && code < 500 {
						t.Errorf("write %s refused: %d", key, code)
						return
					}
					if try == 200 {
						t.Errorf("write %s never acknowledged (last status %d)", key, code)
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}

	// An uploader replacing one item's photo again and again (each upload
	// queues an analysis, which the replicas' workers share).
	code, body = call("POST", "/v1/wardrobe/items", `{"name":"uploaded","category":"CLOTHING_CATEGORY_TOP"}`, auth)
	if code != http.StatusOK {
		t.Fatalf("create the upload item: %d %s", code, body)
	}
	var created struct {
		Item struct {
			ItemID string `json:"item_id"`
		} `json:"item"`
	}
	_ = json.Unmarshal(body, &created)
	jpeg := photo(t, "shoes")
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			code, _ := call("PUT", "/v1/wardrobe/items/"+created.Item.ItemID+"/photo", string(jpeg),
				map[string]string{"Authorization": auth["Authorization"], "Content-Type": "image/jpeg"})
			p := phase.Load()
			p.uploads.Add(1)
			if code != http.StatusOK {
				p.uploadFailures.Add(1)
				p.fail(code)
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()

	time.Sleep(3 * time.Second)
	// Photos on items of their own (no later upload makes their jobs moot),
	// so that the victim's workers are busy when it dies.
	var photoItems []string
	for i := 0; i < 12; i++ {
		code, body := call("POST", "/v1/wardrobe/items", fmt.Sprintf(`{"name":"held-%d","category":"CLOTHING_CATEGORY_TOP"}`, i), auth)
		var item struct {
			Item struct {
				ItemID string `json:"item_id"`
			} `json:"item"`
		}
		_ = json.Unmarshal(body, &item)
		if code != http.StatusOK {
			t.Fatalf("create item held-%d: %d %s", i, code, body)
		}
		photoItems = append(photoItems, "'"+item.Item.ItemID+"'")
		code, body = call("PUT", "/v1/wardrobe/items/"+item.Item.ItemID+"/photo", string(jpeg),
			map[string]string{"Authorization": auth["Authorization"], "Content-Type": "image/jpeg"})
		if code != http.StatusOK {
			t.Fatalf("upload the photo of held-%d: %d %s", i, code, body)
		}
	}
	runningOfItems := "SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM analysis_jobs WHERE status = 'running' AND item_id IN (" +
		strings.Join(photoItems, ",") + ")"
	for deadline := time.Now().Add(10 * time.Second); psqlValue(t, dbURL, runningOfItems) == "" && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	victim := replicas[1]
	phases = append(phases, newPhase("1 of 3 killed"))
	victim.kill()
	// What the dead replica's workers were holding: they alone ran jobs,
	// and a job whose worker died stays running until its lease runs out.
	held := psqlValue(t, dbURL, runningOfItems)
	heldAtKill := strconv.Itoa(len(strings.Split(held, ",")))
	if held == "" {
		heldAtKill = "0"
		t.Errorf("the killed replica held no analysis job of the 12 queued for it")
	}
	// The streams the dead replica held end UNAVAILABLE, and only those.
	var ended []error
	for timeout := time.After(5 * time.Second); len(ended) < streams; {
		select {
		case err := <-streamEnds:
			ended = append(ended, err)
			continue
		case <-timeout:
		}
		break
	}
	if len(ended) == 0 || len(ended) == streams {
		t.Errorf("%d of %d chat streams ended with the replica; want those on it (about a third)", len(ended), streams)
	}
	for _, err := range ended {
		if status.Code(err) != codes.Unavailable {
			t.Errorf("a chat stream on the killed replica ended with %v, want UNAVAILABLE", err)
		}
	}
	// Their clients reconnect: a new stream opens on a live replica.
	for i := range ended {
		stream, err := chat.Converse(streamCtx)
		if err == nil {
			_, err = stream.Header()
		}
		if err != nil {
			t.Errorf("reconnecting chat stream %d: %v", i, err)
		}
	}
	time.Sleep(2 * time.Second)

	phases = append(phases, newPhase("replica restarted"))
	restartedAt := time.Now()
	victim.start(t, dbURL, storage, victim.env...) // returns once it says "serving"
	readyAt := time.Now()
	var replicaRecovery time.Duration
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if served := victim.servedSince(restartedAt); !served.IsZero() {
			replicaRecovery = served.Sub(readyAt)
			break
		}
	}
	// Its own start (the model loaded, the schema checked) is the
	// machine's; from then on the edge must find it within 5 s.
	if replicaRecovery == 0 || replicaRecovery > 5*time.Second {
		t.Errorf("the restarted replica took calls %v after it was serving, want under 5 s", replicaRecovery)
	}
	time.Sleep(3 * time.Second)

	// The database restarts under the load.
	phases = append(phases, newPhase("PostgreSQL down"))
	pg("stop", pgDir)
	time.Sleep(2 * time.Second)
	phases = append(phases, newPhase("PostgreSQL back"))
	backAt := time.Now()
	pg("start", pgDir, port)
	var dbRecovery time.Duration
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok := lastReadOK.Load(); ok > backAt.UnixNano() {
			dbRecovery = time.Unix(0, ok).Sub(backAt)
			break
		}
	}
	if dbRecovery == 0 || dbRecovery > 5*time.Second {
		t.Errorf("reads succeeded again %v after PostgreSQL was back, want under 5 s", dbRecovery)
	}
	time.Sleep(2 * time.Second)
	close(stop)
	wg.Wait()
	phase.Load().ended = time.Now()

	for _, p := range phases {
		t.Log(p)
	}
	t.Logf("replica restart: serving after %v, taking calls %v later; reads OK again %v after PostgreSQL was back",
		readyAt.Sub(restartedAt).Round(time.Millisecond), replicaRecovery.Round(time.Millisecond),
		dbRecovery.Round(time.Millisecond))

	// A replica's death is invisible to readers; a database restart is 503
	// (the apps retry), never 500; every write landed exactly once.
	for _, p := range phases[:3] {
		if p.readFailures.Load() != 0 {
			t.Errorf("%s: %d reads failed (the last: %s); a dead replica must not show", p.name,
				p.readFailures.Load(), p.lastFailure)
		}
		if p.uploads.Load() == 0 {
			t.Errorf("%s: no upload went through", p.name)
		}
		// A keyed write in flight on the dead replica is retried by the
		// edge: the client sees no failure.
		if p.writeFailures.Load() != 0 {
			t.Errorf("%s: %d keyed writes failed; the edge retries them", p.name, p.writeFailures.Load())
		}
	}
	for _, p := range phases {
		for code := range p.codes {
			if code != http.StatusServiceUnavailable {
				t.Errorf("%s: failures answered %d, want 503 only: %v", p.name, code, p.codes)
			}
		}
	}
	// Every analysis job ends: those the killed replica held were taken
	// again once their lease ran out (the queue is empty within lease,
	// poll and analysis time).
	var open string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if open = psqlValue(t, dbURL, "SELECT count(*) FROM analysis_jobs WHERE status IN ('queued', 'running')"); open == "0" {
			break
		}
	}
	if open != "0" {
		t.Errorf("%s analysis jobs still open 20 s after the load stopped", open)
	}
	if held != "" {
		// Taken again (a second attempt) after their lease, and finished.
		retaken := psqlValue(t, dbURL, "SELECT string_agg(status || '/' || attempts, ',' ORDER BY id) FROM analysis_jobs WHERE id IN ("+held+")")
		notRetaken := psqlValue(t, dbURL, "SELECT count(*) FROM analysis_jobs WHERE id IN ("+held+") AND (status <> 'done' OR attempts < 2)")
		if notRetaken != "0" {
			t.Errorf("jobs held by the killed replica ended %s (status/attempts), want each done on a later attempt", retaken)
		}
		t.Logf("jobs the killed replica held: %s (status/attempts)", retaken)
	}
	t.Logf("analysis jobs: %s running when the replica was killed; %s done, %s of them on a second attempt or later, %s dead",
		heldAtKill, psqlValue(t, dbURL, "SELECT count(*) FROM analysis_jobs WHERE status = 'done'"),
		psqlValue(t, dbURL, "SELECT count(*) FROM analysis_jobs WHERE status = 'done' AND attempts > 1"),
		psqlValue(t, dbURL, "SELECT count(*) FROM analysis_jobs WHERE status = 'dead'"))

	var keys int
	acked.Range(func(_, _ any) bool { keys++; return true })
	var items, distinct int
	out, err := exec.Command("psql", dbURL, "-tAXc",
		"SELECT count(*) || ' ' || count(DISTINCT name) FROM clothing_items WHERE name LIKE 'replica-write-%'").Output()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Sscan(strings.TrimSpace(string(out)), &items, &distinct) //nolint:errcheck
	if keys == 0 || items != keys || distinct != keys {
		t.Errorf("%d writes acknowledged, %d items stored (%d distinct): want all, once each", keys, items, distinct)
	}
	t.Logf("%d keyed writes acknowledged, each stored once", keys)

	// What the edge retried itself (stylist_edge_upstream_attempts_total):
	// the clients above saw none of these.
	edge.mu.Lock()
	metricsAddr := edge.metricsAddr
	edge.mu.Unlock()
	if resp, err := http.Get("http://" + metricsAddr + "/metrics"); err != nil {
		t.Errorf("the edge's metrics: %v", err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		tries := map[string]float64{}
		for _, line := range strings.Split(string(body), "\n") {
			if !strings.HasPrefix(line, "stylist_edge_upstream_attempts_total{") {
				continue
			}
			var n float64
			fmt.Sscan(line[strings.LastIndex(line, " ")+1:], &n) //nolint:errcheck
			for _, attempt := range []string{"first", "retry", "transparent"} {
				if strings.Contains(line, `attempt="`+attempt+`"`) {
					tries[attempt] += n
				}
			}
		}
		if tries["first"] == 0 {
			t.Errorf("the edge counted no upstream call:\n%.1500s", body)
		}
		t.Logf("edge upstream tries: %.0f calls, %.0f retried tries, %.0f transparent retries",
			tries["first"], tries["retry"], tries["transparent"])
	}
}

// psqlValue is the one value a query answers.
func psqlValue(t *testing.T, url, query string) string {
	t.Helper()
	out, err := exec.Command("psql", url, "-tAXc", query).Output()
	if err != nil {
		t.Fatalf("psql %q: %v", query, err)
	}
	return strings.TrimSpace(string(out))
}

