// A fixture for the layer check (tests/build): a common/ header that
// includes the rpc layer, which sits above it. The check must refuse it.
#pragma once

#include "common/text.h"
#include "rpc/runtime.h"
