"""End-to-end tests of the generated Python client through the edge.

Every call goes over native gRPC (plaintext HTTP/2, h2c) to the edge
(stylist-gateway), which proxies it to a real stylist-server. Run through
tools/test-stack.sh, which starts that stack and exports:

  STYLIST_EDGE_ADDR          host:port of the edge
  STYLIST_BOOTSTRAP_API_KEY  the stack's admin API key

Both are required: without them every test fails (it does not skip).
"""

from __future__ import annotations

import hashlib
import io
import os
import queue
import random
import time
import uuid

import grpc
import pytest
from google.protobuf import descriptor_pool
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from PIL import Image

import stylist_client
from stylist.v1 import (
    chat_pb2,
    chat_pb2_grpc,
    common_pb2,
    user_pb2,
    user_pb2_grpc,
    wardrobe_pb2,
    wardrobe_pb2_grpc,
)

TIMEOUT = 30  # seconds, for every call that is expected to succeed


def _required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set; run these tests through tools/test-stack.sh", pytrace=False)
    return value


@pytest.fixture(scope="session")
def edge_addr() -> str:
    return _required_env("STYLIST_EDGE_ADDR")


@pytest.fixture(scope="session")
def bootstrap_api_key() -> str:
    return _required_env("STYLIST_BOOTSTRAP_API_KEY")


@pytest.fixture(scope="session")
def channel(edge_addr):
    """A plain channel: no credentials."""
    with grpc.insecure_channel(edge_addr) as ch:
        grpc.channel_ready_future(ch).result(timeout=TIMEOUT)
        yield ch


def _new_account():
    suffix = uuid.uuid4().hex[:12]
    return {
        "username": f"py{suffix}",
        "email": f"Py.Client.{suffix}@Example.com",
        "password": f"Cl1ent-{uuid.uuid4().hex[:10]}!",
        "display_name": f"Python client {suffix}",
    }


@pytest.fixture(scope="session")
def account(channel):
    """A freshly registered user: its credentials and RegisterResponse."""
    creds = _new_account()
    users = user_pb2_grpc.UserServiceStub(channel)
    resp = users.Register(user_pb2.RegisterRequest(**creds), timeout=TIMEOUT)
    return {**creds, "register": resp}


@pytest.fixture(scope="session")
def authed(edge_addr, account):
    """A channel that sends the user's access token on every call."""
    token = account["register"].tokens.access_token
    with stylist_client.connect(edge_addr, token=token) as ch:
        yield ch


def _code_and_details(excinfo):
    err = excinfo.value
    return err.code(), err.details()


# ---------------------------------------------------------------- accounts


def test_register_login_and_profile(edge_addr, channel, authed, account):
    reg = account["register"]
    assert reg.profile.user_id
    assert reg.profile.username == account["username"]
    # The address is stored as given; logins match it case-insensitively.
    assert reg.profile.email.lower() == account["email"].lower()
    assert reg.profile.display_name == account["display_name"]
    assert reg.profile.role == user_pb2.ROLE_USER
    assert reg.tokens.access_token and reg.tokens.refresh_token
    assert reg.tokens.access_token_expire_time.seconds > 0

    users = user_pb2_grpc.UserServiceStub(channel)
    for login in (account["username"], account["email"].upper()):
        resp = users.Login(user_pb2.LoginRequest(login=login, password=account["password"]), timeout=TIMEOUT)
        assert resp.profile.user_id == reg.profile.user_id
        assert resp.tokens.access_token

    # The profile with the token from the helper's interceptor; the server's
    # request id comes back through the edge as initial metadata.
    profile, call = user_pb2_grpc.UserServiceStub(authed).GetProfile.with_call(
        user_pb2.GetProfileRequest(), timeout=TIMEOUT
    )
    assert call.code() == grpc.StatusCode.OK
    assert profile.profile.user_id == reg.profile.user_id
    assert profile.profile.username == account["username"]
    assert profile.profile.create_time.seconds > 0
    assert dict(call.initial_metadata()).get("x-request-id")

    # A freshly logged-in token works too, passed as a callable.
    fresh = users.Login(user_pb2.LoginRequest(login=account["username"], password=account["password"]), timeout=TIMEOUT)
    with stylist_client.connect(edge_addr, token=lambda: fresh.tokens.access_token) as ch:
        again = user_pb2_grpc.UserServiceStub(ch).GetProfile(user_pb2.GetProfileRequest(), timeout=TIMEOUT)
    assert again.profile.user_id == reg.profile.user_id


def test_no_token_is_unauthenticated(channel):
    with pytest.raises(grpc.RpcError) as excinfo:
        user_pb2_grpc.UserServiceStub(channel).GetProfile(user_pb2.GetProfileRequest(), timeout=TIMEOUT)
    code, details = _code_and_details(excinfo)
    assert code == grpc.StatusCode.UNAUTHENTICATED, details
    assert "authorization" in details


def test_bad_token_is_unauthenticated(edge_addr):
    with stylist_client.connect(edge_addr, token="not-a-real-token") as ch:
        with pytest.raises(grpc.RpcError) as excinfo:
            user_pb2_grpc.UserServiceStub(ch).GetProfile(user_pb2.GetProfileRequest(), timeout=TIMEOUT)
    code, details = _code_and_details(excinfo)
    assert code == grpc.StatusCode.UNAUTHENTICATED, details


def test_wrong_password_is_unauthenticated(channel, account):
    with pytest.raises(grpc.RpcError) as excinfo:
        user_pb2_grpc.UserServiceStub(channel).Login(
            user_pb2.LoginRequest(login=account["username"], password=account["password"] + "x"), timeout=TIMEOUT
        )
    code, details = _code_and_details(excinfo)
    assert code == grpc.StatusCode.UNAUTHENTICATED, details


def test_invalid_argument_names_the_fields(channel):
    creds = _new_account()
    creds["email"] = "not-an-email-address"
    creds["password"] = "short"
    with pytest.raises(grpc.RpcError) as excinfo:
        user_pb2_grpc.UserServiceStub(channel).Register(user_pb2.RegisterRequest(**creds), timeout=TIMEOUT)
    code, details = _code_and_details(excinfo)
    assert code == grpc.StatusCode.INVALID_ARGUMENT, details
    assert "email" in details and "password" in details
    # The same fields, machine-readable, as google.rpc.BadRequest in the
    # status details the edge passes through.
    violations = stylist_client.field_violations(excinfo.value)
    assert set(violations) == {"email", "password"}, violations
    status = stylist_client.status_details(excinfo.value)
    assert status is not None and status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]


def test_taken_username_is_already_exists(channel, account):
    creds = _new_account()
    creds["username"] = account["username"]
    with pytest.raises(grpc.RpcError) as excinfo:
        user_pb2_grpc.UserServiceStub(channel).Register(user_pb2.RegisterRequest(**creds), timeout=TIMEOUT)
    code, details = _code_and_details(excinfo)
    assert code == grpc.StatusCode.ALREADY_EXISTS, details
    assert "username" in stylist_client.field_violations(excinfo.value)


def test_admin_api_key_lists_the_new_user(edge_addr, bootstrap_api_key, account):
    with stylist_client.connect(edge_addr, api_key=bootstrap_api_key) as ch:
        users = user_pb2_grpc.UserServiceStub(ch)
        found, token = None, ""
        for _ in range(100):
            page = users.ListUsers(user_pb2.ListUsersRequest(page_size=100, page_token=token), timeout=TIMEOUT)
            found = next((u for u in page.users if u.username == account["username"]), None)
            token = page.next_page_token
            if found or not token:
                break
    assert found is not None, "the registered user is not in ListUsers"
    assert found.user_id == account["register"].profile.user_id
    assert found.role == user_pb2.ROLE_USER


# -------------------------------------------------------------------- chat


_CLOSE = object()


class _Turns:
    """The request side of a bidirectional stream: messages are queued by
    the test and consumed by gRPC's sending thread; close() half-closes."""

    def __init__(self):
        self._queue: queue.Queue = queue.Queue()

    def send(self, message):
        self._queue.put(message)

    def close(self):
        self._queue.put(_CLOSE)

    def __iter__(self):
        while True:
            message = self._queue.get()
            if message is _CLOSE:
                return
            yield message


def _read_turn(responses, conversation_id):
    """Reads one answer's events up to its final status; returns the stored
    user message, the assistant message, the joined deltas and the statuses."""
    user_msg = assistant = None
    deltas, statuses = [], []
    for resp in responses:
        event = resp.event
        assert event.conversation_id == conversation_id
        kind = event.WhichOneof("event")
        if kind == "error":
            pytest.fail(f"the turn failed: code {event.error.code}: {event.error.message}")
        if kind == "message":
            if event.message.role == chat_pb2.MESSAGE_ROLE_USER:
                user_msg = event.message
            elif event.message.role == chat_pb2.MESSAGE_ROLE_ASSISTANT:
                assistant = event.message
        elif kind == "text_delta":
            deltas.append(event.text_delta.text)
        elif kind == "status":
            statuses.append(event.status.status)
            if event.status.status in (
                chat_pb2.REPLY_STATUS_DONE,
                chat_pb2.REPLY_STATUS_ERROR,
                chat_pb2.REPLY_STATUS_CANCELLED,
            ):
                return user_msg, assistant, "".join(deltas), statuses
    pytest.fail("the stream ended before the answer was done")


def test_converse_two_turns_on_one_bidirectional_stream(authed):
    chat = chat_pb2_grpc.ChatServiceStub(authed)
    conversation = chat.CreateConversation(
        chat_pb2.CreateConversationRequest(conversation=chat_pb2.Conversation(title="Python client test")),
        timeout=TIMEOUT,
    ).conversation
    assert conversation.conversation_id

    turns = _Turns()
    responses = chat.Converse(iter(turns), timeout=120)
    try:
        questions = [
            "What should I wear to a summer wedding?",
            "And which shoes go with that?",
        ]
        answers = []
        for question in questions:
            turns.send(
                chat_pb2.ConverseRequest(
                    send_message=chat_pb2.ChatInput(conversation_id=conversation.conversation_id, text=question)
                )
            )
            user_msg, assistant, joined, statuses = _read_turn(responses, conversation.conversation_id)
            assert statuses[-1] == chat_pb2.REPLY_STATUS_DONE, statuses
            assert chat_pb2.REPLY_STATUS_THINKING in statuses
            assert user_msg is not None and user_msg.text == question
            assert assistant is not None, "no assistant message before DONE"
            assert assistant.text.strip()
            assert assistant.text == joined, "the assistant message differs from its joined deltas"
            assert assistant.engine in (chat_pb2.REPLY_ENGINE_LLM, chat_pb2.REPLY_ENGINE_BUILTIN)
            assert not assistant.interrupted
            answers.append(assistant)
        assert answers[0].message_id != answers[1].message_id
    finally:
        turns.close()
    # After the half-close the server ends the stream cleanly.
    assert list(responses) == []
    assert responses.code() == grpc.StatusCode.OK

    history = chat.ListMessages(
        chat_pb2.ListMessagesRequest(conversation_id=conversation.conversation_id), timeout=TIMEOUT
    ).messages
    assert [m.role for m in history] == [
        chat_pb2.MESSAGE_ROLE_USER,
        chat_pb2.MESSAGE_ROLE_ASSISTANT,
        chat_pb2.MESSAGE_ROLE_USER,
        chat_pb2.MESSAGE_ROLE_ASSISTANT,
    ]
    assert [m.text for m in history][::2] == questions


def test_converse_bad_turn_is_an_error_event_and_the_stream_stays_open(authed):
    chat = chat_pb2_grpc.ChatServiceStub(authed)
    conversation = chat.CreateConversation(
        chat_pb2.CreateConversationRequest(conversation=chat_pb2.Conversation(title="errors")), timeout=TIMEOUT
    ).conversation
    turns = _Turns()
    responses = chat.Converse(iter(turns), timeout=120)
    try:
        turns.send(
            chat_pb2.ConverseRequest(
                send_message=chat_pb2.ChatInput(conversation_id=conversation.conversation_id, text="   ")
            )
        )
        # A refused turn is an error event (no status event follows) ...
        first = next(responses).event
        assert first.WhichOneof("event") == "error", first
        assert first.conversation_id == conversation.conversation_id
        assert first.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0], first.error
        assert "text" in first.error.message
        # ... and the same stream takes the next turn.
        turns.send(
            chat_pb2.ConverseRequest(
                send_message=chat_pb2.ChatInput(conversation_id=conversation.conversation_id, text="Hello!")
            )
        )
        _, assistant, _, statuses = _read_turn(responses, conversation.conversation_id)
        assert statuses[-1] == chat_pb2.REPLY_STATUS_DONE, statuses
        assert assistant is not None and assistant.text
    finally:
        turns.close()
    assert list(responses) == []
    assert responses.code() == grpc.StatusCode.OK


# ---------------------------------------------------------------- wardrobe


def _test_png(width=128, height=96, seed=7) -> bytes:
    """A real, decodable PNG: left half red, right half blue, with noise so
    that it does not compress to nothing (several upload chunks)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    pixels = image.load()
    for y in range(height):
        for x in range(width):
            base = (200, 40, 40) if x < width // 2 else (40, 40, 200)
            pixels[x, y] = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in base)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _upload(wardrobe, item_id, data: bytes, chunk_size: int, skip_analysis=True):
    def requests():
        yield wardrobe_pb2.UploadItemPhotoRequest(
            metadata=wardrobe_pb2.UploadItemPhotoMetadata(
                item_id=item_id,
                image=common_pb2.ImageUploadMetadata(file_name="shirt.png", declared_size_bytes=len(data)),
                skip_analysis=skip_analysis,
            )
        )
        for offset in range(0, len(data), chunk_size):
            yield wardrobe_pb2.UploadItemPhotoRequest(chunk=common_pb2.ImageChunk(data=data[offset : offset + chunk_size]))

    return wardrobe.UploadItemPhoto(requests(), timeout=60)


def _download(wardrobe, item_id, thumbnail=False):
    stream = wardrobe.DownloadItemPhoto(
        wardrobe_pb2.DownloadItemPhotoRequest(item_id=item_id, thumbnail=thumbnail), timeout=60
    )
    messages = list(stream)
    assert messages, "no messages"
    assert messages[0].WhichOneof("content") == "metadata"
    assert all(m.WhichOneof("content") == "chunk" for m in messages[1:])
    return messages[0].metadata, b"".join(m.chunk.data for m in messages[1:]), len(messages) - 1


def test_chunked_photo_upload_and_streamed_download(authed):
    wardrobe = wardrobe_pb2_grpc.WardrobeServiceStub(authed)
    item = wardrobe.CreateItem(
        wardrobe_pb2.CreateItemRequest(
            item=wardrobe_pb2.ClothingItem(
                name="Test shirt", category=common_pb2.CLOTHING_CATEGORY_TOP, primary_color="red"
            )
        ),
        timeout=TIMEOUT,
    ).item
    assert item.item_id
    assert item.analysis_status == wardrobe_pb2.ITEM_ANALYSIS_STATUS_NO_PHOTO
    assert not item.HasField("photo")

    png = _test_png()
    chunk_size = 4096
    assert len(png) > 3 * chunk_size, len(png)
    uploaded = _upload(wardrobe, item.item_id, png, chunk_size).item
    assert uploaded.item_id == item.item_id
    photo = uploaded.photo
    # Stored normalised: re-encoded as JPEG at the same size.
    assert photo.content_type == "image/jpeg"
    assert (photo.width_px, photo.height_px) == (128, 96)
    assert photo.size_bytes > 0
    assert len(photo.sha256) == 64
    assert photo.upload_time.seconds > 0
    assert uploaded.analysis_status == wardrobe_pb2.ITEM_ANALYSIS_STATUS_SKIPPED

    meta, data, chunks = _download(wardrobe, item.item_id)
    assert chunks >= 1
    assert meta.content_type == "image/jpeg"
    assert meta.size_bytes == len(data) == photo.size_bytes
    assert meta.sha256 == hashlib.sha256(data).hexdigest() == photo.sha256
    assert (meta.width_px, meta.height_px) == (128, 96)
    assert data[:3] == b"\xff\xd8\xff"
    decoded = Image.open(io.BytesIO(data))
    decoded.load()
    assert decoded.format == "JPEG" and decoded.size == (128, 96)
    rgb = decoded.convert("RGB")
    # The picture survived: red on the left, blue on the right.
    left = rgb.getpixel((16, 48))
    right = rgb.getpixel((112, 48))
    assert left[0] > 140 and left[2] < 100, left
    assert right[2] > 140 and right[0] < 100, right

    tmeta, thumb, _ = _download(wardrobe, item.item_id, thumbnail=True)
    assert tmeta.size_bytes == len(thumb) and tmeta.sha256 == hashlib.sha256(thumb).hexdigest()
    assert Image.open(io.BytesIO(thumb)).format == "JPEG"

    fetched = wardrobe.GetItem(wardrobe_pb2.GetItemRequest(item_id=item.item_id), timeout=TIMEOUT).item
    assert fetched.photo.sha256 == photo.sha256


def test_upload_that_is_not_an_image_is_refused(authed):
    wardrobe = wardrobe_pb2_grpc.WardrobeServiceStub(authed)
    item = wardrobe.CreateItem(
        wardrobe_pb2.CreateItemRequest(item=wardrobe_pb2.ClothingItem(name="Not a photo")), timeout=TIMEOUT
    ).item
    with pytest.raises(grpc.RpcError) as excinfo:
        _upload(wardrobe, item.item_id, b"this is plain text, not an image at all. " * 4, 64)
    code, details = _code_and_details(excinfo)
    assert code == grpc.StatusCode.INVALID_ARGUMENT, details
    assert "chunk" in stylist_client.field_violations(excinfo.value)


def test_download_without_photo_is_not_found(authed):
    wardrobe = wardrobe_pb2_grpc.WardrobeServiceStub(authed)
    item = wardrobe.CreateItem(
        wardrobe_pb2.CreateItemRequest(item=wardrobe_pb2.ClothingItem(name="No photo")), timeout=TIMEOUT
    ).item
    with pytest.raises(grpc.RpcError) as excinfo:
        _download(wardrobe, item.item_id)
    assert excinfo.value.code() == grpc.StatusCode.NOT_FOUND, excinfo.value.details()


# ------------------------------------------------------ reflection, health


def test_reflection_lists_and_describes_the_services(channel):
    database = ProtoReflectionDescriptorDatabase(channel)
    services = set(database.get_services())
    for name in (
        "stylist.v1.UserService",
        "stylist.v1.WardrobeService",
        "stylist.v1.ChatService",
        "stylist.v1.AnalysisService",
        "stylist.v1.PlanService",
    ):
        assert name in services, sorted(services)
    # The descriptors resolve, with their dependencies, from reflection alone.
    pool = descriptor_pool.DescriptorPool(database)
    service = pool.FindServiceByName("stylist.v1.UserService")
    assert service.file.name == "stylist/v1/user.proto"
    register = service.FindMethodByName("Register")
    assert register.input_type.full_name == "stylist.v1.RegisterRequest"
    converse = pool.FindServiceByName("stylist.v1.ChatService").FindMethodByName("Converse")
    assert converse.client_streaming and converse.server_streaming

    # The raw stream too: one list_services request, one answer.
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    answers = list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=TIMEOUT))
    assert len(answers) == 1
    names = {s.name for s in answers[0].list_services_response.service}
    assert "stylist.v1.UserService" in names


def test_health_check_is_serving(channel):
    # grpc.health.v1.Health/Check with an empty HealthCheckRequest; the
    # response is HealthCheckResponse{status: SERVING (1)}, i.e. 08 01.
    check = channel.unary_unary(
        "/grpc.health.v1.Health/Check",
        request_serializer=lambda b: b,
        response_deserializer=lambda b: b,
    )
    assert check(b"", timeout=TIMEOUT) == b"\x08\x01"


# --------------------------------------------------------------- deadlines


def assert_deadline_ended(error: grpc.RpcError, elapsed: float, deadline: float) -> None:
    """The call ended because its deadline passed. The client's own timer
    says DEADLINE_EXCEEDED; the edge (grpc-go) also resets a stream whose
    deadline has passed (RST_STREAM CANCEL, as gRPC over HTTP/2 has servers
    do), and gRPC core reads that as CANCELLED when it comes a moment before
    its own timer fires: accepted only once the deadline is over."""
    code = error.code()
    assert code == grpc.StatusCode.DEADLINE_EXCEEDED or (
        code == grpc.StatusCode.CANCELLED and elapsed >= deadline
    ), f"{code} after {elapsed:.4f}s (deadline {deadline}s): {error.details()}"


def test_deadline_exceeded(channel, authed, account):
    # Login hashes the password (tens of milliseconds on the server), so a
    # 2 ms deadline always passes before the answer. (A 1 ms deadline on a
    # cheap call such as GetProfile is a race: over loopback the answer may
    # come first.)
    start = time.monotonic()
    with pytest.raises(grpc.RpcError) as excinfo:
        user_pb2_grpc.UserServiceStub(channel).Login(
            user_pb2.LoginRequest(login=account["username"], password=account["password"]), timeout=0.002
        )
    assert_deadline_ended(excinfo.value, time.monotonic() - start, 0.002)
    users = user_pb2_grpc.UserServiceStub(authed)

    # A long-lived stream ends at its deadline too.
    chat = chat_pb2_grpc.ChatServiceStub(authed)
    conversation = chat.CreateConversation(
        chat_pb2.CreateConversationRequest(conversation=chat_pb2.Conversation(title="deadline")), timeout=TIMEOUT
    ).conversation
    turns = _Turns()
    start = time.monotonic()
    responses = chat.Converse(iter(turns), timeout=1.5)
    try:
        # Send nothing: the stream stays open until the deadline ends it.
        with pytest.raises(grpc.RpcError) as excinfo:
            for _ in responses:
                pass
        assert_deadline_ended(excinfo.value, time.monotonic() - start, 1.5)
    finally:
        turns.close()

    # The channel is unharmed.
    assert users.GetProfile(user_pb2.GetProfileRequest(), timeout=TIMEOUT).profile.user_id
