import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from stylist.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SkinPhotoIssue(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SKIN_PHOTO_ISSUE_UNSPECIFIED: _ClassVar[SkinPhotoIssue]
    SKIN_PHOTO_ISSUE_NO_FACE: _ClassVar[SkinPhotoIssue]
    SKIN_PHOTO_ISSUE_MULTIPLE_FACES: _ClassVar[SkinPhotoIssue]
    SKIN_PHOTO_ISSUE_FACE_TOO_SMALL: _ClassVar[SkinPhotoIssue]
    SKIN_PHOTO_ISSUE_TOO_DARK: _ClassVar[SkinPhotoIssue]
    SKIN_PHOTO_ISSUE_TOO_BRIGHT: _ClassVar[SkinPhotoIssue]
    SKIN_PHOTO_ISSUE_BLURRED: _ClassVar[SkinPhotoIssue]

class SkinType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SKIN_TYPE_UNSPECIFIED: _ClassVar[SkinType]
    SKIN_TYPE_OILY: _ClassVar[SkinType]
    SKIN_TYPE_DRY: _ClassVar[SkinType]
    SKIN_TYPE_NORMAL: _ClassVar[SkinType]
    SKIN_TYPE_COMBINATION: _ClassVar[SkinType]
    SKIN_TYPE_WRINKLY: _ClassVar[SkinType]
    SKIN_TYPE_SENSITIVE: _ClassVar[SkinType]

class SkinCondition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SKIN_CONDITION_UNSPECIFIED: _ClassVar[SkinCondition]
    SKIN_CONDITION_ACNE: _ClassVar[SkinCondition]
    SKIN_CONDITION_BLACKHEADS: _ClassVar[SkinCondition]
    SKIN_CONDITION_WRINKLES: _ClassVar[SkinCondition]
    SKIN_CONDITION_DULLNESS: _ClassVar[SkinCondition]
    SKIN_CONDITION_REDNESS: _ClassVar[SkinCondition]
    SKIN_CONDITION_DEHYDRATION: _ClassVar[SkinCondition]
    SKIN_CONDITION_HYPERPIGMENTATION: _ClassVar[SkinCondition]
    SKIN_CONDITION_UNEVEN_TEXTURE: _ClassVar[SkinCondition]
SKIN_PHOTO_ISSUE_UNSPECIFIED: SkinPhotoIssue
SKIN_PHOTO_ISSUE_NO_FACE: SkinPhotoIssue
SKIN_PHOTO_ISSUE_MULTIPLE_FACES: SkinPhotoIssue
SKIN_PHOTO_ISSUE_FACE_TOO_SMALL: SkinPhotoIssue
SKIN_PHOTO_ISSUE_TOO_DARK: SkinPhotoIssue
SKIN_PHOTO_ISSUE_TOO_BRIGHT: SkinPhotoIssue
SKIN_PHOTO_ISSUE_BLURRED: SkinPhotoIssue
SKIN_TYPE_UNSPECIFIED: SkinType
SKIN_TYPE_OILY: SkinType
SKIN_TYPE_DRY: SkinType
SKIN_TYPE_NORMAL: SkinType
SKIN_TYPE_COMBINATION: SkinType
SKIN_TYPE_WRINKLY: SkinType
SKIN_TYPE_SENSITIVE: SkinType
SKIN_CONDITION_UNSPECIFIED: SkinCondition
SKIN_CONDITION_ACNE: SkinCondition
SKIN_CONDITION_BLACKHEADS: SkinCondition
SKIN_CONDITION_WRINKLES: SkinCondition
SKIN_CONDITION_DULLNESS: SkinCondition
SKIN_CONDITION_REDNESS: SkinCondition
SKIN_CONDITION_DEHYDRATION: SkinCondition
SKIN_CONDITION_HYPERPIGMENTATION: SkinCondition
SKIN_CONDITION_UNEVEN_TEXTURE: SkinCondition

class AnalyzeClothingRequest(_message.Message):
    __slots__ = ("image", "item_id")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    item_id: str
    def __init__(self, image: _Optional[bytes] = ..., item_id: _Optional[str] = ...) -> None: ...

class AnalyzeClothingResponse(_message.Message):
    __slots__ = ("analysis",)
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    analysis: _common_pb2.ClothingAnalysis
    def __init__(self, analysis: _Optional[_Union[_common_pb2.ClothingAnalysis, _Mapping]] = ...) -> None: ...

class UploadAndAnalyzeClothingRequest(_message.Message):
    __slots__ = ("metadata", "chunk")
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    metadata: _common_pb2.ImageUploadMetadata
    chunk: _common_pb2.ImageChunk
    def __init__(self, metadata: _Optional[_Union[_common_pb2.ImageUploadMetadata, _Mapping]] = ..., chunk: _Optional[_Union[_common_pb2.ImageChunk, _Mapping]] = ...) -> None: ...

class UploadAndAnalyzeClothingResponse(_message.Message):
    __slots__ = ("analysis",)
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    analysis: _common_pb2.ClothingAnalysis
    def __init__(self, analysis: _Optional[_Union[_common_pb2.ClothingAnalysis, _Mapping]] = ...) -> None: ...

class SkinPhotoQuality(_message.Message):
    __slots__ = ("passed", "issues", "hint")
    PASSED_FIELD_NUMBER: _ClassVar[int]
    ISSUES_FIELD_NUMBER: _ClassVar[int]
    HINT_FIELD_NUMBER: _ClassVar[int]
    passed: bool
    issues: _containers.RepeatedScalarFieldContainer[SkinPhotoIssue]
    hint: str
    def __init__(self, passed: _Optional[bool] = ..., issues: _Optional[_Iterable[_Union[SkinPhotoIssue, str]]] = ..., hint: _Optional[str] = ...) -> None: ...

class SkinConditionScore(_message.Message):
    __slots__ = ("condition", "probability", "detected")
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    DETECTED_FIELD_NUMBER: _ClassVar[int]
    condition: SkinCondition
    probability: float
    detected: bool
    def __init__(self, condition: _Optional[_Union[SkinCondition, str]] = ..., probability: _Optional[float] = ..., detected: _Optional[bool] = ...) -> None: ...

class SkinAnalysis(_message.Message):
    __slots__ = ("analysis_id", "skin_type", "skin_type_confidence", "conditions", "skin_score", "recommended_chapter", "recommended_chapter_title", "photo_kept", "model_version", "disclaimer", "create_time")
    ANALYSIS_ID_FIELD_NUMBER: _ClassVar[int]
    SKIN_TYPE_FIELD_NUMBER: _ClassVar[int]
    SKIN_TYPE_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    SKIN_SCORE_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDED_CHAPTER_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDED_CHAPTER_TITLE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_KEPT_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    DISCLAIMER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    analysis_id: str
    skin_type: SkinType
    skin_type_confidence: float
    conditions: _containers.RepeatedCompositeFieldContainer[SkinConditionScore]
    skin_score: int
    recommended_chapter: int
    recommended_chapter_title: str
    photo_kept: bool
    model_version: str
    disclaimer: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, analysis_id: _Optional[str] = ..., skin_type: _Optional[_Union[SkinType, str]] = ..., skin_type_confidence: _Optional[float] = ..., conditions: _Optional[_Iterable[_Union[SkinConditionScore, _Mapping]]] = ..., skin_score: _Optional[int] = ..., recommended_chapter: _Optional[int] = ..., recommended_chapter_title: _Optional[str] = ..., photo_kept: _Optional[bool] = ..., model_version: _Optional[str] = ..., disclaimer: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AnalyzeSkinRequest(_message.Message):
    __slots__ = ("image", "keep_photo", "app_user_id")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    KEEP_PHOTO_FIELD_NUMBER: _ClassVar[int]
    APP_USER_ID_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    keep_photo: bool
    app_user_id: str
    def __init__(self, image: _Optional[bytes] = ..., keep_photo: _Optional[bool] = ..., app_user_id: _Optional[str] = ...) -> None: ...

class AnalyzeSkinResponse(_message.Message):
    __slots__ = ("quality", "analysis")
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    quality: SkinPhotoQuality
    analysis: SkinAnalysis
    def __init__(self, quality: _Optional[_Union[SkinPhotoQuality, _Mapping]] = ..., analysis: _Optional[_Union[SkinAnalysis, _Mapping]] = ...) -> None: ...

class GetSkinAnalysisRequest(_message.Message):
    __slots__ = ("analysis_id", "app_user_id")
    ANALYSIS_ID_FIELD_NUMBER: _ClassVar[int]
    APP_USER_ID_FIELD_NUMBER: _ClassVar[int]
    analysis_id: str
    app_user_id: str
    def __init__(self, analysis_id: _Optional[str] = ..., app_user_id: _Optional[str] = ...) -> None: ...

class GetSkinAnalysisResponse(_message.Message):
    __slots__ = ("analysis",)
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    analysis: SkinAnalysis
    def __init__(self, analysis: _Optional[_Union[SkinAnalysis, _Mapping]] = ...) -> None: ...

class ListSkinAnalysesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "start_time", "end_time", "app_user_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    APP_USER_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    app_user_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., app_user_id: _Optional[str] = ...) -> None: ...

class ListSkinAnalysesResponse(_message.Message):
    __slots__ = ("analyses", "next_page_token")
    ANALYSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    analyses: _containers.RepeatedCompositeFieldContainer[SkinAnalysis]
    next_page_token: str
    def __init__(self, analyses: _Optional[_Iterable[_Union[SkinAnalysis, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteSkinAnalysisRequest(_message.Message):
    __slots__ = ("analysis_id", "app_user_id")
    ANALYSIS_ID_FIELD_NUMBER: _ClassVar[int]
    APP_USER_ID_FIELD_NUMBER: _ClassVar[int]
    analysis_id: str
    app_user_id: str
    def __init__(self, analysis_id: _Optional[str] = ..., app_user_id: _Optional[str] = ...) -> None: ...

class DeleteSkinAnalysisResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
