#pragma once
// Registers SwapMarketService with gRPC. Listings belong to signed-in
// users (service keys are refused).

#include "rpc/runtime.h"
#include "rpc/unary_call.h"
#include "stylist/v1/swap.grpc.pb.h"
#include "swap/listing_service.h"

namespace stylist::rpc {

class SwapGrpc final : public v1::SwapMarketService::CallbackService {
 public:
  SwapGrpc(Runtime& rt, swap::ListingService& listings) : rt_(rt), listings_(listings) {}

#define STYLIST_RPC(Method) STYLIST_UNARY_RPC(SwapMarketService, Method, Access::kUser, listings_)
  STYLIST_RPC(CreateListing)
  STYLIST_RPC(GetListing)
  STYLIST_RPC(ListListings)
  STYLIST_RPC(UpdateListing)
  STYLIST_RPC(WithdrawListing)
  STYLIST_RPC(CheckListing)
#undef STYLIST_RPC

 private:
  Runtime& rt_;
  swap::ListingService& listings_;
};

}  // namespace stylist::rpc
