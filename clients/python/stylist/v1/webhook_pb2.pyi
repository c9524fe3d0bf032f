from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HandleDatabaseEventRequest(_message.Message):
    __slots__ = ("type", "table", "schema", "record", "old_record")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TABLE_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    OLD_RECORD_FIELD_NUMBER: _ClassVar[int]
    type: str
    table: str
    schema: str
    record: _struct_pb2.Struct
    old_record: _struct_pb2.Struct
    def __init__(self, type: _Optional[str] = ..., table: _Optional[str] = ..., schema: _Optional[str] = ..., record: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., old_record: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class HandleDatabaseEventResponse(_message.Message):
    __slots__ = ("outcome", "message", "item_id")
    class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        OUTCOME_UNSPECIFIED: _ClassVar[HandleDatabaseEventResponse.Outcome]
        OUTCOME_IMPORTED: _ClassVar[HandleDatabaseEventResponse.Outcome]
        OUTCOME_ALREADY_IMPORTED: _ClassVar[HandleDatabaseEventResponse.Outcome]
        OUTCOME_IGNORED: _ClassVar[HandleDatabaseEventResponse.Outcome]
    OUTCOME_UNSPECIFIED: HandleDatabaseEventResponse.Outcome
    OUTCOME_IMPORTED: HandleDatabaseEventResponse.Outcome
    OUTCOME_ALREADY_IMPORTED: HandleDatabaseEventResponse.Outcome
    OUTCOME_IGNORED: HandleDatabaseEventResponse.Outcome
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    outcome: HandleDatabaseEventResponse.Outcome
    message: str
    item_id: str
    def __init__(self, outcome: _Optional[_Union[HandleDatabaseEventResponse.Outcome, str]] = ..., message: _Optional[str] = ..., item_id: _Optional[str] = ...) -> None: ...
