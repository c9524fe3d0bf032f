// Command stylist-chatbench measures the chat path for bench/chat.sh:
//
//	ttft:  time to first token through Converse against the provider alone
//	rate:  tokens per second relayed on one stream and on several at once
//	idle:  how many idle Converse streams the server holds, with its
//	       memory and thread count (read from /proc/<server-pid>/status)
//
// It signs up its own user, talks gRPC to the server and HTTP to the
// provider, and prints figures.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

func main() {
	mode := flag.String("mode", "ttft", "ttft, rate or idle")
	server := flag.String("server", "127.0.0.1:50051", "stylist-server address")
	provider := flag.String("provider", "", "the provider's base URL (ttft)")
	n := flag.Int("n", 200, "turns (ttft)")
	tokens := flag.Int("tokens", 2000, "tokens per answer (rate)")
	parallel := flag.Int("parallel", 8, "streams at once (rate)")
	streams := flag.Int("streams", 5000, "idle streams to open (idle)")
	perConn := flag.Int("per-conn", 90, "streams per connection (idle; the server allows 100)")
	pid := flag.Int("server-pid", 0, "server process, for memory and threads (idle)")
	flag.Parse()

	conn, err := grpc.NewClient(*server, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatal(err)
	}
	users := stylistv1.NewUserServiceClient(conn)
	chat := stylistv1.NewChatServiceClient(conn)
	email := fmt.Sprintf("chatbench-%d@example.com", time.Now().UnixNano())
	reg, err := users.Register(context.Background(), &stylistv1.RegisterRequest{
		Email: email, Password: "Bench-Chat-2026!", Username: fmt.Sprintf("chatbench%d", time.Now().UnixNano()%1e9)})
	if err != nil {
		log.Fatalf("register: %v", err)
	}
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+reg.GetTokens().GetAccessToken())
	newConversation := func() string {
		c, err := chat.CreateConversation(ctx, &stylistv1.CreateConversationRequest{Conversation: &stylistv1.Conversation{}})
		if err != nil {
			log.Fatalf("create conversation: %v", err)
		}
		return c.GetConversation().GetConversationId()
	}

	switch *mode {
	case "ttft":
		ttft(ctx, chat, newConversation(), *provider, *n)
	case "rate":
		rate(ctx, chat, newConversation, *tokens, *parallel)
	case "idle":
		idle(*server, reg.GetTokens().GetAccessToken(), *streams, *perConn, *pid)
	default:
		log.Fatalf("unknown mode %q", *mode)
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p / 100 * float64(len(s)-1))
	return s[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// turn sends one message and returns the time to the first text delta and
// the number of deltas, reading until the turn's last event.
func turn(stream stylistv1.ChatService_ConverseClient, conversation, text string) (time.Duration, int, time.Duration) {
	start := time.Now()
	if err := stream.Send(&stylistv1.ConverseRequest{Action: &stylistv1.ConverseRequest_SendMessage{
		SendMessage: &stylistv1.ChatInput{ConversationId: conversation, Text: text}}}); err != nil {
		log.Fatalf("send: %v", err)
	}
	var first time.Duration
	deltas := 0
	for {
		r, err := stream.Recv()
		if err != nil {
			log.Fatalf("recv: %v", err)
		}
		e := r.GetEvent()
		if e.GetTextDelta() != nil {
			if deltas == 0 {
				first = time.Since(start)
			}
			deltas++
		}
		if e.GetError() != nil {
			log.Fatalf("turn failed: %v", e.GetError().GetMessage())
		}
		if s := e.GetStatus(); s != nil && s.GetStatus() != stylistv1.ReplyStatus_REPLY_STATUS_THINKING &&
			s.GetStatus() != stylistv1.ReplyStatus_REPLY_STATUS_ANSWERING {
			return first, deltas, time.Since(start)
		}
	}
}

// providerTTFT is the time to the first content chunk straight from the
// provider, with a request like the server's.
func providerTTFT(base string) time.Duration {
	body := `{"model":"fake","stream":true,"messages":[{"role":"system","content":"You are Stylist."},{"role":"user","content":"[tokens=20] what should I wear?"}]}`
	start := time.Now()
	resp, err := http.Post(base+"/chat/completions", "application/json", bytes.NewBufferString(body))
	if err != nil {
		log.Fatalf("provider: %v", err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if strings.Contains(line, `"content"`) {
			d := time.Since(start)
			_, _ = io.Copy(io.Discard, r)
			return d
		}
		if err != nil {
			log.Fatalf("provider stream ended without content")
		}
	}
}

func ttft(ctx context.Context, chat stylistv1.ChatServiceClient, conversation, provider string, n int) {
	stream, err := chat.Converse(ctx)
	if err != nil {
		log.Fatal(err)
	}
	// Warm up both paths.
	for i := 0; i < 10; i++ {
		turn(stream, conversation, "[tokens=20] warm up")
		providerTTFT(provider)
	}
	var viaServer, direct, whole []time.Duration
	for i := 0; i < n; i++ {
		first, _, all := turn(stream, conversation, fmt.Sprintf("[tokens=20] question %d: what should I wear?", i))
		viaServer = append(viaServer, first)
		whole = append(whole, all)
		direct = append(direct, providerTTFT(provider))
	}
	_ = stream.CloseSend()
	fmt.Printf("time to first token, %d turns, one at a time:\n", n)
	fmt.Printf("  provider alone          p50 %s  p99 %s\n", ms(percentile(direct, 50)), ms(percentile(direct, 99)))
	fmt.Printf("  through the server      p50 %s  p99 %s\n", ms(percentile(viaServer, 50)), ms(percentile(viaServer, 99)))
	fmt.Printf("  added by the server     p50 %s  p99 %s\n", ms(percentile(viaServer, 50)-percentile(direct, 50)),
		ms(percentile(viaServer, 99)-percentile(direct, 99)))
	fmt.Printf("  whole turn (20 tokens, both messages stored) p50 %s  p99 %s\n", ms(percentile(whole, 50)), ms(percentile(whole, 99)))
}

func rate(ctx context.Context, chat stylistv1.ChatServiceClient, newConversation func() string, tokens, parallel int) {
	run := func(streams int) float64 {
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		start := time.Now()
		for s := 0; s < streams; s++ {
			conversation := newConversation()
			wg.Add(1)
			go func() {
				defer wg.Done()
				stream, err := chat.Converse(ctx)
				if err != nil {
					log.Fatal(err)
				}
				_, deltas, _ := turn(stream, conversation, fmt.Sprintf("[tokens=%d] tell me everything", tokens))
				_ = stream.CloseSend()
				mu.Lock()
				total += deltas
				mu.Unlock()
			}()
		}
		wg.Wait()
		return float64(total) / time.Since(start).Seconds()
	}
	run(1) // warm-up
	one := run(1)
	many := run(parallel)
	fmt.Printf("tokens relayed, %d-token answers from the provider:\n", tokens)
	fmt.Printf("  one stream              %.0f tokens/s\n", one)
	fmt.Printf("  %d streams at once       %.0f tokens/s in all (%.0f per stream)\n", parallel, many, many/float64(parallel))
}

func procStatus(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "(no /proc status)"
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		for _, key := range []string{"VmRSS:", "VmHWM:", "Threads:"} {
			if strings.HasPrefix(line, key) {
				out = append(out, strings.Join(strings.Fields(line), " "))
			}
		}
	}
	return strings.Join(out, ", ")
}

func idle(server, token string, streams, perConn, pid int) {
	fmt.Printf("server before: %s\n", procStatus(pid))
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
	var held []stylistv1.ChatService_ConverseClient
	start := time.Now()
	for len(held) < streams {
		conn, err := grpc.NewClient(server, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			log.Fatal(err)
		}
		chat := stylistv1.NewChatServiceClient(conn)
		for i := 0; i < perConn && len(held) < streams; i++ {
			stream, err := chat.Converse(ctx)
			if err != nil {
				log.Fatalf("stream %d: %v", len(held), err)
			}
			held = append(held, stream)
		}
		// Authenticated and open: each stream's headers have arrived.
		for _, s := range held[len(held)-min(perConn, len(held)):] {
			if _, err := s.Header(); err != nil {
				log.Fatalf("stream: %v", err)
			}
		}
	}
	fmt.Printf("%d idle Converse streams open after %s\n", len(held), time.Since(start).Round(time.Millisecond))
	time.Sleep(2 * time.Second)
	fmt.Printf("server holding them: %s\n", procStatus(pid))
	for _, s := range held {
		_ = s.CloseSend()
	}
}
