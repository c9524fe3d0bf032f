#pragma once
// Registers PlanService with gRPC. Plans and progress belong to signed-in
// users (service keys are refused by the logic).

#include "plan/plan_service.h"
#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/plan.grpc.pb.h"

namespace stylist::rpc {

class PlanGrpc final : public v1::PlanService::CallbackService {
 public:
  PlanGrpc(Runtime& rt, plan::PlanService& plans) : rt_(rt), plans_(plans) {}

#define STYLIST_RPC(Method) STYLIST_UNARY_RPC(PlanService, Method, Access::kUser, plans_)
  STYLIST_RPC(GeneratePlan)
  STYLIST_RPC(GetPlan)
  STYLIST_RPC(ListPlans)
  STYLIST_RPC(DeletePlan)
  STYLIST_RPC(GetMealPlan)
  STYLIST_RPC(GetWorkoutPlan)
  STYLIST_RPC(LogProgress)
  STYLIST_RPC(ListProgressLogs)
  STYLIST_RPC(GetProgress)
#undef STYLIST_RPC

 private:
  Runtime& rt_;
  plan::PlanService& plans_;
};

}  // namespace stylist::rpc
