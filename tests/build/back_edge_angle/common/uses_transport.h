// Fixture (tests/build): an angled include of a layer above.
#pragma once

#include <rpc/runtime.h>
