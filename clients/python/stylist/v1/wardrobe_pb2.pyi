import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import date_pb2 as _date_pb2
from google.type import money_pb2 as _money_pb2
from stylist.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Season(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEASON_UNSPECIFIED: _ClassVar[Season]
    SEASON_SPRING: _ClassVar[Season]
    SEASON_SUMMER: _ClassVar[Season]
    SEASON_AUTUMN: _ClassVar[Season]
    SEASON_WINTER: _ClassVar[Season]

class Formality(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FORMALITY_UNSPECIFIED: _ClassVar[Formality]
    FORMALITY_CASUAL: _ClassVar[Formality]
    FORMALITY_SMART_CASUAL: _ClassVar[Formality]
    FORMALITY_BUSINESS: _ClassVar[Formality]
    FORMALITY_FORMAL: _ClassVar[Formality]
    FORMALITY_BLACK_TIE: _ClassVar[Formality]

class ItemAnalysisStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_ANALYSIS_STATUS_UNSPECIFIED: _ClassVar[ItemAnalysisStatus]
    ITEM_ANALYSIS_STATUS_NO_PHOTO: _ClassVar[ItemAnalysisStatus]
    ITEM_ANALYSIS_STATUS_PENDING: _ClassVar[ItemAnalysisStatus]
    ITEM_ANALYSIS_STATUS_DONE: _ClassVar[ItemAnalysisStatus]
    ITEM_ANALYSIS_STATUS_FAILED: _ClassVar[ItemAnalysisStatus]
    ITEM_ANALYSIS_STATUS_SKIPPED: _ClassVar[ItemAnalysisStatus]

class OutfitSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTFIT_SOURCE_UNSPECIFIED: _ClassVar[OutfitSource]
    OUTFIT_SOURCE_USER: _ClassVar[OutfitSource]
    OUTFIT_SOURCE_SUGGESTED: _ClassVar[OutfitSource]

class WeatherCondition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WEATHER_CONDITION_UNSPECIFIED: _ClassVar[WeatherCondition]
    WEATHER_CONDITION_CLEAR: _ClassVar[WeatherCondition]
    WEATHER_CONDITION_CLOUDY: _ClassVar[WeatherCondition]
    WEATHER_CONDITION_RAIN: _ClassVar[WeatherCondition]
    WEATHER_CONDITION_SNOW: _ClassVar[WeatherCondition]
    WEATHER_CONDITION_WIND: _ClassVar[WeatherCondition]

class RecommendationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOMMENDATION_TYPE_UNSPECIFIED: _ClassVar[RecommendationType]
    RECOMMENDATION_TYPE_COMBINATIONS: _ClassVar[RecommendationType]
    RECOMMENDATION_TYPE_ITEMS: _ClassVar[RecommendationType]
SEASON_UNSPECIFIED: Season
SEASON_SPRING: Season
SEASON_SUMMER: Season
SEASON_AUTUMN: Season
SEASON_WINTER: Season
FORMALITY_UNSPECIFIED: Formality
FORMALITY_CASUAL: Formality
FORMALITY_SMART_CASUAL: Formality
FORMALITY_BUSINESS: Formality
FORMALITY_FORMAL: Formality
FORMALITY_BLACK_TIE: Formality
ITEM_ANALYSIS_STATUS_UNSPECIFIED: ItemAnalysisStatus
ITEM_ANALYSIS_STATUS_NO_PHOTO: ItemAnalysisStatus
ITEM_ANALYSIS_STATUS_PENDING: ItemAnalysisStatus
ITEM_ANALYSIS_STATUS_DONE: ItemAnalysisStatus
ITEM_ANALYSIS_STATUS_FAILED: ItemAnalysisStatus
ITEM_ANALYSIS_STATUS_SKIPPED: ItemAnalysisStatus
OUTFIT_SOURCE_UNSPECIFIED: OutfitSource
OUTFIT_SOURCE_USER: OutfitSource
OUTFIT_SOURCE_SUGGESTED: OutfitSource
WEATHER_CONDITION_UNSPECIFIED: WeatherCondition
WEATHER_CONDITION_CLEAR: WeatherCondition
WEATHER_CONDITION_CLOUDY: WeatherCondition
WEATHER_CONDITION_RAIN: WeatherCondition
WEATHER_CONDITION_SNOW: WeatherCondition
WEATHER_CONDITION_WIND: WeatherCondition
RECOMMENDATION_TYPE_UNSPECIFIED: RecommendationType
RECOMMENDATION_TYPE_COMBINATIONS: RecommendationType
RECOMMENDATION_TYPE_ITEMS: RecommendationType

class PhotoInfo(_message.Message):
    __slots__ = ("content_type", "size_bytes", "width_px", "height_px", "sha256", "upload_time")
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    WIDTH_PX_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_PX_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_TIME_FIELD_NUMBER: _ClassVar[int]
    content_type: str
    size_bytes: int
    width_px: int
    height_px: int
    sha256: str
    upload_time: _timestamp_pb2.Timestamp
    def __init__(self, content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., width_px: _Optional[int] = ..., height_px: _Optional[int] = ..., sha256: _Optional[str] = ..., upload_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ClothingItem(_message.Message):
    __slots__ = ("item_id", "name", "category", "subcategory", "primary_color", "secondary_color", "pattern", "material", "seasons", "occasions", "formality", "brand", "size", "price", "purchase_date", "notes", "tags", "favorite", "wear_count", "last_worn_date", "photo", "analysis", "analysis_status", "create_time", "update_time", "etag")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SUBCATEGORY_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_COLOR_FIELD_NUMBER: _ClassVar[int]
    SECONDARY_COLOR_FIELD_NUMBER: _ClassVar[int]
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    MATERIAL_FIELD_NUMBER: _ClassVar[int]
    SEASONS_FIELD_NUMBER: _ClassVar[int]
    OCCASIONS_FIELD_NUMBER: _ClassVar[int]
    FORMALITY_FIELD_NUMBER: _ClassVar[int]
    BRAND_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_DATE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    FAVORITE_FIELD_NUMBER: _ClassVar[int]
    WEAR_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_WORN_DATE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    name: str
    category: _common_pb2.ClothingCategory
    subcategory: str
    primary_color: str
    secondary_color: str
    pattern: _common_pb2.ClothingPattern
    material: str
    seasons: _containers.RepeatedScalarFieldContainer[Season]
    occasions: _containers.RepeatedScalarFieldContainer[str]
    formality: Formality
    brand: str
    size: str
    price: _money_pb2.Money
    purchase_date: _date_pb2.Date
    notes: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    favorite: bool
    wear_count: int
    last_worn_date: _date_pb2.Date
    photo: PhotoInfo
    analysis: _common_pb2.ClothingAnalysis
    analysis_status: ItemAnalysisStatus
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, item_id: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.ClothingCategory, str]] = ..., subcategory: _Optional[str] = ..., primary_color: _Optional[str] = ..., secondary_color: _Optional[str] = ..., pattern: _Optional[_Union[_common_pb2.ClothingPattern, str]] = ..., material: _Optional[str] = ..., seasons: _Optional[_Iterable[_Union[Season, str]]] = ..., occasions: _Optional[_Iterable[str]] = ..., formality: _Optional[_Union[Formality, str]] = ..., brand: _Optional[str] = ..., size: _Optional[str] = ..., price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., purchase_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., notes: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., favorite: _Optional[bool] = ..., wear_count: _Optional[int] = ..., last_worn_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., photo: _Optional[_Union[PhotoInfo, _Mapping]] = ..., analysis: _Optional[_Union[_common_pb2.ClothingAnalysis, _Mapping]] = ..., analysis_status: _Optional[_Union[ItemAnalysisStatus, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class CreateItemRequest(_message.Message):
    __slots__ = ("item", "request_id")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    request_id: str
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateItemResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ...) -> None: ...

class GetItemRequest(_message.Message):
    __slots__ = ("item_id",)
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    def __init__(self, item_id: _Optional[str] = ...) -> None: ...

class GetItemResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ...) -> None: ...

class ListItemsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category", "color", "season", "occasion", "favorite", "query", "tag", "order_by")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    SEASON_FIELD_NUMBER: _ClassVar[int]
    OCCASION_FIELD_NUMBER: _ClassVar[int]
    FAVORITE_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category: _common_pb2.ClothingCategory
    color: str
    season: Season
    occasion: str
    favorite: bool
    query: str
    tag: str
    order_by: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.ClothingCategory, str]] = ..., color: _Optional[str] = ..., season: _Optional[_Union[Season, str]] = ..., occasion: _Optional[str] = ..., favorite: _Optional[bool] = ..., query: _Optional[str] = ..., tag: _Optional[str] = ..., order_by: _Optional[str] = ...) -> None: ...

class ListItemsResponse(_message.Message):
    __slots__ = ("items", "next_page_token", "total_size")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ClothingItem]
    next_page_token: str
    total_size: int
    def __init__(self, items: _Optional[_Iterable[_Union[ClothingItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class UpdateItemRequest(_message.Message):
    __slots__ = ("item", "update_mask")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateItemResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ...) -> None: ...

class DeleteItemRequest(_message.Message):
    __slots__ = ("item_id", "etag")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    etag: str
    def __init__(self, item_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteItemResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UploadItemPhotoMetadata(_message.Message):
    __slots__ = ("item_id", "image", "skip_analysis")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    SKIP_ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    image: _common_pb2.ImageUploadMetadata
    skip_analysis: bool
    def __init__(self, item_id: _Optional[str] = ..., image: _Optional[_Union[_common_pb2.ImageUploadMetadata, _Mapping]] = ..., skip_analysis: _Optional[bool] = ...) -> None: ...

class UploadItemPhotoRequest(_message.Message):
    __slots__ = ("metadata", "chunk")
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    metadata: UploadItemPhotoMetadata
    chunk: _common_pb2.ImageChunk
    def __init__(self, metadata: _Optional[_Union[UploadItemPhotoMetadata, _Mapping]] = ..., chunk: _Optional[_Union[_common_pb2.ImageChunk, _Mapping]] = ...) -> None: ...

class UploadItemPhotoResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ...) -> None: ...

class DownloadItemPhotoRequest(_message.Message):
    __slots__ = ("item_id", "thumbnail")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    thumbnail: bool
    def __init__(self, item_id: _Optional[str] = ..., thumbnail: _Optional[bool] = ...) -> None: ...

class DownloadItemPhotoResponse(_message.Message):
    __slots__ = ("metadata", "chunk")
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    metadata: PhotoInfo
    chunk: _common_pb2.ImageChunk
    def __init__(self, metadata: _Optional[_Union[PhotoInfo, _Mapping]] = ..., chunk: _Optional[_Union[_common_pb2.ImageChunk, _Mapping]] = ...) -> None: ...

class GetItemPhotoUrlRequest(_message.Message):
    __slots__ = ("item_id", "thumbnail")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    thumbnail: bool
    def __init__(self, item_id: _Optional[str] = ..., thumbnail: _Optional[bool] = ...) -> None: ...

class GetItemPhotoUrlResponse(_message.Message):
    __slots__ = ("url", "expire_time")
    URL_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    url: str
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, url: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DeleteItemPhotoRequest(_message.Message):
    __slots__ = ("item_id",)
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    def __init__(self, item_id: _Optional[str] = ...) -> None: ...

class DeleteItemPhotoResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ...) -> None: ...

class AnalyzeItemRequest(_message.Message):
    __slots__ = ("item_id", "overwrite_attributes", "wait")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    OVERWRITE_ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    WAIT_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    overwrite_attributes: bool
    wait: bool
    def __init__(self, item_id: _Optional[str] = ..., overwrite_attributes: _Optional[bool] = ..., wait: _Optional[bool] = ...) -> None: ...

class AnalyzeItemResponse(_message.Message):
    __slots__ = ("item", "updated_fields")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    updated_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ..., updated_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class WearEvent(_message.Message):
    __slots__ = ("wear_event_id", "item_id", "outfit_id", "worn_date", "create_time")
    WEAR_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    OUTFIT_ID_FIELD_NUMBER: _ClassVar[int]
    WORN_DATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    wear_event_id: str
    item_id: str
    outfit_id: str
    worn_date: _date_pb2.Date
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, wear_event_id: _Optional[str] = ..., item_id: _Optional[str] = ..., outfit_id: _Optional[str] = ..., worn_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LogItemWornRequest(_message.Message):
    __slots__ = ("item_id", "worn_date")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    WORN_DATE_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    worn_date: _date_pb2.Date
    def __init__(self, item_id: _Optional[str] = ..., worn_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class LogItemWornResponse(_message.Message):
    __slots__ = ("item", "wear_event")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    WEAR_EVENT_FIELD_NUMBER: _ClassVar[int]
    item: ClothingItem
    wear_event: WearEvent
    def __init__(self, item: _Optional[_Union[ClothingItem, _Mapping]] = ..., wear_event: _Optional[_Union[WearEvent, _Mapping]] = ...) -> None: ...

class ListWearEventsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "item_id", "outfit_id", "start_date", "end_date")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    OUTFIT_ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    item_id: str
    outfit_id: str
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., item_id: _Optional[str] = ..., outfit_id: _Optional[str] = ..., start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class ListWearEventsResponse(_message.Message):
    __slots__ = ("wear_events", "next_page_token")
    WEAR_EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    wear_events: _containers.RepeatedCompositeFieldContainer[WearEvent]
    next_page_token: str
    def __init__(self, wear_events: _Optional[_Iterable[_Union[WearEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Outfit(_message.Message):
    __slots__ = ("outfit_id", "name", "item_ids", "occasions", "seasons", "formality", "notes", "tags", "favorite", "source", "wear_count", "last_worn_date", "create_time", "update_time", "etag")
    OUTFIT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    OCCASIONS_FIELD_NUMBER: _ClassVar[int]
    SEASONS_FIELD_NUMBER: _ClassVar[int]
    FORMALITY_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    FAVORITE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    WEAR_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_WORN_DATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    outfit_id: str
    name: str
    item_ids: _containers.RepeatedScalarFieldContainer[str]
    occasions: _containers.RepeatedScalarFieldContainer[str]
    seasons: _containers.RepeatedScalarFieldContainer[Season]
    formality: Formality
    notes: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    favorite: bool
    source: OutfitSource
    wear_count: int
    last_worn_date: _date_pb2.Date
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, outfit_id: _Optional[str] = ..., name: _Optional[str] = ..., item_ids: _Optional[_Iterable[str]] = ..., occasions: _Optional[_Iterable[str]] = ..., seasons: _Optional[_Iterable[_Union[Season, str]]] = ..., formality: _Optional[_Union[Formality, str]] = ..., notes: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., favorite: _Optional[bool] = ..., source: _Optional[_Union[OutfitSource, str]] = ..., wear_count: _Optional[int] = ..., last_worn_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class CreateOutfitRequest(_message.Message):
    __slots__ = ("outfit", "request_id")
    OUTFIT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    outfit: Outfit
    request_id: str
    def __init__(self, outfit: _Optional[_Union[Outfit, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateOutfitResponse(_message.Message):
    __slots__ = ("outfit",)
    OUTFIT_FIELD_NUMBER: _ClassVar[int]
    outfit: Outfit
    def __init__(self, outfit: _Optional[_Union[Outfit, _Mapping]] = ...) -> None: ...

class GetOutfitRequest(_message.Message):
    __slots__ = ("outfit_id",)
    OUTFIT_ID_FIELD_NUMBER: _ClassVar[int]
    outfit_id: str
    def __init__(self, outfit_id: _Optional[str] = ...) -> None: ...

class GetOutfitResponse(_message.Message):
    __slots__ = ("outfit",)
    OUTFIT_FIELD_NUMBER: _ClassVar[int]
    outfit: Outfit
    def __init__(self, outfit: _Optional[_Union[Outfit, _Mapping]] = ...) -> None: ...

class ListOutfitsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "item_id", "season", "occasion", "favorite", "order_by")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    SEASON_FIELD_NUMBER: _ClassVar[int]
    OCCASION_FIELD_NUMBER: _ClassVar[int]
    FAVORITE_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    item_id: str
    season: Season
    occasion: str
    favorite: bool
    order_by: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., item_id: _Optional[str] = ..., season: _Optional[_Union[Season, str]] = ..., occasion: _Optional[str] = ..., favorite: _Optional[bool] = ..., order_by: _Optional[str] = ...) -> None: ...

class ListOutfitsResponse(_message.Message):
    __slots__ = ("outfits", "next_page_token", "total_size")
    OUTFITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    outfits: _containers.RepeatedCompositeFieldContainer[Outfit]
    next_page_token: str
    total_size: int
    def __init__(self, outfits: _Optional[_Iterable[_Union[Outfit, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class UpdateOutfitRequest(_message.Message):
    __slots__ = ("outfit", "update_mask")
    OUTFIT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    outfit: Outfit
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, outfit: _Optional[_Union[Outfit, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateOutfitResponse(_message.Message):
    __slots__ = ("outfit",)
    OUTFIT_FIELD_NUMBER: _ClassVar[int]
    outfit: Outfit
    def __init__(self, outfit: _Optional[_Union[Outfit, _Mapping]] = ...) -> None: ...

class DeleteOutfitRequest(_message.Message):
    __slots__ = ("outfit_id", "etag")
    OUTFIT_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    outfit_id: str
    etag: str
    def __init__(self, outfit_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteOutfitResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WearOutfitRequest(_message.Message):
    __slots__ = ("outfit_id", "worn_date")
    OUTFIT_ID_FIELD_NUMBER: _ClassVar[int]
    WORN_DATE_FIELD_NUMBER: _ClassVar[int]
    outfit_id: str
    worn_date: _date_pb2.Date
    def __init__(self, outfit_id: _Optional[str] = ..., worn_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class WearOutfitResponse(_message.Message):
    __slots__ = ("outfit", "wear_events")
    OUTFIT_FIELD_NUMBER: _ClassVar[int]
    WEAR_EVENTS_FIELD_NUMBER: _ClassVar[int]
    outfit: Outfit
    wear_events: _containers.RepeatedCompositeFieldContainer[WearEvent]
    def __init__(self, outfit: _Optional[_Union[Outfit, _Mapping]] = ..., wear_events: _Optional[_Iterable[_Union[WearEvent, _Mapping]]] = ...) -> None: ...

class Weather(_message.Message):
    __slots__ = ("temperature_celsius", "condition")
    TEMPERATURE_CELSIUS_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    temperature_celsius: float
    condition: WeatherCondition
    def __init__(self, temperature_celsius: _Optional[float] = ..., condition: _Optional[_Union[WeatherCondition, str]] = ...) -> None: ...

class SuggestOutfitsRequest(_message.Message):
    __slots__ = ("occasion", "season", "weather", "formality", "include_item_ids", "exclude_item_ids", "max_suggestions")
    OCCASION_FIELD_NUMBER: _ClassVar[int]
    SEASON_FIELD_NUMBER: _ClassVar[int]
    WEATHER_FIELD_NUMBER: _ClassVar[int]
    FORMALITY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    MAX_SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    occasion: str
    season: Season
    weather: Weather
    formality: Formality
    include_item_ids: _containers.RepeatedScalarFieldContainer[str]
    exclude_item_ids: _containers.RepeatedScalarFieldContainer[str]
    max_suggestions: int
    def __init__(self, occasion: _Optional[str] = ..., season: _Optional[_Union[Season, str]] = ..., weather: _Optional[_Union[Weather, _Mapping]] = ..., formality: _Optional[_Union[Formality, str]] = ..., include_item_ids: _Optional[_Iterable[str]] = ..., exclude_item_ids: _Optional[_Iterable[str]] = ..., max_suggestions: _Optional[int] = ...) -> None: ...

class OutfitSuggestion(_message.Message):
    __slots__ = ("item_ids", "name", "score", "reasons")
    ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    item_ids: _containers.RepeatedScalarFieldContainer[str]
    name: str
    score: float
    reasons: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, item_ids: _Optional[_Iterable[str]] = ..., name: _Optional[str] = ..., score: _Optional[float] = ..., reasons: _Optional[_Iterable[str]] = ...) -> None: ...

class SuggestOutfitsResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[OutfitSuggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[OutfitSuggestion, _Mapping]]] = ...) -> None: ...

class RecommendRequest(_message.Message):
    __slots__ = ("type", "limit")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    type: RecommendationType
    limit: int
    def __init__(self, type: _Optional[_Union[RecommendationType, str]] = ..., limit: _Optional[int] = ...) -> None: ...

class ItemToBuy(_message.Message):
    __slots__ = ("name", "description", "category", "color", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    category: _common_pb2.ClothingCategory
    color: str
    reason: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.ClothingCategory, str]] = ..., color: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("combination", "item")
    COMBINATION_FIELD_NUMBER: _ClassVar[int]
    ITEM_FIELD_NUMBER: _ClassVar[int]
    combination: OutfitSuggestion
    item: ItemToBuy
    def __init__(self, combination: _Optional[_Union[OutfitSuggestion, _Mapping]] = ..., item: _Optional[_Union[ItemToBuy, _Mapping]] = ...) -> None: ...

class RecommendResponse(_message.Message):
    __slots__ = ("recommendations",)
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[Recommendation]
    def __init__(self, recommendations: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ...) -> None: ...

class StyleShare(_message.Message):
    __slots__ = ("name", "share", "item_count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    ITEM_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    share: float
    item_count: int
    def __init__(self, name: _Optional[str] = ..., share: _Optional[float] = ..., item_count: _Optional[int] = ...) -> None: ...

class StyleDnaItem(_message.Message):
    __slots__ = ("item_id", "name", "wear_count")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    WEAR_COUNT_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    name: str
    wear_count: int
    def __init__(self, item_id: _Optional[str] = ..., name: _Optional[str] = ..., wear_count: _Optional[int] = ...) -> None: ...

class StyleDna(_message.Message):
    __slots__ = ("color_palette", "dominant_styles", "formality", "patterns", "categories", "most_worn", "least_worn", "seasonal_coverage", "summary", "item_count", "outfit_count", "wear_count", "version", "compute_time")
    COLOR_PALETTE_FIELD_NUMBER: _ClassVar[int]
    DOMINANT_STYLES_FIELD_NUMBER: _ClassVar[int]
    FORMALITY_FIELD_NUMBER: _ClassVar[int]
    PATTERNS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    MOST_WORN_FIELD_NUMBER: _ClassVar[int]
    LEAST_WORN_FIELD_NUMBER: _ClassVar[int]
    SEASONAL_COVERAGE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ITEM_COUNT_FIELD_NUMBER: _ClassVar[int]
    OUTFIT_COUNT_FIELD_NUMBER: _ClassVar[int]
    WEAR_COUNT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_TIME_FIELD_NUMBER: _ClassVar[int]
    color_palette: _containers.RepeatedCompositeFieldContainer[StyleShare]
    dominant_styles: _containers.RepeatedCompositeFieldContainer[StyleShare]
    formality: _containers.RepeatedCompositeFieldContainer[StyleShare]
    patterns: _containers.RepeatedCompositeFieldContainer[StyleShare]
    categories: _containers.RepeatedCompositeFieldContainer[StyleShare]
    most_worn: _containers.RepeatedCompositeFieldContainer[StyleDnaItem]
    least_worn: _containers.RepeatedCompositeFieldContainer[StyleDnaItem]
    seasonal_coverage: _containers.RepeatedCompositeFieldContainer[StyleShare]
    summary: str
    item_count: int
    outfit_count: int
    wear_count: int
    version: int
    compute_time: _timestamp_pb2.Timestamp
    def __init__(self, color_palette: _Optional[_Iterable[_Union[StyleShare, _Mapping]]] = ..., dominant_styles: _Optional[_Iterable[_Union[StyleShare, _Mapping]]] = ..., formality: _Optional[_Iterable[_Union[StyleShare, _Mapping]]] = ..., patterns: _Optional[_Iterable[_Union[StyleShare, _Mapping]]] = ..., categories: _Optional[_Iterable[_Union[StyleShare, _Mapping]]] = ..., most_worn: _Optional[_Iterable[_Union[StyleDnaItem, _Mapping]]] = ..., least_worn: _Optional[_Iterable[_Union[StyleDnaItem, _Mapping]]] = ..., seasonal_coverage: _Optional[_Iterable[_Union[StyleShare, _Mapping]]] = ..., summary: _Optional[str] = ..., item_count: _Optional[int] = ..., outfit_count: _Optional[int] = ..., wear_count: _Optional[int] = ..., version: _Optional[int] = ..., compute_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CalculateStyleDnaRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CalculateStyleDnaResponse(_message.Message):
    __slots__ = ("style_dna",)
    STYLE_DNA_FIELD_NUMBER: _ClassVar[int]
    style_dna: StyleDna
    def __init__(self, style_dna: _Optional[_Union[StyleDna, _Mapping]] = ...) -> None: ...

class GetStyleDnaRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetStyleDnaResponse(_message.Message):
    __slots__ = ("style_dna",)
    STYLE_DNA_FIELD_NUMBER: _ClassVar[int]
    style_dna: StyleDna
    def __init__(self, style_dna: _Optional[_Union[StyleDna, _Mapping]] = ...) -> None: ...

class ListChangesRequest(_message.Message):
    __slots__ = ("cursor", "page_size")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    page_size: int
    def __init__(self, cursor: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListChangesResponse(_message.Message):
    __slots__ = ("items", "outfits", "deleted_item_ids", "deleted_outfit_ids", "next_cursor", "has_more")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    OUTFITS_FIELD_NUMBER: _ClassVar[int]
    DELETED_ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    DELETED_OUTFIT_IDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ClothingItem]
    outfits: _containers.RepeatedCompositeFieldContainer[Outfit]
    deleted_item_ids: _containers.RepeatedScalarFieldContainer[str]
    deleted_outfit_ids: _containers.RepeatedScalarFieldContainer[str]
    next_cursor: str
    has_more: bool
    def __init__(self, items: _Optional[_Iterable[_Union[ClothingItem, _Mapping]]] = ..., outfits: _Optional[_Iterable[_Union[Outfit, _Mapping]]] = ..., deleted_item_ids: _Optional[_Iterable[str]] = ..., deleted_outfit_ids: _Optional[_Iterable[str]] = ..., next_cursor: _Optional[str] = ..., has_more: _Optional[bool] = ...) -> None: ...
