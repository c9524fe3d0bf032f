import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from stylist.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListingCondition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LISTING_CONDITION_UNSPECIFIED: _ClassVar[ListingCondition]
    LISTING_CONDITION_NEW_WITH_TAGS: _ClassVar[ListingCondition]
    LISTING_CONDITION_LIKE_NEW: _ClassVar[ListingCondition]
    LISTING_CONDITION_GOOD: _ClassVar[ListingCondition]
    LISTING_CONDITION_FAIR: _ClassVar[ListingCondition]

class ListingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LISTING_STATUS_UNSPECIFIED: _ClassVar[ListingStatus]
    LISTING_STATUS_ACTIVE: _ClassVar[ListingStatus]
    LISTING_STATUS_WITHDRAWN: _ClassVar[ListingStatus]
LISTING_CONDITION_UNSPECIFIED: ListingCondition
LISTING_CONDITION_NEW_WITH_TAGS: ListingCondition
LISTING_CONDITION_LIKE_NEW: ListingCondition
LISTING_CONDITION_GOOD: ListingCondition
LISTING_CONDITION_FAIR: ListingCondition
LISTING_STATUS_UNSPECIFIED: ListingStatus
LISTING_STATUS_ACTIVE: ListingStatus
LISTING_STATUS_WITHDRAWN: ListingStatus

class Listing(_message.Message):
    __slots__ = ("listing_id", "clothing_item_id", "title", "description", "price", "size", "condition", "status", "category", "tags", "mine", "create_time", "update_time")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    CLOTHING_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    clothing_item_id: str
    title: str
    description: str
    price: _money_pb2.Money
    size: str
    condition: ListingCondition
    status: ListingStatus
    category: _common_pb2.ClothingCategory
    tags: _containers.RepeatedScalarFieldContainer[str]
    mine: bool
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, listing_id: _Optional[str] = ..., clothing_item_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., size: _Optional[str] = ..., condition: _Optional[_Union[ListingCondition, str]] = ..., status: _Optional[_Union[ListingStatus, str]] = ..., category: _Optional[_Union[_common_pb2.ClothingCategory, str]] = ..., tags: _Optional[_Iterable[str]] = ..., mine: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateListingRequest(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class CreateListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class GetListingRequest(_message.Message):
    __slots__ = ("listing_id",)
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    def __init__(self, listing_id: _Optional[str] = ...) -> None: ...

class GetListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class ListListingsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category", "size", "min_price", "max_price", "mine")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    MIN_PRICE_FIELD_NUMBER: _ClassVar[int]
    MAX_PRICE_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category: _common_pb2.ClothingCategory
    size: str
    min_price: _money_pb2.Money
    max_price: _money_pb2.Money
    mine: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category: _Optional[_Union[_common_pb2.ClothingCategory, str]] = ..., size: _Optional[str] = ..., min_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., max_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., mine: _Optional[bool] = ...) -> None: ...

class ListListingsResponse(_message.Message):
    __slots__ = ("listings", "next_page_token")
    LISTINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    listings: _containers.RepeatedCompositeFieldContainer[Listing]
    next_page_token: str
    def __init__(self, listings: _Optional[_Iterable[_Union[Listing, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateListingRequest(_message.Message):
    __slots__ = ("listing", "update_mask")
    LISTING_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class WithdrawListingRequest(_message.Message):
    __slots__ = ("listing_id",)
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    def __init__(self, listing_id: _Optional[str] = ...) -> None: ...

class WithdrawListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class CheckListingRequest(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class CheckListingResponse(_message.Message):
    __slots__ = ("valid", "errors", "message", "suggested_tags")
    VALID_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_TAGS_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    errors: _containers.RepeatedScalarFieldContainer[str]
    message: str
    suggested_tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, valid: _Optional[bool] = ..., errors: _Optional[_Iterable[str]] = ..., message: _Optional[str] = ..., suggested_tags: _Optional[_Iterable[str]] = ...) -> None: ...
