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
  // `slow_rt` runs GeneratePlan, which may wait for the model to write the
  // plan's summary: on the chat pool, not the RPC workers.
  PlanGrpc(Runtime& rt, Runtime& slow_rt, plan::PlanService& plans) : rt_(rt), slow_rt_(slow_rt), plans_(plans) {}

  grpc::ServerUnaryReactor* GeneratePlan(grpc::CallbackServerContext* ctx, const v1::GeneratePlanRequest* req,
                                         v1::GeneratePlanResponse* resp) override {
    return Unary(slow_rt_, ctx, "/stylist.v1.PlanService/GeneratePlan", Access::kUser, req, resp,
                 [this](const CallContext& c, const v1::GeneratePlanRequest& q, v1::GeneratePlanResponse* r) {
                   plans_.GeneratePlan(c, q, r);
                 });
  }

#define STYLIST_RPC(Method) STYLIST_UNARY_RPC(PlanService, Method, Access::kUser, plans_)
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
  Runtime& slow_rt_;
  plan::PlanService& plans_;
};

}  // namespace stylist::rpc
