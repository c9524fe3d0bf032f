// Command stylist-edgebench is bench/edge.sh's load generator for the
// browser protocols, which the C++ load generator (bench/grpc_load.cc) does
// not speak: a closed loop of unary calls over gRPC-Web (binary, HTTP/1.1
// keep-alive connections, as a browser makes them) or Connect, through the
// edge. It prints one JSON object: calls, rps, p50_ms, p99_ms, max_ms and
// the count of every code seen.
//
//	stylist-edgebench -url http://127.0.0.1:8080 -protocol grpc-web \
//	  -token ACCESS_TOKEN -concurrency 32 -duration 15s
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"connectrpc.com/connect"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "the edge's base URL")
	protocol := flag.String("protocol", "grpc-web", "grpc-web or connect")
	token := flag.String("token", "", "access token for GetProfile")
	concurrency := flag.Int("concurrency", 32, "calls in flight")
	duration := flag.Duration("duration", 15*time.Second, "measured time")
	warmup := flag.Duration("warmup", time.Second, "unmeasured time first")
	flag.Parse()
	if *token == "" {
		log.Fatal("stylist-edgebench: -token is required")
	}
	var opts []connect.ClientOption
	switch *protocol {
	case "grpc-web":
		opts = append(opts, connect.WithGRPCWeb())
	case "connect":
	default:
		log.Fatalf("stylist-edgebench: unknown protocol %q", *protocol)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: *concurrency, MaxConnsPerHost: *concurrency}
	client := connect.NewClient[stylistv1.GetProfileRequest, stylistv1.GetProfileResponse](
		&http.Client{Transport: transport}, *url+"/stylist.v1.UserService/GetProfile", opts...)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		codes     = map[string]int{}
		wg        sync.WaitGroup
	)
	start := time.Now()
	measureFrom := start.Add(*warmup)
	end := measureFrom.Add(*duration)
	for w := 0; w < *concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			mineCodes := map[string]int{}
			for {
				callStart := time.Now()
				if callStart.After(end) {
					break
				}
				req := connect.NewRequest(&stylistv1.GetProfileRequest{})
				req.Header().Set("Authorization", "Bearer "+*token)
				_, err := client.CallUnary(context.Background(), req)
				if callStart.Before(measureFrom) {
					continue
				}
				mine = append(mine, time.Since(callStart))
				if err != nil {
					mineCodes[connect.CodeOf(err).String()]++
				} else {
					mineCodes["ok"]++
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			for k, v := range mineCodes {
				codes[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	at := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	out := map[string]any{
		"protocol": *protocol, "calls": len(latencies),
		"rps":    float64(len(latencies)) / duration.Seconds(),
		"p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1), "codes": codes,
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
