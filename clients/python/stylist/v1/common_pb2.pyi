import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Sex(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEX_UNSPECIFIED: _ClassVar[Sex]
    SEX_FEMALE: _ClassVar[Sex]
    SEX_MALE: _ClassVar[Sex]
    SEX_OTHER: _ClassVar[Sex]

class ActivityLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTIVITY_LEVEL_UNSPECIFIED: _ClassVar[ActivityLevel]
    ACTIVITY_LEVEL_SEDENTARY: _ClassVar[ActivityLevel]
    ACTIVITY_LEVEL_LIGHT: _ClassVar[ActivityLevel]
    ACTIVITY_LEVEL_MODERATE: _ClassVar[ActivityLevel]
    ACTIVITY_LEVEL_ACTIVE: _ClassVar[ActivityLevel]
    ACTIVITY_LEVEL_VERY_ACTIVE: _ClassVar[ActivityLevel]

class FitnessGoal(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FITNESS_GOAL_UNSPECIFIED: _ClassVar[FitnessGoal]
    FITNESS_GOAL_LOSE_WEIGHT: _ClassVar[FitnessGoal]
    FITNESS_GOAL_MAINTAIN: _ClassVar[FitnessGoal]
    FITNESS_GOAL_GAIN_MUSCLE: _ClassVar[FitnessGoal]
    FITNESS_GOAL_IMPROVE_ENDURANCE: _ClassVar[FitnessGoal]
    FITNESS_GOAL_GENERAL_HEALTH: _ClassVar[FitnessGoal]

class DietaryPreference(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIETARY_PREFERENCE_UNSPECIFIED: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_VEGETARIAN: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_VEGAN: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_PESCATARIAN: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_KETO: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_HALAL: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_KOSHER: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_GLUTEN_FREE: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_DAIRY_FREE: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_LOW_CARB: _ClassVar[DietaryPreference]
    DIETARY_PREFERENCE_MEDITERRANEAN: _ClassVar[DietaryPreference]

class ClothingCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLOTHING_CATEGORY_UNSPECIFIED: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_TOP: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_BOTTOM: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_DRESS: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_OUTERWEAR: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_SHOES: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_HEADWEAR: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_ACCESSORY: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_BAG: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_SWIMWEAR: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_SPORTSWEAR: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_UNDERWEAR: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_SLEEPWEAR: _ClassVar[ClothingCategory]
    CLOTHING_CATEGORY_OTHER: _ClassVar[ClothingCategory]

class ClothingPattern(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLOTHING_PATTERN_UNSPECIFIED: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_SOLID: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_STRIPED: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_CHECKED: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_FLORAL: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_POLKA_DOT: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_GRAPHIC: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_ANIMAL_PRINT: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_GEOMETRIC: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_CAMOUFLAGE: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_ABSTRACT: _ClassVar[ClothingPattern]
    CLOTHING_PATTERN_OTHER: _ClassVar[ClothingPattern]

class ColorFamily(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLOR_FAMILY_UNSPECIFIED: _ClassVar[ColorFamily]
    COLOR_FAMILY_BLACK: _ClassVar[ColorFamily]
    COLOR_FAMILY_WHITE: _ClassVar[ColorFamily]
    COLOR_FAMILY_GREY: _ClassVar[ColorFamily]
    COLOR_FAMILY_BEIGE: _ClassVar[ColorFamily]
    COLOR_FAMILY_BROWN: _ClassVar[ColorFamily]
    COLOR_FAMILY_RED: _ClassVar[ColorFamily]
    COLOR_FAMILY_PINK: _ClassVar[ColorFamily]
    COLOR_FAMILY_ORANGE: _ClassVar[ColorFamily]
    COLOR_FAMILY_YELLOW: _ClassVar[ColorFamily]
    COLOR_FAMILY_GREEN: _ClassVar[ColorFamily]
    COLOR_FAMILY_BLUE: _ClassVar[ColorFamily]
    COLOR_FAMILY_PURPLE: _ClassVar[ColorFamily]
SEX_UNSPECIFIED: Sex
SEX_FEMALE: Sex
SEX_MALE: Sex
SEX_OTHER: Sex
ACTIVITY_LEVEL_UNSPECIFIED: ActivityLevel
ACTIVITY_LEVEL_SEDENTARY: ActivityLevel
ACTIVITY_LEVEL_LIGHT: ActivityLevel
ACTIVITY_LEVEL_MODERATE: ActivityLevel
ACTIVITY_LEVEL_ACTIVE: ActivityLevel
ACTIVITY_LEVEL_VERY_ACTIVE: ActivityLevel
FITNESS_GOAL_UNSPECIFIED: FitnessGoal
FITNESS_GOAL_LOSE_WEIGHT: FitnessGoal
FITNESS_GOAL_MAINTAIN: FitnessGoal
FITNESS_GOAL_GAIN_MUSCLE: FitnessGoal
FITNESS_GOAL_IMPROVE_ENDURANCE: FitnessGoal
FITNESS_GOAL_GENERAL_HEALTH: FitnessGoal
DIETARY_PREFERENCE_UNSPECIFIED: DietaryPreference
DIETARY_PREFERENCE_VEGETARIAN: DietaryPreference
DIETARY_PREFERENCE_VEGAN: DietaryPreference
DIETARY_PREFERENCE_PESCATARIAN: DietaryPreference
DIETARY_PREFERENCE_KETO: DietaryPreference
DIETARY_PREFERENCE_HALAL: DietaryPreference
DIETARY_PREFERENCE_KOSHER: DietaryPreference
DIETARY_PREFERENCE_GLUTEN_FREE: DietaryPreference
DIETARY_PREFERENCE_DAIRY_FREE: DietaryPreference
DIETARY_PREFERENCE_LOW_CARB: DietaryPreference
DIETARY_PREFERENCE_MEDITERRANEAN: DietaryPreference
CLOTHING_CATEGORY_UNSPECIFIED: ClothingCategory
CLOTHING_CATEGORY_TOP: ClothingCategory
CLOTHING_CATEGORY_BOTTOM: ClothingCategory
CLOTHING_CATEGORY_DRESS: ClothingCategory
CLOTHING_CATEGORY_OUTERWEAR: ClothingCategory
CLOTHING_CATEGORY_SHOES: ClothingCategory
CLOTHING_CATEGORY_HEADWEAR: ClothingCategory
CLOTHING_CATEGORY_ACCESSORY: ClothingCategory
CLOTHING_CATEGORY_BAG: ClothingCategory
CLOTHING_CATEGORY_SWIMWEAR: ClothingCategory
CLOTHING_CATEGORY_SPORTSWEAR: ClothingCategory
CLOTHING_CATEGORY_UNDERWEAR: ClothingCategory
CLOTHING_CATEGORY_SLEEPWEAR: ClothingCategory
CLOTHING_CATEGORY_OTHER: ClothingCategory
CLOTHING_PATTERN_UNSPECIFIED: ClothingPattern
CLOTHING_PATTERN_SOLID: ClothingPattern
CLOTHING_PATTERN_STRIPED: ClothingPattern
CLOTHING_PATTERN_CHECKED: ClothingPattern
CLOTHING_PATTERN_FLORAL: ClothingPattern
CLOTHING_PATTERN_POLKA_DOT: ClothingPattern
CLOTHING_PATTERN_GRAPHIC: ClothingPattern
CLOTHING_PATTERN_ANIMAL_PRINT: ClothingPattern
CLOTHING_PATTERN_GEOMETRIC: ClothingPattern
CLOTHING_PATTERN_CAMOUFLAGE: ClothingPattern
CLOTHING_PATTERN_ABSTRACT: ClothingPattern
CLOTHING_PATTERN_OTHER: ClothingPattern
COLOR_FAMILY_UNSPECIFIED: ColorFamily
COLOR_FAMILY_BLACK: ColorFamily
COLOR_FAMILY_WHITE: ColorFamily
COLOR_FAMILY_GREY: ColorFamily
COLOR_FAMILY_BEIGE: ColorFamily
COLOR_FAMILY_BROWN: ColorFamily
COLOR_FAMILY_RED: ColorFamily
COLOR_FAMILY_PINK: ColorFamily
COLOR_FAMILY_ORANGE: ColorFamily
COLOR_FAMILY_YELLOW: ColorFamily
COLOR_FAMILY_GREEN: ColorFamily
COLOR_FAMILY_BLUE: ColorFamily
COLOR_FAMILY_PURPLE: ColorFamily

class ImageUploadMetadata(_message.Message):
    __slots__ = ("file_name", "declared_size_bytes")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    DECLARED_SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    declared_size_bytes: int
    def __init__(self, file_name: _Optional[str] = ..., declared_size_bytes: _Optional[int] = ...) -> None: ...

class ImageChunk(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class RgbColor(_message.Message):
    __slots__ = ("red", "green", "blue")
    RED_FIELD_NUMBER: _ClassVar[int]
    GREEN_FIELD_NUMBER: _ClassVar[int]
    BLUE_FIELD_NUMBER: _ClassVar[int]
    red: int
    green: int
    blue: int
    def __init__(self, red: _Optional[int] = ..., green: _Optional[int] = ..., blue: _Optional[int] = ...) -> None: ...

class LabelPrediction(_message.Message):
    __slots__ = ("label", "confidence", "low_confidence")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    LOW_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    label: str
    confidence: float
    low_confidence: bool
    def __init__(self, label: _Optional[str] = ..., confidence: _Optional[float] = ..., low_confidence: _Optional[bool] = ...) -> None: ...

class CategoryPrediction(_message.Message):
    __slots__ = ("category", "confidence", "low_confidence")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    LOW_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    category: ClothingCategory
    confidence: float
    low_confidence: bool
    def __init__(self, category: _Optional[_Union[ClothingCategory, str]] = ..., confidence: _Optional[float] = ..., low_confidence: _Optional[bool] = ...) -> None: ...

class PatternPrediction(_message.Message):
    __slots__ = ("pattern", "confidence", "low_confidence")
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    LOW_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    pattern: ClothingPattern
    confidence: float
    low_confidence: bool
    def __init__(self, pattern: _Optional[_Union[ClothingPattern, str]] = ..., confidence: _Optional[float] = ..., low_confidence: _Optional[bool] = ...) -> None: ...

class ColorPrediction(_message.Message):
    __slots__ = ("name", "hex", "rgb", "share", "confidence", "low_confidence", "family")
    NAME_FIELD_NUMBER: _ClassVar[int]
    HEX_FIELD_NUMBER: _ClassVar[int]
    RGB_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    LOW_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    FAMILY_FIELD_NUMBER: _ClassVar[int]
    name: str
    hex: str
    rgb: RgbColor
    share: float
    confidence: float
    low_confidence: bool
    family: ColorFamily
    def __init__(self, name: _Optional[str] = ..., hex: _Optional[str] = ..., rgb: _Optional[_Union[RgbColor, _Mapping]] = ..., share: _Optional[float] = ..., confidence: _Optional[float] = ..., low_confidence: _Optional[bool] = ..., family: _Optional[_Union[ColorFamily, str]] = ...) -> None: ...

class ClothingAnalysis(_message.Message):
    __slots__ = ("type", "category", "primary_color", "secondary_color", "colors", "pattern", "style", "model_version", "analyze_time")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_COLOR_FIELD_NUMBER: _ClassVar[int]
    SECONDARY_COLOR_FIELD_NUMBER: _ClassVar[int]
    COLORS_FIELD_NUMBER: _ClassVar[int]
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    STYLE_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    ANALYZE_TIME_FIELD_NUMBER: _ClassVar[int]
    type: LabelPrediction
    category: CategoryPrediction
    primary_color: ColorPrediction
    secondary_color: ColorPrediction
    colors: _containers.RepeatedCompositeFieldContainer[ColorPrediction]
    pattern: PatternPrediction
    style: LabelPrediction
    model_version: str
    analyze_time: _timestamp_pb2.Timestamp
    def __init__(self, type: _Optional[_Union[LabelPrediction, _Mapping]] = ..., category: _Optional[_Union[CategoryPrediction, _Mapping]] = ..., primary_color: _Optional[_Union[ColorPrediction, _Mapping]] = ..., secondary_color: _Optional[_Union[ColorPrediction, _Mapping]] = ..., colors: _Optional[_Iterable[_Union[ColorPrediction, _Mapping]]] = ..., pattern: _Optional[_Union[PatternPrediction, _Mapping]] = ..., style: _Optional[_Union[LabelPrediction, _Mapping]] = ..., model_version: _Optional[str] = ..., analyze_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
