// Fixture (tests/build): a relative include of a layer above.
#pragma once

#include "../rpc/runtime.h"
