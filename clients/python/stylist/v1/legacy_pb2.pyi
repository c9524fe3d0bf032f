import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from stylist.v1 import common_pb2 as _common_pb2
from stylist.v1 import wardrobe_pb2 as _wardrobe_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LegacyUser(_message.Message):
    __slots__ = ("id", "username", "style_preferences")
    ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    STYLE_PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    id: int
    username: str
    style_preferences: str
    def __init__(self, id: _Optional[int] = ..., username: _Optional[str] = ..., style_preferences: _Optional[str] = ...) -> None: ...

class CreateLegacyUserRequest(_message.Message):
    __slots__ = ("username", "style_preferences")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    STYLE_PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    username: str
    style_preferences: str
    def __init__(self, username: _Optional[str] = ..., style_preferences: _Optional[str] = ...) -> None: ...

class CreateLegacyUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: LegacyUser
    def __init__(self, user: _Optional[_Union[LegacyUser, _Mapping]] = ...) -> None: ...

class LegacyImageTags(_message.Message):
    __slots__ = ("type", "primary_color", "secondary_color", "style")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_COLOR_FIELD_NUMBER: _ClassVar[int]
    SECONDARY_COLOR_FIELD_NUMBER: _ClassVar[int]
    STYLE_FIELD_NUMBER: _ClassVar[int]
    type: str
    primary_color: str
    secondary_color: str
    style: str
    def __init__(self, type: _Optional[str] = ..., primary_color: _Optional[str] = ..., secondary_color: _Optional[str] = ..., style: _Optional[str] = ...) -> None: ...

class LegacyImage(_message.Message):
    __slots__ = ("id", "user_id", "image_path", "tags")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_PATH_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: int
    image_path: str
    tags: LegacyImageTags
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[int] = ..., image_path: _Optional[str] = ..., tags: _Optional[_Union[LegacyImageTags, _Mapping]] = ...) -> None: ...

class DownloadLegacyImageRequest(_message.Message):
    __slots__ = ("user_id", "image_id", "thumbnail")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    image_id: int
    thumbnail: bool
    def __init__(self, user_id: _Optional[int] = ..., image_id: _Optional[int] = ..., thumbnail: _Optional[bool] = ...) -> None: ...

class DownloadLegacyImageResponse(_message.Message):
    __slots__ = ("metadata", "chunk")
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    metadata: _wardrobe_pb2.PhotoInfo
    chunk: _common_pb2.ImageChunk
    def __init__(self, metadata: _Optional[_Union[_wardrobe_pb2.PhotoInfo, _Mapping]] = ..., chunk: _Optional[_Union[_common_pb2.ImageChunk, _Mapping]] = ...) -> None: ...

class ListLegacyImagesRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class ListLegacyImagesResponse(_message.Message):
    __slots__ = ("images",)
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    images: _containers.RepeatedCompositeFieldContainer[LegacyImage]
    def __init__(self, images: _Optional[_Iterable[_Union[LegacyImage, _Mapping]]] = ...) -> None: ...

class UploadLegacyImageMetadata(_message.Message):
    __slots__ = ("user_id", "image")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    image: _common_pb2.ImageUploadMetadata
    def __init__(self, user_id: _Optional[int] = ..., image: _Optional[_Union[_common_pb2.ImageUploadMetadata, _Mapping]] = ...) -> None: ...

class UploadLegacyImageRequest(_message.Message):
    __slots__ = ("metadata", "chunk")
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    metadata: UploadLegacyImageMetadata
    chunk: _common_pb2.ImageChunk
    def __init__(self, metadata: _Optional[_Union[UploadLegacyImageMetadata, _Mapping]] = ..., chunk: _Optional[_Union[_common_pb2.ImageChunk, _Mapping]] = ...) -> None: ...

class UploadLegacyImageResponse(_message.Message):
    __slots__ = ("image",)
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    image: LegacyImage
    def __init__(self, image: _Optional[_Union[LegacyImage, _Mapping]] = ...) -> None: ...

class MatchLegacyStylesRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class LegacyOutfitGroup(_message.Message):
    __slots__ = ("image_paths",)
    IMAGE_PATHS_FIELD_NUMBER: _ClassVar[int]
    image_paths: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, image_paths: _Optional[_Iterable[str]] = ...) -> None: ...

class MatchLegacyStylesResponse(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[LegacyOutfitGroup]
    def __init__(self, groups: _Optional[_Iterable[_Union[LegacyOutfitGroup, _Mapping]]] = ...) -> None: ...

class LegacyConversation(_message.Message):
    __slots__ = ("id", "user_id", "question", "answer", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: int
    question: str
    answer: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[int] = ..., question: _Optional[str] = ..., answer: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AskLegacyQuestionRequest(_message.Message):
    __slots__ = ("user_id", "question")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    question: str
    def __init__(self, user_id: _Optional[int] = ..., question: _Optional[str] = ...) -> None: ...

class AskLegacyQuestionResponse(_message.Message):
    __slots__ = ("conversation",)
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    conversation: LegacyConversation
    def __init__(self, conversation: _Optional[_Union[LegacyConversation, _Mapping]] = ...) -> None: ...

class ListLegacyConversationsRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class ListLegacyConversationsResponse(_message.Message):
    __slots__ = ("conversations",)
    CONVERSATIONS_FIELD_NUMBER: _ClassVar[int]
    conversations: _containers.RepeatedCompositeFieldContainer[LegacyConversation]
    def __init__(self, conversations: _Optional[_Iterable[_Union[LegacyConversation, _Mapping]]] = ...) -> None: ...
