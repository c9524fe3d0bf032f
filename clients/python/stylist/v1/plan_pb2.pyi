import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Equipment(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EQUIPMENT_UNSPECIFIED: _ClassVar[Equipment]
    EQUIPMENT_BODYWEIGHT: _ClassVar[Equipment]
    EQUIPMENT_DUMBBELLS: _ClassVar[Equipment]
    EQUIPMENT_BARBELL: _ClassVar[Equipment]
    EQUIPMENT_KETTLEBELL: _ClassVar[Equipment]
    EQUIPMENT_RESISTANCE_BANDS: _ClassVar[Equipment]
    EQUIPMENT_PULL_UP_BAR: _ClassVar[Equipment]
    EQUIPMENT_BENCH: _ClassVar[Equipment]
    EQUIPMENT_CABLE_MACHINE: _ClassVar[Equipment]
    EQUIPMENT_CARDIO_MACHINE: _ClassVar[Equipment]
    EQUIPMENT_JUMP_ROPE: _ClassVar[Equipment]
    EQUIPMENT_YOGA_MAT: _ClassVar[Equipment]

class MuscleGroup(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MUSCLE_GROUP_UNSPECIFIED: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_CHEST: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_BACK: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_SHOULDERS: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_BICEPS: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_TRICEPS: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_CORE: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_GLUTES: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_QUADRICEPS: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_HAMSTRINGS: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_CALVES: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_FULL_BODY: _ClassVar[MuscleGroup]
    MUSCLE_GROUP_CARDIO: _ClassVar[MuscleGroup]
EQUIPMENT_UNSPECIFIED: Equipment
EQUIPMENT_BODYWEIGHT: Equipment
EQUIPMENT_DUMBBELLS: Equipment
EQUIPMENT_BARBELL: Equipment
EQUIPMENT_KETTLEBELL: Equipment
EQUIPMENT_RESISTANCE_BANDS: Equipment
EQUIPMENT_PULL_UP_BAR: Equipment
EQUIPMENT_BENCH: Equipment
EQUIPMENT_CABLE_MACHINE: Equipment
EQUIPMENT_CARDIO_MACHINE: Equipment
EQUIPMENT_JUMP_ROPE: Equipment
EQUIPMENT_YOGA_MAT: Equipment
MUSCLE_GROUP_UNSPECIFIED: MuscleGroup
MUSCLE_GROUP_CHEST: MuscleGroup
MUSCLE_GROUP_BACK: MuscleGroup
MUSCLE_GROUP_SHOULDERS: MuscleGroup
MUSCLE_GROUP_BICEPS: MuscleGroup
MUSCLE_GROUP_TRICEPS: MuscleGroup
MUSCLE_GROUP_CORE: MuscleGroup
MUSCLE_GROUP_GLUTES: MuscleGroup
MUSCLE_GROUP_QUADRICEPS: MuscleGroup
MUSCLE_GROUP_HAMSTRINGS: MuscleGroup
MUSCLE_GROUP_CALVES: MuscleGroup
MUSCLE_GROUP_FULL_BODY: MuscleGroup
MUSCLE_GROUP_CARDIO: MuscleGroup

class PlanOptions(_message.Message):
    __slots__ = ("training_days_per_week", "minutes_per_session", "available_equipment", "target_weight_kg", "weekly_rate_kg", "replace_existing")
    TRAINING_DAYS_PER_WEEK_FIELD_NUMBER: _ClassVar[int]
    MINUTES_PER_SESSION_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_EQUIPMENT_FIELD_NUMBER: _ClassVar[int]
    TARGET_WEIGHT_KG_FIELD_NUMBER: _ClassVar[int]
    WEEKLY_RATE_KG_FIELD_NUMBER: _ClassVar[int]
    REPLACE_EXISTING_FIELD_NUMBER: _ClassVar[int]
    training_days_per_week: int
    minutes_per_session: int
    available_equipment: _containers.RepeatedScalarFieldContainer[Equipment]
    target_weight_kg: float
    weekly_rate_kg: float
    replace_existing: bool
    def __init__(self, training_days_per_week: _Optional[int] = ..., minutes_per_session: _Optional[int] = ..., available_equipment: _Optional[_Iterable[_Union[Equipment, str]]] = ..., target_weight_kg: _Optional[float] = ..., weekly_rate_kg: _Optional[float] = ..., replace_existing: _Optional[bool] = ...) -> None: ...

class Nutrition(_message.Message):
    __slots__ = ("energy_kcal", "protein_g", "fat_g", "carbs_g")
    ENERGY_KCAL_FIELD_NUMBER: _ClassVar[int]
    PROTEIN_G_FIELD_NUMBER: _ClassVar[int]
    FAT_G_FIELD_NUMBER: _ClassVar[int]
    CARBS_G_FIELD_NUMBER: _ClassVar[int]
    energy_kcal: float
    protein_g: float
    fat_g: float
    carbs_g: float
    def __init__(self, energy_kcal: _Optional[float] = ..., protein_g: _Optional[float] = ..., fat_g: _Optional[float] = ..., carbs_g: _Optional[float] = ...) -> None: ...

class NutritionTargets(_message.Message):
    __slots__ = ("daily", "bmr_kcal", "tdee_kcal", "weekly_rate_kg")
    DAILY_FIELD_NUMBER: _ClassVar[int]
    BMR_KCAL_FIELD_NUMBER: _ClassVar[int]
    TDEE_KCAL_FIELD_NUMBER: _ClassVar[int]
    WEEKLY_RATE_KG_FIELD_NUMBER: _ClassVar[int]
    daily: Nutrition
    bmr_kcal: float
    tdee_kcal: float
    weekly_rate_kg: float
    def __init__(self, daily: _Optional[_Union[Nutrition, _Mapping]] = ..., bmr_kcal: _Optional[float] = ..., tdee_kcal: _Optional[float] = ..., weekly_rate_kg: _Optional[float] = ...) -> None: ...

class FoodItem(_message.Message):
    __slots__ = ("name", "quantity", "unit", "nutrition")
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    NUTRITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    quantity: float
    unit: str
    nutrition: Nutrition
    def __init__(self, name: _Optional[str] = ..., quantity: _Optional[float] = ..., unit: _Optional[str] = ..., nutrition: _Optional[_Union[Nutrition, _Mapping]] = ...) -> None: ...

class Meal(_message.Message):
    __slots__ = ("name", "items", "nutrition")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NUTRITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    items: _containers.RepeatedCompositeFieldContainer[FoodItem]
    nutrition: Nutrition
    def __init__(self, name: _Optional[str] = ..., items: _Optional[_Iterable[_Union[FoodItem, _Mapping]]] = ..., nutrition: _Optional[_Union[Nutrition, _Mapping]] = ...) -> None: ...

class MealPlanDay(_message.Message):
    __slots__ = ("date", "breakfast", "lunch", "dinner", "snacks", "total")
    DATE_FIELD_NUMBER: _ClassVar[int]
    BREAKFAST_FIELD_NUMBER: _ClassVar[int]
    LUNCH_FIELD_NUMBER: _ClassVar[int]
    DINNER_FIELD_NUMBER: _ClassVar[int]
    SNACKS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    breakfast: Meal
    lunch: Meal
    dinner: Meal
    snacks: Meal
    total: Nutrition
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., breakfast: _Optional[_Union[Meal, _Mapping]] = ..., lunch: _Optional[_Union[Meal, _Mapping]] = ..., dinner: _Optional[_Union[Meal, _Mapping]] = ..., snacks: _Optional[_Union[Meal, _Mapping]] = ..., total: _Optional[_Union[Nutrition, _Mapping]] = ...) -> None: ...

class Exercise(_message.Message):
    __slots__ = ("name", "muscle_groups", "equipment", "sets", "reps", "duration", "rest", "notes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MUSCLE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    EQUIPMENT_FIELD_NUMBER: _ClassVar[int]
    SETS_FIELD_NUMBER: _ClassVar[int]
    REPS_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    REST_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    muscle_groups: _containers.RepeatedScalarFieldContainer[MuscleGroup]
    equipment: _containers.RepeatedScalarFieldContainer[Equipment]
    sets: int
    reps: int
    duration: _duration_pb2.Duration
    rest: _duration_pb2.Duration
    notes: str
    def __init__(self, name: _Optional[str] = ..., muscle_groups: _Optional[_Iterable[_Union[MuscleGroup, str]]] = ..., equipment: _Optional[_Iterable[_Union[Equipment, str]]] = ..., sets: _Optional[int] = ..., reps: _Optional[int] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., rest: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., notes: _Optional[str] = ...) -> None: ...

class WorkoutSession(_message.Message):
    __slots__ = ("name", "exercises", "estimated_duration", "estimated_energy_kcal")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXERCISES_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_DURATION_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_ENERGY_KCAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    exercises: _containers.RepeatedCompositeFieldContainer[Exercise]
    estimated_duration: _duration_pb2.Duration
    estimated_energy_kcal: float
    def __init__(self, name: _Optional[str] = ..., exercises: _Optional[_Iterable[_Union[Exercise, _Mapping]]] = ..., estimated_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., estimated_energy_kcal: _Optional[float] = ...) -> None: ...

class WorkoutPlanDay(_message.Message):
    __slots__ = ("date", "rest_day", "sessions")
    DATE_FIELD_NUMBER: _ClassVar[int]
    REST_DAY_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    rest_day: bool
    sessions: _containers.RepeatedCompositeFieldContainer[WorkoutSession]
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., rest_day: _Optional[bool] = ..., sessions: _Optional[_Iterable[_Union[WorkoutSession, _Mapping]]] = ...) -> None: ...

class Plan(_message.Message):
    __slots__ = ("plan_id", "start_date", "end_date", "options", "targets", "meal_days", "workout_days", "create_time", "notes", "summary", "summary_by_model")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    MEAL_DAYS_FIELD_NUMBER: _ClassVar[int]
    WORKOUT_DAYS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_BY_MODEL_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    options: PlanOptions
    targets: NutritionTargets
    meal_days: _containers.RepeatedCompositeFieldContainer[MealPlanDay]
    workout_days: _containers.RepeatedCompositeFieldContainer[WorkoutPlanDay]
    create_time: _timestamp_pb2.Timestamp
    notes: _containers.RepeatedScalarFieldContainer[str]
    summary: str
    summary_by_model: bool
    def __init__(self, plan_id: _Optional[str] = ..., start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., options: _Optional[_Union[PlanOptions, _Mapping]] = ..., targets: _Optional[_Union[NutritionTargets, _Mapping]] = ..., meal_days: _Optional[_Iterable[_Union[MealPlanDay, _Mapping]]] = ..., workout_days: _Optional[_Iterable[_Union[WorkoutPlanDay, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[_Iterable[str]] = ..., summary: _Optional[str] = ..., summary_by_model: _Optional[bool] = ...) -> None: ...

class GeneratePlanRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "options")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    options: PlanOptions
    def __init__(self, start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., options: _Optional[_Union[PlanOptions, _Mapping]] = ...) -> None: ...

class GeneratePlanResponse(_message.Message):
    __slots__ = ("plan",)
    PLAN_FIELD_NUMBER: _ClassVar[int]
    plan: Plan
    def __init__(self, plan: _Optional[_Union[Plan, _Mapping]] = ...) -> None: ...

class GetPlanRequest(_message.Message):
    __slots__ = ("plan_id",)
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    def __init__(self, plan_id: _Optional[str] = ...) -> None: ...

class GetPlanResponse(_message.Message):
    __slots__ = ("plan",)
    PLAN_FIELD_NUMBER: _ClassVar[int]
    plan: Plan
    def __init__(self, plan: _Optional[_Union[Plan, _Mapping]] = ...) -> None: ...

class ListPlansRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "include_days")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DAYS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    include_days: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_days: _Optional[bool] = ...) -> None: ...

class ListPlansResponse(_message.Message):
    __slots__ = ("plans", "next_page_token")
    PLANS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    plans: _containers.RepeatedCompositeFieldContainer[Plan]
    next_page_token: str
    def __init__(self, plans: _Optional[_Iterable[_Union[Plan, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeletePlanRequest(_message.Message):
    __slots__ = ("plan_id",)
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    def __init__(self, plan_id: _Optional[str] = ...) -> None: ...

class DeletePlanResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMealPlanRequest(_message.Message):
    __slots__ = ("date",)
    DATE_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class GetMealPlanResponse(_message.Message):
    __slots__ = ("plan_id", "day", "targets")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    day: MealPlanDay
    targets: NutritionTargets
    def __init__(self, plan_id: _Optional[str] = ..., day: _Optional[_Union[MealPlanDay, _Mapping]] = ..., targets: _Optional[_Union[NutritionTargets, _Mapping]] = ...) -> None: ...

class GetWorkoutPlanRequest(_message.Message):
    __slots__ = ("date",)
    DATE_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class GetWorkoutPlanResponse(_message.Message):
    __slots__ = ("plan_id", "day")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    day: WorkoutPlanDay
    def __init__(self, plan_id: _Optional[str] = ..., day: _Optional[_Union[WorkoutPlanDay, _Mapping]] = ...) -> None: ...

class ProgressLog(_message.Message):
    __slots__ = ("date", "weight_kg", "calories_consumed_kcal", "workouts_completed", "notes", "update_time")
    DATE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_KG_FIELD_NUMBER: _ClassVar[int]
    CALORIES_CONSUMED_KCAL_FIELD_NUMBER: _ClassVar[int]
    WORKOUTS_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    weight_kg: float
    calories_consumed_kcal: float
    workouts_completed: int
    notes: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., weight_kg: _Optional[float] = ..., calories_consumed_kcal: _Optional[float] = ..., workouts_completed: _Optional[int] = ..., notes: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LogProgressRequest(_message.Message):
    __slots__ = ("date", "weight_kg", "calories_consumed_kcal", "workouts_completed", "notes")
    DATE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_KG_FIELD_NUMBER: _ClassVar[int]
    CALORIES_CONSUMED_KCAL_FIELD_NUMBER: _ClassVar[int]
    WORKOUTS_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    weight_kg: float
    calories_consumed_kcal: float
    workouts_completed: int
    notes: str
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., weight_kg: _Optional[float] = ..., calories_consumed_kcal: _Optional[float] = ..., workouts_completed: _Optional[int] = ..., notes: _Optional[str] = ...) -> None: ...

class LogProgressResponse(_message.Message):
    __slots__ = ("progress_log",)
    PROGRESS_LOG_FIELD_NUMBER: _ClassVar[int]
    progress_log: ProgressLog
    def __init__(self, progress_log: _Optional[_Union[ProgressLog, _Mapping]] = ...) -> None: ...

class ListProgressLogsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "start_date", "end_date")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class ListProgressLogsResponse(_message.Message):
    __slots__ = ("progress_logs", "next_page_token")
    PROGRESS_LOGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    progress_logs: _containers.RepeatedCompositeFieldContainer[ProgressLog]
    next_page_token: str
    def __init__(self, progress_logs: _Optional[_Iterable[_Union[ProgressLog, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetProgressRequest(_message.Message):
    __slots__ = ("start_date", "end_date")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    def __init__(self, start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class ProgressPoint(_message.Message):
    __slots__ = ("date", "weight_kg", "calories_consumed_kcal", "workouts_completed", "workouts_planned", "calorie_target_kcal")
    DATE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_KG_FIELD_NUMBER: _ClassVar[int]
    CALORIES_CONSUMED_KCAL_FIELD_NUMBER: _ClassVar[int]
    WORKOUTS_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    WORKOUTS_PLANNED_FIELD_NUMBER: _ClassVar[int]
    CALORIE_TARGET_KCAL_FIELD_NUMBER: _ClassVar[int]
    date: _date_pb2.Date
    weight_kg: float
    calories_consumed_kcal: float
    workouts_completed: int
    workouts_planned: int
    calorie_target_kcal: float
    def __init__(self, date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., weight_kg: _Optional[float] = ..., calories_consumed_kcal: _Optional[float] = ..., workouts_completed: _Optional[int] = ..., workouts_planned: _Optional[int] = ..., calorie_target_kcal: _Optional[float] = ...) -> None: ...

class ProgressTrend(_message.Message):
    __slots__ = ("weekly_weight_change_kg", "total_weight_change_kg", "workout_adherence", "calorie_adherence", "days_logged")
    WEEKLY_WEIGHT_CHANGE_KG_FIELD_NUMBER: _ClassVar[int]
    TOTAL_WEIGHT_CHANGE_KG_FIELD_NUMBER: _ClassVar[int]
    WORKOUT_ADHERENCE_FIELD_NUMBER: _ClassVar[int]
    CALORIE_ADHERENCE_FIELD_NUMBER: _ClassVar[int]
    DAYS_LOGGED_FIELD_NUMBER: _ClassVar[int]
    weekly_weight_change_kg: float
    total_weight_change_kg: float
    workout_adherence: float
    calorie_adherence: float
    days_logged: int
    def __init__(self, weekly_weight_change_kg: _Optional[float] = ..., total_weight_change_kg: _Optional[float] = ..., workout_adherence: _Optional[float] = ..., calorie_adherence: _Optional[float] = ..., days_logged: _Optional[int] = ...) -> None: ...

class GetProgressResponse(_message.Message):
    __slots__ = ("series", "trend")
    SERIES_FIELD_NUMBER: _ClassVar[int]
    TREND_FIELD_NUMBER: _ClassVar[int]
    series: _containers.RepeatedCompositeFieldContainer[ProgressPoint]
    trend: ProgressTrend
    def __init__(self, series: _Optional[_Iterable[_Union[ProgressPoint, _Mapping]]] = ..., trend: _Optional[_Union[ProgressTrend, _Mapping]] = ...) -> None: ...
