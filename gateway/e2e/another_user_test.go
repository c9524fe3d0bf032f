package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"google.golang.org/genproto/googleapis/type/date"
)

// sessionEnding methods end the caller's own session or account; they run
// for the second user too, but last, and the test signs it in again after.
var sessionEnding = map[string]bool{
	"/stylist.v1.UserService/Logout":        true,
	"/stylist.v1.UserService/DeleteAccount": true,
}

// TestEveryRPCWithAnotherUsersTokenNeitherRevealsNorChangesTheirData walks
// the service descriptors (a new RPC is covered by itself). A first user
// makes an item, an outfit, a wear, a conversation with messages and a
// plan; then a second user calls every method with the first user's ids in
// every id field the request has (item_id, item.item_id, outfit_id,
// conversation_id, input.conversation_id, plan_id, message_id,
// wear_event_id, session_id, user_id...). Whatever each call answers, no
// answer may carry any of the first user's ids, e-mail or username, and
// afterwards every object of the first user is as it was (same etags, same
// counts) and the first user's session still works.
func TestEveryRPCWithAnotherUsersTokenNeitherRevealsNorChangesTheirData(t *testing.T) {
	conn, err := grpc.NewClient(edgeAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	users := stylistv1.NewUserServiceClient(conn)
	wardrobe := stylistv1.NewWardrobeServiceClient(conn)
	chat := stylistv1.NewChatServiceClient(conn)
	plans := stylistv1.NewPlanServiceClient(conn)

	ownerToken, ownerEmail := register(t, "owner")
	as := func(token string) context.Context {
		return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	}
	owner := as(ownerToken)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("the owner's %s: %v", what, err)
		}
	}
	profile, err := users.GetProfile(owner, &stylistv1.GetProfileRequest{})
	must("profile", err)
	item, err := wardrobe.CreateItem(owner, &stylistv1.CreateItemRequest{Item: &stylistv1.ClothingItem{Name: "owner's coat"}})
	must("item", err)
	outfit, err := wardrobe.CreateOutfit(owner, &stylistv1.CreateOutfitRequest{Outfit: &stylistv1.Outfit{
		Name: "owner's outfit", ItemIds: []string{item.GetItem().GetItemId()}}})
	must("outfit", err)
	worn, err := wardrobe.LogItemWorn(owner, &stylistv1.LogItemWornRequest{ItemId: item.GetItem().GetItemId()})
	must("wear", err)
	conversation, err := chat.CreateConversation(owner, &stylistv1.CreateConversationRequest{
		Conversation: &stylistv1.Conversation{Title: "owner's chat"}})
	must("conversation", err)
	sent, err := chat.SendMessage(owner, &stylistv1.SendMessageRequest{Input: &stylistv1.ChatInput{
		ConversationId: conversation.GetConversation().GetConversationId(), Text: "what goes with a navy coat?"}})
	must("message", err)
	fitted, err := users.UpdateProfile(owner, &stylistv1.UpdateProfileRequest{
		Profile: &stylistv1.Profile{Fitness: &stylistv1.FitnessProfile{
			Age: ptr[int32](34), HeightCm: ptr(170.0), WeightKg: ptr(70.0), Sex: stylistv1.Sex_SEX_FEMALE,
			ActivityLevel: stylistv1.ActivityLevel_ACTIVITY_LEVEL_MODERATE, FitnessGoal: stylistv1.FitnessGoal_FITNESS_GOAL_MAINTAIN}},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"fitness"}}})
	must("fitness profile", err)
	today := time.Now()
	plan, err := plans.GeneratePlan(owner, &stylistv1.GeneratePlanRequest{StartDate: &date.Date{
		Year: int32(today.Year()), Month: int32(today.Month()), Day: int32(today.Day())}})
	must("plan", err)
	sessions, err := users.ListSessions(owner, &stylistv1.ListSessionsRequest{})
	must("sessions", err)

	ids := map[string]string{
		"item_id":         item.GetItem().GetItemId(),
		"outfit_id":       outfit.GetOutfit().GetOutfitId(),
		"wear_event_id":   worn.GetWearEvent().GetWearEventId(),
		"conversation_id": conversation.GetConversation().GetConversationId(),
		"message_id":      sent.GetReply().GetMessageId(),
		"plan_id":         plan.GetPlan().GetPlanId(),
		"user_id":         profile.GetProfile().GetUserId(),
	}
	if len(sessions.GetSessions()) > 0 {
		ids["session_id"] = sessions.GetSessions()[0].GetSessionId()
	}
	secrets := []string{ownerEmail, profile.GetProfile().GetUsername()}
	for name, id := range ids {
		if id == "" {
			t.Fatalf("the owner's %s is empty", name)
		}
		secrets = append(secrets, id)
	}

	otherToken, otherEmail := register(t, "other")
	var last []string
	checked := 0
	call := func(method string, md protoreflect.MethodDescriptor) {
		req := dynamicpb.NewMessage(md.Input())
		fillIDs(req, ids, 0)
		resp := dynamicpb.NewMessage(md.Output())
		code, answers := callAs(as(otherToken), conn, method, md, req, resp)
		checked++
		// A refusal may repeat an id the caller sent; an answer may not
		// carry any of the owner's, and nothing may name the owner.
		leaks := secrets
		if code != codes.OK {
			leaks = secrets[:2]
		}
		for _, answer := range answers {
			for _, secret := range leaks {
				if strings.Contains(answer, secret) {
					t.Errorf("%s as another user (%v) answered the owner's %q: %s", method, code, secret, answer)
				}
			}
		}
		if code == codes.Unauthenticated {
			// An earlier call ended the second user's session: sign in again.
			otherToken = login(t, otherEmail)
		}
	}
	var lastDescs []protoreflect.MethodDescriptor
	forEachMethod(func(method string, md protoreflect.MethodDescriptor) {
		if sessionEnding[method] {
			last = append(last, method)
			lastDescs = append(lastDescs, md)
			return
		}
		call(method, md)
	})
	for i, method := range last {
		call(method, lastDescs[i])
	}
	t.Logf("%d methods called with another user's token and the owner's ids", checked)
	if checked < 60 {
		t.Errorf("only %d methods called; the descriptors were not all found", checked)
	}

	// The owner's objects are as they were, and the owner is still signed in.
	gotItem, err := wardrobe.GetItem(owner, &stylistv1.GetItemRequest{ItemId: ids["item_id"]})
	must("item afterwards", err)
	if gotItem.GetItem().GetEtag() != worn.GetItem().GetEtag() {
		t.Errorf("the owner's item changed: etag %s, was %s", gotItem.GetItem().GetEtag(), worn.GetItem().GetEtag())
	}
	gotOutfit, err := wardrobe.GetOutfit(owner, &stylistv1.GetOutfitRequest{OutfitId: ids["outfit_id"]})
	must("outfit afterwards", err)
	if gotOutfit.GetOutfit().GetEtag() != outfit.GetOutfit().GetEtag() {
		t.Errorf("the owner's outfit changed")
	}
	messages, err := chat.ListMessages(owner, &stylistv1.ListMessagesRequest{ConversationId: ids["conversation_id"]})
	must("messages afterwards", err)
	if len(messages.GetMessages()) != 2 {
		t.Errorf("the owner's conversation has %d messages, want 2", len(messages.GetMessages()))
	}
	_, err = plans.GetPlan(owner, &stylistv1.GetPlanRequest{PlanId: ids["plan_id"]})
	must("plan afterwards", err)
	after, err := users.GetProfile(owner, &stylistv1.GetProfileRequest{})
	must("profile afterwards", err)
	if after.GetProfile().GetEtag() != fitted.GetProfile().GetEtag() {
		t.Errorf("the owner's profile changed")
	}
}

// fillIDs sets every string (or, for legacy ids, integer) field named like
// one of ids, here and in messages nested up to two levels, to the owner's
// value.
func fillIDs(m protoreflect.Message, ids map[string]string, depth int) {
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.IsList() || f.IsMap() {
			if f.IsList() && f.Kind() == protoreflect.StringKind && strings.HasSuffix(string(f.Name()), "_ids") {
				id, ok := ids[strings.TrimSuffix(string(f.Name()), "s")]
				if ok {
					m.Mutable(f).List().Append(protoreflect.ValueOfString(id))
				}
			}
			continue
		}
		switch f.Kind() {
		case protoreflect.StringKind:
			if id, ok := ids[string(f.Name())]; ok {
				m.Set(f, protoreflect.ValueOfString(id))
			}
		case protoreflect.MessageKind:
			if depth < 2 && f.Message().FullName().Parent() == "stylist.v1" && f.ContainingOneof() == nil {
				fillIDs(m.Mutable(f).Message(), ids, depth+1)
			}
		}
	}
}

// callAs makes one call (a stream: one message, then the half-close) and
// returns its code and every answer as JSON (messages and error details).
func callAs(ctx context.Context, conn *grpc.ClientConn, method string, md protoreflect.MethodDescriptor,
	req, resp *dynamicpb.Message) (codes.Code, []string) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	var answers []string
	record := func(err error) codes.Code {
		if err != nil {
			answers = append(answers, status.Convert(err).Message())
			for _, d := range status.Convert(err).Proto().GetDetails() {
				answers = append(answers, string(d.GetValue()))
			}
		}
		return status.Code(err)
	}
	if !md.IsStreamingClient() && !md.IsStreamingServer() {
		code := record(conn.Invoke(ctx, method, req, resp))
		if code == codes.OK {
			answers = append(answers, protojson.Format(resp))
		}
		return code, answers
	}
	desc := &grpc.StreamDesc{ServerStreams: md.IsStreamingServer(), ClientStreams: md.IsStreamingClient()}
	stream, err := conn.NewStream(ctx, desc, method)
	if err != nil {
		return record(err), answers
	}
	_ = stream.SendMsg(req)
	_ = stream.CloseSend()
	for {
		if err := stream.RecvMsg(resp); err != nil {
			if status.Code(err) == codes.Unknown && strings.Contains(err.Error(), "EOF") {
				return codes.OK, answers
			}
			return record(err), answers
		}
		answers = append(answers, protojson.Format(resp))
	}
}

func ptr[T any](v T) *T { return &v }

// login signs a registered user in again over REST and returns the new
// access token.
func login(t *testing.T, email string) string {
	t.Helper()
	resp, out := do(t, "POST", "/v1/auth:login", fmt.Sprintf(`{"login":%q,"password":"Silk-Scarf-2026"}`, email), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login again: HTTP %d %v", resp.StatusCode, out)
	}
	return out["tokens"].(map[string]any)["access_token"].(string)
}
