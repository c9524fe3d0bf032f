package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With photos in an S3 bucket and the edge's -photo-redirects, a photo GET
// is a 307 to a presigned URL of the bucket, which serves the same bytes
// without credentials; ?redirect=false still streams them through the edge.
// The bucket is the tests' fake (stylist-fake-s3), which checks every
// signature, presigned ones included, as S3 does.
func TestPhotoGetsRedirectToTheBucket(t *testing.T) {
	fakeS3 := filepath.Join(filepath.Dir(os.Getenv("STYLIST_SERVER_BINARY")), "..", "tests", "stylist-fake-s3")
	if _, err := os.Stat(fakeS3); err != nil {
		if os.Getenv("STYLIST_E2E_REQUIRED") != "" {
			t.Fatalf("no fake bucket beside the server binary: %v", err)
		}
		t.Skipf("no fake bucket: %v", err)
	}
	bucket := exec.Command(fakeS3, "stylist-photos", "AKIDE2E", "e2e-bucket-secret")
	stdin, _ := bucket.StdinPipe()
	stdout, _ := bucket.StdoutPipe()
	if err := bucket.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stdin.Close(); _ = bucket.Wait() })
	endpoint, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the fake bucket said nothing: %v", err)
	}

	db := fmt.Sprintf("stylist_rest_s3_%d", os.Getpid())
	if err := psql(adminDatabaseURL, "DROP DATABASE IF EXISTS "+db, "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = psql(adminDatabaseURL, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)") })
	dir := t.TempDir()
	grpcAddr := "unix:" + filepath.Join(dir, "server.sock")
	server := exec.Command(os.Getenv("STYLIST_SERVER_BINARY"))
	server.Env = append(serverEnv(withDatabase(adminDatabaseURL, db), grpcAddr, filepath.Join(dir, "blobs")),
		"STYLIST_STORAGE_BACKEND=s3", "STYLIST_S3_ENDPOINT="+strings.TrimSpace(endpoint),
		"STYLIST_S3_BUCKET=stylist-photos", "STYLIST_S3_ACCESS_KEY_ID=AKIDE2E",
		"STYLIST_S3_SECRET_ACCESS_KEY=e2e-bucket-secret", "STYLIST_S3_PHOTO_URL_TTL=60s")
	var serverLog bytes.Buffer
	server.Stdout, server.Stderr = &serverLog, &serverLog
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = server.Process.Signal(os.Interrupt); _ = server.Wait() })
	edge, err := startEdge(grpcAddr, dir, "-photo-redirects=true")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(edge.stop)
	base := "http://" + edge.addr
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the S3 server is not healthy; its log:\n%s", serverLog.String())
		}
	}

	email := fmt.Sprintf("s3photo.%d@example.com", os.Getpid())
	resp, body := fetch(t, "POST", base+"/v1/auth:register", strings.NewReader(
		`{"email":"`+email+`","password":"Linen-Shirt-Summer-88","username":"s3photo`+fmt.Sprint(os.Getpid())+`"}`),
		map[string]string{"Content-Type": "application/json"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("register: HTTP %d %s", resp.StatusCode, body)
	}
	token := jsonField(t, body, "tokens", "access_token")
	resp, body = fetch(t, "POST", base+"/v1/wardrobe/items", strings.NewReader(`{"name":"Linen shirt"}`),
		map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + token})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create item: HTTP %d %s", resp.StatusCode, body)
	}
	path := base + "/v1/wardrobe/items/" + jsonField(t, body, "item", "item_id") + "/photo"
	if resp, body = fetch(t, "PUT", path, bytes.NewReader(photo(t, "shirt")),
		map[string]string{"Content-Type": "image/jpeg", "Authorization": "Bearer " + token}); resp.StatusCode != http.StatusOK {
		t.Fatalf("upload: HTTP %d %s", resp.StatusCode, body)
	}

	// Through the edge, as bytes, for comparison.
	resp, streamed := fetch(t, "GET", path+"?redirect=false", nil, map[string]string{"Authorization": "Bearer " + token})
	if resp.StatusCode != http.StatusOK || len(streamed) == 0 {
		t.Fatalf("?redirect=false: HTTP %d, %d bytes", resp.StatusCode, len(streamed))
	}
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, suffix := range []string{"", "/thumbnail"} {
		req, _ := http.NewRequest("GET", path+suffix, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		location := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusTemporaryRedirect || !strings.HasPrefix(location, strings.TrimSpace(endpoint)+"/stylist-photos/") {
			t.Fatalf("GET photo%s: HTTP %d Location %q, want 307 to the bucket", suffix, resp.StatusCode, location)
		}
		// The presigned URL needs no credentials.
		got, err := http.Get(location)
		if err != nil {
			t.Fatal(err)
		}
		bytesFromBucket, _ := io.ReadAll(got.Body)
		got.Body.Close()
		if got.StatusCode != http.StatusOK {
			t.Fatalf("the bucket refused the presigned URL: HTTP %d %s", got.StatusCode, bytesFromBucket)
		}
		if suffix == "" && !bytes.Equal(bytesFromBucket, streamed) {
			t.Errorf("the bucket's photo (%d bytes) is not the one the edge streams (%d bytes)", len(bytesFromBucket), len(streamed))
		}
	}
	// A caller without valid credentials gets no URL.
	req, _ := http.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer not-a-token")
	if resp, err := noRedirects.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a bad token: %v %v, want 401", err, resp.StatusCode)
	}
}

// jsonField reads a string at a path of nested objects from a JSON body.
func jsonField(t *testing.T, body []byte, path ...string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	for _, key := range path {
		m, _ := v.(map[string]any)
		v = m[key]
	}
	s, _ := v.(string)
	if s == "" {
		t.Fatalf("no %v in %s", path, body)
	}
	return s
}
