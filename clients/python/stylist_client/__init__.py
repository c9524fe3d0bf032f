"""A small convenience layer over the generated Stylist stubs.

The generated code lives in ``stylist.v1`` (``user_pb2``, ``user_pb2_grpc``,
...). This module only opens channels that carry credentials and reads the
rich error details the server attaches to refused calls::

    import stylist_client
    from stylist.v1 import user_pb2, user_pb2_grpc

    with stylist_client.connect("localhost:50051") as channel:
        users = user_pb2_grpc.UserServiceStub(channel)
        login = users.Login(user_pb2.LoginRequest(login="ada", password="..."))

    with stylist_client.connect("localhost:50051", token=login.tokens.access_token) as channel:
        profile = user_pb2_grpc.UserServiceStub(channel).GetProfile(user_pb2.GetProfileRequest())
"""

from __future__ import annotations

import collections
from typing import Any, Callable, Dict, Optional, Sequence, Tuple, Union

import grpc
from google.rpc import error_details_pb2, status_pb2

__all__ = [
    "AuthInterceptor",
    "connect",
    "field_violations",
    "status_details",
]

# A token, or something that returns the current one (for callers that
# refresh access tokens): asked on every call.
TokenSource = Union[str, Callable[[], str]]

_STATUS_DETAILS_KEY = "grpc-status-details-bin"


class _CallDetails(
    collections.namedtuple(
        "_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")
    ),
    grpc.ClientCallDetails,
):
    pass


class AuthInterceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds ``authorization: Bearer <token>`` and/or ``x-api-key: <key>`` to
    every call (unary and streaming alike), unless the call already sets that
    header itself."""

    def __init__(self, token: Optional[TokenSource] = None, api_key: Optional[str] = None):
        self._token = token
        self._api_key = api_key

    def _headers(self) -> Sequence[Tuple[str, str]]:
        headers = []
        token = self._token() if callable(self._token) else self._token
        if token:
            headers.append(("authorization", "Bearer " + token))
        if self._api_key:
            headers.append(("x-api-key", self._api_key))
        return headers

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = list(details.metadata or ())
        present = {key.lower() for key, _ in metadata}
        metadata.extend((k, v) for k, v in self._headers() if k not in present)
        return _CallDetails(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            getattr(details, "wait_for_ready", None),
            getattr(details, "compression", None),
        )

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return continuation(self._details(client_call_details), request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):
        return continuation(self._details(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):
        return continuation(self._details(client_call_details), request_iterator)


def connect(
    target: str,
    *,
    token: Optional[TokenSource] = None,
    api_key: Optional[str] = None,
    tls: bool = False,
    root_certificates: Optional[bytes] = None,
    options: Optional[Sequence[Tuple[str, object]]] = None,
) -> grpc.Channel:
    """Opens a channel to a Stylist server or edge (``host:port``).

    ``token`` (an access token, or a function returning the current one) is
    sent as ``authorization: Bearer <token>``; ``api_key`` (a service key)
    as ``x-api-key``. ``tls=False`` speaks plaintext HTTP/2 (h2c), as the
    edge does on a private network; ``tls=True`` verifies the server with
    ``root_certificates`` or the system roots. The caller closes the channel
    (it is a context manager).
    """
    if tls:
        channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates), options=options)
    else:
        channel = grpc.insecure_channel(target, options=options)
    if token is None and api_key is None:
        return channel
    return grpc.intercept_channel(channel, AuthInterceptor(token, api_key))


def status_details(error: grpc.RpcError) -> Optional[status_pb2.Status]:
    """The ``google.rpc.Status`` the server attached to a refused call (its
    ``details`` hold e.g. ``google.rpc.BadRequest``), or None when it sent
    none."""
    # (key, value) pairs; typed loosely, as stub packages disagree on them.
    trailers: Any = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in trailers or ():
        if key == _STATUS_DETAILS_KEY:
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


def field_violations(error: grpc.RpcError) -> Dict[str, str]:
    """``{field: description}`` from the ``google.rpc.BadRequest`` of a
    refused call (empty when there is none)."""
    status = status_details(error)
    out: Dict[str, str] = {}
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            for violation in bad_request.field_violations:
                out[violation.field] = violation.description
    return out
